import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { sendEvent, submittedAssessment, treatRisks } from './support/assessments';
import { Role } from '../src/common/auth/roles';
import { bearer, createUser } from './support/identity';
import { createReviewerAccounts, loginReviewers } from './support/reviewers';
import { bootTestApp, V2_APP } from './support/test-app';

/**
 * Shipping v2: the service runs on v1 (WORKFLOW_START_VERSION=v1, as before v2), an assessment reaches legal review,
 * then the service restarts with v2 as the version new assessments start on, on the same database.
 */
describe('workflow machine versions', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('finishes on v1 an assessment in legal review when v2 ships; new assessments start on v2', async () => {
    app = await bootTestApp({ WORKFLOW_START_VERSION: 'v1' });
    const accounts = await createReviewerAccounts(app);
    let people = await loginReviewers(app, accounts);
    const onV1 = await submittedAssessment(app, people.owner);
    await sendEvent(app, people.officer, onV1.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    await treatRisks(app, people.officer, onV1.id, 'high');
    expect((await sendEvent(app, people.officer, onV1.id, { type: 'COMPLETE_RISK_ASSESSMENT' })).state).toBe(
      'legal_review',
    );
    await app.close();

    app = await bootTestApp(V2_APP);
    people = await loginReviewers(app, accounts);
    const onV2 = await submittedAssessment(app, people.owner);
    const db = app.get(DataSource);
    const versions = await db.query(
      'SELECT id, machine_version FROM assessments WHERE id = ANY($1) ORDER BY created_at',
      [[onV1.id, onV2.id]],
    );
    expect(versions.map((v: { machine_version: string }) => v.machine_version)).toEqual(['v1', 'v2']);

    // The v1 assessment goes on through v1's legal review and approval, its pages' words and events unchanged.
    const actions = await request(app.getHttpServer())
      .get(`/assessments/${onV1.id}/actions`)
      .set(bearer(people.counsel))
      .expect(200);
    expect(actions.body).toMatchObject({ state: 'legal_review', allowedEvents: ['REQUEST_CHANGES', 'LEGAL_CLEAR'] });
    // v2's events and roles do not reach it: not even a real security reviewer is assigned to it.
    const securityReviewer = await createUser(app, [Role.SecurityReviewer]);
    await request(app.getHttpServer())
      .post(`/assessments/${onV1.id}/events`)
      .set(bearer(people.counsel))
      .send({ type: 'CLEAR_REVIEW', review: 'legal' })
      .expect(409);
    const v2Role = await request(app.getHttpServer())
      .post(`/assessments/${onV1.id}/events`)
      .set(bearer(people.officer))
      .send({ type: 'ASSIGN', role: 'security_reviewer', userId: securityReviewer.id })
      .expect(422);
    expect(v2Role.body.errors[0].pointer).toBe('/role');
    expect((await sendEvent(app, people.counsel, onV1.id, { type: 'LEGAL_CLEAR' })).state).toBe('approval');
    expect((await sendEvent(app, people.approver, onV1.id, { type: 'APPROVE' })).state).toBe('approved');

    const v1History = await request(app.getHttpServer())
      .get(`/assessments/${onV1.id}/events`)
      .set(bearer(people.owner))
      .expect(200);
    expect(new Set(v1History.body.map((e: { machineVersion: string }) => e.machineVersion))).toEqual(new Set(['v1']));
    expect(v1History.body.map((e: { to: string }) => e.to)).toContain('legal_review');

    // The same event takes the v2 assessment along its own path: into the parallel review.
    await sendEvent(app, people.officer, onV2.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    await treatRisks(app, people.officer, onV2.id, 'high');
    expect((await sendEvent(app, people.officer, onV2.id, { type: 'COMPLETE_RISK_ASSESSMENT' })).state).toBe('review');
    expect((await request(app.getHttpServer()).get('/workflow').expect(200)).body.version).toBe('v2');
  });
});
