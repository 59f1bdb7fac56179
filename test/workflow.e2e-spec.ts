import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { LegalClearers1796026210000 } from '../migrations/1796026210000-legal-clearers';
import { createAssessment, sendEvent, submittedAssessment, treatRisks } from './support/assessments';
import { bearer, createUserAndLogin, type Session } from './support/identity';
import { createReviewers } from './support/reviewers';
import { bootTestApp } from './support/test-app';

describe('the workflow', () => {
  let app: INestApplication;
  let db: DataSource;
  let owner: Session;
  let officer: Session;
  let officerId: string;
  let counsel: Session;
  let counselId: string;
  let approver: Session;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await bootTestApp();
    db = app.get(DataSource);
    const people = await createReviewers(app);
    ({ owner, officer, counsel, approver } = people);
    officerId = people.users.officer.id;
    counselId = people.users.counsel.id;
  });
  afterAll(() => app.close());

  it('runs an assessment through the whole lifecycle and keeps a verifiable chain of every step', async () => {
    const a = await submittedAssessment(app, owner);
    expect(a.state).toBe('screening');
    // Risks are scored but not yet treated, so completing the risk stage is not offered yet.
    expect(await sendEvent(app, officer, a.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' })).toMatchObject({
      state: 'risk_assessment',
      allowedEvents: ['REQUEST_CHANGES', 'ASSIGN'],
    });
    await treatRisks(app, officer, a.id);
    await sendEvent(app, officer, a.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    await sendEvent(app, counsel, a.id, { type: 'LEGAL_CLEAR', findings: 'Public records: disclosable.' });
    const approved = await sendEvent(app, approver, a.id, { type: 'APPROVE' });
    expect(approved).toEqual({ state: 'approved', version: expect.any(Number), allowedEvents: [] });

    const history = await http().get(`/assessments/${a.id}/events`).set(bearer(owner)).expect(200);
    expect(
      history.body.map(
        (e: { seq: number; type: string; from: string; to: string }) => `${e.seq} ${e.type} ${e.from}→${e.to}`,
      ),
    ).toEqual([
      '1 CREATED null→draft',
      '2 SUBMIT draft→screening',
      '3 CONFIRM_SCREENING screening→risk_assessment',
      '4 COMPLETE_RISK_ASSESSMENT risk_assessment→legal_review',
      '5 LEGAL_CLEAR legal_review→approval',
      '6 APPROVE approval→approved',
    ]);
    expect(history.body[2]).toMatchObject({
      actor: { id: officerId },
      payload: { outcome: 'pia' },
      machineVersion: 'v1',
    });
    expect(history.body[4].prevHash).toBe(history.body[3].hash);
    expect((await http().get(`/assessments/${a.id}/events/verify`).set(bearer(owner)).expect(200)).body).toEqual({
      ok: true,
      length: 6,
      lastHash: history.body[5].hash,
    });

    const [row] = await db.query(
      'SELECT state, screening IS NOT NULL AS screened, stage_deadline_at FROM assessments WHERE id = $1',
      [a.id],
    );
    expect(row).toEqual({ state: 'approved', screened: true, stage_deadline_at: null });
    const outbox = await db.query('SELECT action, params FROM outbox WHERE assessment_id = $1 ORDER BY id', [a.id]);
    expect(outbox).toEqual(
      expect.arrayContaining([
        { action: 'notify', params: { to: 'privacy_officer', reason: 'submitted' } },
        { action: 'renderDecision', params: { outcome: 'approved' } },
      ]),
    );
  });

  it('answers 409 with the allowed events when an event does not fit the stage, and 403 when the role cannot send it', async () => {
    const a = await submittedAssessment(app, owner);
    const early = await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(officer))
      .send({ type: 'COMPLETE_RISK_ASSESSMENT' })
      .expect(409);
    expect(early.body).toMatchObject({
      type: 'urn:privacy-review:problem:event-not-allowed',
      state: 'screening',
      allowedEvents: ['CONFIRM_SCREENING', 'REQUEST_CHANGES', 'ASSIGN'],
    });
    const notMine = await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(owner))
      .send({ type: 'APPROVE', password: owner.password })
      .expect(403);
    expect(notMine.body.type).toBe('urn:privacy-review:problem:event-not-permitted');
  });

  it('refuses an unknown event type, engine-only events, and bad payloads with 400, changing nothing', async () => {
    const a = await submittedAssessment(app, owner);
    const unknown = await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(officer))
      .send({ type: 'TELEPORT' })
      .expect(400);
    expect(unknown.body.errors).toEqual([
      { pointer: '/type', detail: expect.stringContaining('type must be one of: SUBMIT') },
    ]);
    const engine = await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(officer))
      .send({ type: 'DEADLINE_PASSED' })
      .expect(400);
    expect(engine.body.errors).toEqual([
      { pointer: '/type', detail: 'type DEADLINE_PASSED is sent only by the engine' },
    ]);
    const payload = await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(officer))
      .send({ type: 'CONFIRM_SCREENING', outcome: 'maybe', extra: 1 })
      .expect(400);
    expect(payload.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/outcome' }),
        { pointer: '/extra', detail: 'property extra should not exist' },
      ]),
    );
    const noReason = await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(officer))
      .send({ type: 'REQUEST_CHANGES' })
      .expect(400);
    expect(noReason.body.errors).toEqual([{ pointer: '/reason', detail: 'reason must be a string' }]);
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM assessment_events WHERE assessment_id = $1', [a.id]);
    expect(n).toBe(2);
  });

  it('refuses a stale If-Match with 412 and the current version', async () => {
    const a = await submittedAssessment(app, owner);
    const stale = await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(officer))
      .set('If-Match', `"${a.version - 1}"`)
      .send({ type: 'CONFIRM_SCREENING', outcome: 'pia' })
      .expect(412);
    expect(stale.body).toMatchObject({ currentVersion: a.version, state: 'screening' });
    await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(officer))
      .set('If-Match', `"${a.version}"`)
      .send({ type: 'CONFIRM_SCREENING', outcome: 'pia' })
      .expect(200);
  });

  it('refuses to submit an incomplete assessment with 422, listing what is missing', async () => {
    const a = await createAssessment(app, owner);
    const res = await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(owner))
      .send({ type: 'SUBMIT' })
      .expect(422);
    expect(res.body.type).toBe('urn:privacy-review:problem:incomplete');
    expect(res.body.sections.map((s: { id: string }) => s.id)).toContain('abstract');
  });

  it('keeps separation of duties on the server: an owner who is also a privacy officer cannot screen their own assessment', async () => {
    const { session: both } = await createUserAndLogin(app, [Role.ProjectOwner, Role.PrivacyOfficer]);
    const a = await submittedAssessment(app, both);
    const res = await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(both))
      .send({ type: 'CONFIRM_SCREENING', outcome: 'pia' })
      .expect(409);
    expect(res.body.allowedEvents).toEqual(['WITHDRAW']);
    expect((await http().get(`/assessments/${a.id}/actions`).set(bearer(both)).expect(200)).body).toMatchObject({
      state: 'screening',
      allowedEvents: ['WITHDRAW'],
    });
  });

  it('takes a decision as a signature: the approver re-enters their password, which is never logged', async () => {
    const a = await submittedAssessment(app, owner);
    await sendEvent(app, officer, a.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    await treatRisks(app, officer, a.id);
    await sendEvent(app, officer, a.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    await sendEvent(app, counsel, a.id, { type: 'LEGAL_CLEAR' });
    const unsigned = await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(approver))
      .send({ type: 'APPROVE' })
      .expect(400);
    expect(unsigned.body.errors).toEqual([{ pointer: '/password', detail: expect.stringContaining('is a signature') }]);
    const wrong = await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(approver))
      .send({ type: 'REJECT', reason: 'No.', password: 'not-my-password' })
      .expect(403);
    expect(wrong.body.errors).toEqual([{ pointer: '/password', detail: 'password is not correct' }]);
    expect((await http().get(`/assessments/${a.id}/actions`).set(bearer(approver)).expect(200)).body.state).toBe(
      'approval',
    );
    await sendEvent(app, approver, a.id, { type: 'APPROVE', reason: 'Signed.' });
    const events = (await http().get(`/assessments/${a.id}/events`).set(bearer(owner)).expect(200)).body;
    expect(events[events.length - 1]).toMatchObject({ type: 'APPROVE', payload: { reason: 'Signed.' } });
    expect(JSON.stringify(events)).not.toContain(approver.password);
  });

  it('keeps the legal counsel who cleared an assessment from approving it', async () => {
    const { session: dual } = await createUserAndLogin(app, [Role.LegalCounsel, Role.Approver]);
    const a = await submittedAssessment(app, owner);
    await sendEvent(app, officer, a.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    await treatRisks(app, officer, a.id);
    await sendEvent(app, officer, a.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    await sendEvent(app, dual, a.id, { type: 'LEGAL_CLEAR' });
    await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(dual))
      .send({ type: 'APPROVE', password: dual.password })
      .expect(409);
    await sendEvent(app, approver, a.id, { type: 'APPROVE' });
  });

  /** Round one cleared by `firstCounsel`; the approver asks for changes; round two cleared by another counsel. */
  async function clearedInTwoRounds(firstCounsel: Session) {
    const a = await submittedAssessment(app, owner);
    await sendEvent(app, officer, a.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    await treatRisks(app, officer, a.id);
    await sendEvent(app, officer, a.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    await sendEvent(app, firstCounsel, a.id, { type: 'LEGAL_CLEAR' });
    await sendEvent(app, approver, a.id, { type: 'REQUEST_CHANGES', reason: 'Say how long plates are kept.' });
    await sendEvent(app, owner, a.id, { type: 'RESUBMIT' });
    await sendEvent(app, officer, a.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    await sendEvent(app, officer, a.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    await sendEvent(app, counsel, a.id, { type: 'LEGAL_CLEAR' });
    return a;
  }

  it('keeps a legal counsel who cleared an earlier round of the cycle from approving it', async () => {
    const { session: dual } = await createUserAndLogin(app, [Role.LegalCounsel, Role.Approver]);
    const a = await clearedInTwoRounds(dual);
    const res = await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(dual))
      .send({ type: 'APPROVE', password: dual.password })
      .expect(409);
    expect(res.body.allowedEvents).toEqual([]);
    expect((await http().get(`/assessments/${a.id}/actions`).set(bearer(dual)).expect(200)).body).toMatchObject({
      state: 'approval',
      allowedEvents: [],
    });
    await sendEvent(app, approver, a.id, { type: 'APPROVE' });
  });

  it('fills in the clearers of a snapshot stored before they were listed, from the event chain', async () => {
    const { session: dual, user: dualUser } = await createUserAndLogin(app, [Role.LegalCounsel, Role.Approver]);
    const a = await clearedInTwoRounds(dual);
    // As machine v1 stored it before the list: only the latest clearer.
    await db.query(`UPDATE assessments SET snapshot = snapshot #- '{context,legalClearers}' WHERE id = $1`, [a.id]);
    const runner = db.createQueryRunner();
    await new LegalClearers1796026210000().up(runner).finally(() => runner.release());
    const [{ clearers }] = await db.query(
      `SELECT snapshot -> 'context' -> 'legalClearers' AS clearers FROM assessments WHERE id = $1`,
      [a.id],
    );
    expect(clearers.sort()).toEqual([dualUser.id, counselId].sort());
    await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(dual))
      .send({ type: 'APPROVE', password: dual.password })
      .expect(409);
  });

  it('assigns reviewers only to people holding the role, and then only they act', async () => {
    const a = await submittedAssessment(app, owner);
    await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(officer))
      .send({ type: 'ASSIGN', role: 'legal_counsel', userId: officerId })
      .expect(409);
    await sendEvent(app, officer, a.id, { type: 'ASSIGN', role: 'legal_counsel', userId: counselId });
    await sendEvent(app, officer, a.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    await treatRisks(app, officer, a.id);
    await sendEvent(app, officer, a.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    const { session: otherCounsel } = await createUserAndLogin(app, [Role.LegalCounsel]);
    await http()
      .post(`/assessments/${a.id}/events`)
      .set(bearer(otherCounsel))
      .send({ type: 'LEGAL_CLEAR' })
      .expect(409);
    await sendEvent(app, counsel, a.id, { type: 'LEGAL_CLEAR' });
    const notices = await db.query(
      `SELECT params FROM outbox WHERE assessment_id = $1 AND params->>'to' = 'assignee'`,
      [a.id],
    );
    expect(notices).toEqual([{ params: { to: 'assignee', reason: 'assigned', userId: counselId } }]);
  });

  it('applies exactly one of 50 concurrent conflicting events; the rest get 409 and the chain still verifies', async () => {
    const a = await submittedAssessment(app, owner);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        // Two outcomes of the one screening decision: whichever lands first leaves screening, so no other can follow.
        http()
          .post(`/assessments/${a.id}/events`)
          .set(bearer(officer))
          .send(
            i % 2
              ? { type: 'CONFIRM_SCREENING', outcome: 'pia' }
              : { type: 'CONFIRM_SCREENING', outcome: 'not_required', reason: `attempt ${i}` },
          ),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const events = await db.query('SELECT seq FROM assessment_events WHERE assessment_id = $1 ORDER BY seq', [a.id]);
    expect(events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3]);
    expect(
      (await http().get(`/assessments/${a.id}/events/verify`).set(bearer(officer)).expect(200)).body,
    ).toMatchObject({ ok: true, length: 3 });
  });

  it('refuses UPDATE and DELETE on the event log at the database, and the verifier finds a forged event', async () => {
    const a = await submittedAssessment(app, owner);
    await expect(
      db.query(`UPDATE assessment_events SET payload = '{"forged":true}' WHERE assessment_id = $1`, [a.id]),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.query('DELETE FROM assessment_events WHERE assessment_id = $1', [a.id])).rejects.toThrow(
      /append-only: DELETE refused/,
    );

    // Someone with the power to lift the trigger forges seq 2; the chain gives it away.
    await db.transaction(async (m) => {
      await m.query('ALTER TABLE assessment_events DISABLE TRIGGER assessment_events_append_only');
      await m.query(`UPDATE assessment_events SET payload = '{"forged":true}' WHERE assessment_id = $1 AND seq = 2`, [
        a.id,
      ]);
      await m.query('ALTER TABLE assessment_events ENABLE TRIGGER assessment_events_append_only');
    });
    const check = await http().get(`/assessments/${a.id}/events/verify`).set(bearer(owner)).expect(200);
    expect(check.body).toEqual({ ok: false, length: 2, brokenAt: 2, reason: 'hash does not match the event' });
  });

  it('publishes the machine as JSON and a Mermaid diagram generated from it', async () => {
    // The suite's assessments start on v1 (test/support/test-app.ts); v2's diagram is in named-reviews.e2e-spec.ts.
    const res = await http().get('/workflow?version=v1').expect(200);
    expect(res.body.version).toBe('v1');
    expect(Object.keys(res.body.machine.states)).toEqual(
      expect.arrayContaining([
        'draft',
        'screening',
        'risk_assessment',
        'legal_review',
        'approval',
        'changes_requested',
        'withdrawn',
        'closed_not_required',
        'remediation',
        'approved',
        'rejected',
      ]),
    );
    expect(res.body.mermaid).toContain('stateDiagram-v2');
    expect(res.body.mermaid).toContain('approval --> remediation : APPROVE [approverWithConditions]');
    expect(res.body.mermaid).toContain('screening --> withdrawn : WITHDRAW [owner]');
  });
});
