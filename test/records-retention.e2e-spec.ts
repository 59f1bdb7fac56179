import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { decidedAssessment, decisionWhen } from './support/decisions';
import { bearer, createUserAndLogin, type Session } from './support/identity';
import { createReviewers, type Reviewers } from './support/reviewers';
import { bootTestApp } from './support/test-app';

describe('retention, legal holds and disposition', () => {
  let app: INestApplication;
  let people: Reviewers;
  let records: Session;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await bootTestApp();
    people = await createReviewers(app);
    records = (await createUserAndLogin(app, [Role.RecordsOfficer])).session;
  });
  afterAll(() => app.close());

  /** A decided assessment whose retention period has run out (its date moved back, as time would). */
  const expired = async () => {
    const a = await decidedAssessment(app, people);
    const decision = await decisionWhen(app, records, a.id);
    await app
      .get(DataSource)
      .query(`UPDATE decisions SET disposition_date = '2020-01-01' WHERE id = $1`, [decision.id]);
    return { assessmentId: a.id, decisionId: decision.id };
  };
  const due = async () =>
    (
      await http().get('/records/due-for-disposition').query({ pageSize: '200' }).set(bearer(records)).expect(200)
    ).body.items.map((i: { decisionId: string }) => i.decisionId);

  it('gives each decision a retention class and a disposition date, and refuses to dispose before it', async () => {
    const a = await decidedAssessment(app, people);
    const decision = await decisionWhen(app, records, a.id);
    const early = await http()
      .post(`/records/decisions/${decision.id}/disposition`)
      .set(bearer(records))
      .send({ reason: 'tidying' })
      .expect(409);
    expect(early.body).toMatchObject({
      type: 'urn:privacy-review:problem:not-due-for-disposition',
      dispositionDate: expect.stringMatching(/^20\d\d-\d\d-\d\d$/),
    });
    expect(await due()).not.toContain(decision.id);
  });

  it('lists what is due; a legal hold takes it off the list and blocks disposition until released', async () => {
    const { assessmentId, decisionId } = await expired();
    expect(await due()).toContain(decisionId);
    const held = await http()
      .post(`/records/decisions/${decisionId}/legal-hold`)
      .set(bearer(records))
      .send({ reason: 'PRR-2026-118 pending' })
      .expect(200);
    expect(held.body).toMatchObject({ legalHoldReason: 'PRR-2026-118 pending', legalHoldSince: expect.any(String) });
    expect(await due()).not.toContain(decisionId);
    const blocked = await http()
      .post(`/records/decisions/${decisionId}/disposition`)
      .set(bearer(records))
      .send({ reason: 'schedule' })
      .expect(409);
    expect(blocked.body.type).toBe('urn:privacy-review:problem:legal-hold');
    await http()
      .post(`/records/decisions/${decisionId}/legal-hold/release`)
      .set(bearer(records))
      .send({ reason: 'PRR-2026-118 closed' })
      .expect(200);
    expect(await due()).toContain(decisionId);
    const again = await http()
      .post(`/records/decisions/${decisionId}/legal-hold/release`)
      .set(bearer(records))
      .send({ reason: 'twice' })
      .expect(409);
    expect(again.body.type).toBe('urn:privacy-review:problem:no-legal-hold');
    const events = (await http().get(`/assessments/${assessmentId}/events`).set(bearer(records)).expect(200)).body;
    expect(events.filter((e: { type: string }) => e.type === 'LEGAL_HOLD_RELEASED')).toHaveLength(1);

    const { total } = (
      await http().get('/records/due-for-disposition').query({ pageSize: '200' }).set(bearer(records)).expect(200)
    ).body;
    const beyond = (
      await http().get('/records/due-for-disposition').query({ page: '1000' }).set(bearer(records)).expect(200)
    ).body;
    expect(beyond).toMatchObject({ items: [], total, page: 1000 });
    expect(total).toBeGreaterThan(0);
  });

  it('destroys the documents as an audited event, never silently', async () => {
    const { assessmentId, decisionId } = await expired();
    const before = (await http().get(`/decisions/${decisionId}`).set(bearer(records)).expect(200)).body.documents[0];
    await http()
      .post(`/records/decisions/${decisionId}/disposition`)
      .set(bearer(records))
      .send({ reason: 'Retention schedule GS 50-01-12' })
      .expect(200);
    await http().get(`/decisions/${decisionId}/document.pdf`).set(bearer(records)).expect(410);
    const events = (await http().get(`/assessments/${assessmentId}/events`).set(bearer(records)).expect(200)).body;
    expect(events[events.length - 1]).toMatchObject({
      type: 'DISPOSED',
      actor: { id: expect.any(String) },
      payload: {
        decisionId,
        reason: 'Retention schedule GS 50-01-12',
        documents: [{ version: 1, pdfSha256: before.pdfSha256, htmlSha256: before.htmlSha256 }],
      },
    });
    expect(
      (await http().get(`/assessments/${assessmentId}/events/verify`).set(bearer(records)).expect(200)).body.ok,
    ).toBe(true);
    await http()
      .post(`/records/decisions/${decisionId}/disposition`)
      .set(bearer(records))
      .send({ reason: 'again' })
      .expect(409);
    await http()
      .post(`/decisions/${decisionId}/corrections`)
      .set(bearer(people.officer))
      .send({ reason: 'too late' })
      .expect(410);
    expect(await due()).not.toContain(decisionId);
    // Outside a disposition the documents stay immutable.
    const other = await app
      .get(DataSource)
      .query('SELECT decision_id FROM decision_documents WHERE decision_id <> $1 LIMIT 1', [decisionId]);
    await expect(
      app.get(DataSource).query('DELETE FROM decision_documents WHERE decision_id = $1', [other[0].decision_id]),
    ).rejects.toThrow(/immutable/);
  });

  it("is the records team's: others are refused, and reasons are required", async () => {
    const { decisionId } = await expired();
    await http()
      .post(`/records/decisions/${decisionId}/legal-hold`)
      .set(bearer(people.officer))
      .send({ reason: 'x' })
      .expect(403);
    const bad = await http()
      .post(`/records/decisions/${decisionId}/legal-hold`)
      .set(bearer(records))
      .send({})
      .expect(400);
    expect(bad.body.errors).toEqual([{ pointer: '/reason', detail: expect.any(String) }]);
    await http()
      .post('/records/decisions/00000000-0000-4000-8000-000000000000/legal-hold')
      .set(bearer(records))
      .send({ reason: 'x' })
      .expect(404);
  });
});
