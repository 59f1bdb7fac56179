import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { DeadlinesJob } from '../src/workflow/deadlines.job';
import { NotifyHandler } from '../src/workflow/notifications/notify.handler';
import { sendEvent, submittedAssessment } from './support/assessments';
import { eventually } from './support/eventually';
import { FreshDatabase } from './support/fresh-database';
import { bearer, createUserAndLogin, type Session } from './support/identity';
import { bootTestApp } from './support/test-app';

/** On a database of its own, so that this app's workers are the only ones taking its jobs. */
describe('side effects and deadlines', () => {
  const database = new FreshDatabase();
  let app: INestApplication;
  let db: DataSource;
  let owner: Session;
  let ownerId: string;
  let officer: Session;
  let officerId: string;

  beforeAll(async () => {
    app = await bootTestApp({}, await database.create());
    db = app.get(DataSource);
    ({
      session: owner,
      user: { id: ownerId },
    } = await createUserAndLogin(app, [Role.ProjectOwner]));
    ({
      session: officer,
      user: { id: officerId },
    } = await createUserAndLogin(app, [Role.PrivacyOfficer]));
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const notificationsOf = (userId: string, assessmentId: string) =>
    db.query('SELECT reason FROM notifications WHERE user_id = $1 AND assessment_id = $2 ORDER BY id', [
      userId,
      assessmentId,
    ]);

  it('turns outbox rows into jobs after commit and carries them out once', async () => {
    const a = await submittedAssessment(app, owner);
    await sendEvent(app, officer, a.id, { type: 'REQUEST_CHANGES', reason: 'Say how long plates are kept.' });
    expect(
      await eventually(
        `a notification to the owner about ${a.id}`,
        () => notificationsOf(ownerId, a.id),
        (rows) => rows.length > 0,
        { timeoutMs: 15_000 },
      ),
    ).toEqual([{ reason: 'changes_requested' }]);
    expect(await notificationsOf(officerId, a.id)).toEqual([{ reason: 'submitted' }]);
    const pending = await db.query(
      'SELECT count(*)::int AS n FROM outbox WHERE assessment_id = $1 AND relayed_at IS NULL',
      [a.id],
    );
    expect(pending).toEqual([{ n: 0 }]);

    const mine = await request(app.getHttpServer()).get('/notifications').set(bearer(owner)).expect(200);
    expect(mine.body.items[0]).toMatchObject({ assessmentId: a.id, reason: 'changes_requested', readAt: null });
    await request(app.getHttpServer())
      .post(`/notifications/${mine.body.items[0].id}/read`)
      .set(bearer(owner))
      .expect(204);
    const after = await request(app.getHttpServer())
      .get('/notifications')
      .query({ unread: 'true' })
      .set(bearer(owner))
      .expect(200);
    expect(after.body.items.find((n: { assessmentId: string }) => n.assessmentId === a.id)).toBeUndefined();
  });

  it('never rolls a transition back when its side effect fails; the job is retried until it succeeds', async () => {
    const handler = app.get(NotifyHandler);
    const failOnce = jest.spyOn(handler, 'handle').mockRejectedValueOnce(new Error('mail relay unreachable'));
    const a = await submittedAssessment(app, owner);
    const [{ state }] = await db.query('SELECT state FROM assessments WHERE id = $1', [a.id]);
    expect(state).toBe('screening'); // committed, whatever the side effect does

    const delivered = await eventually(
      `a notification to the officer about ${a.id}`,
      () => notificationsOf(officerId, a.id),
      (rows) => rows.length > 0,
      { timeoutMs: 15_000 },
    );
    expect(delivered).toEqual([{ reason: 'submitted' }]);
    expect(failOnce.mock.calls.length).toBeGreaterThanOrEqual(2);
    const [job] = await db.query(
      `SELECT retry_count, state FROM pgboss.job WHERE name = 'outbox.notify' AND data->>'assessmentId' = $1`,
      [a.id],
    );
    expect(job).toEqual({ retry_count: 1, state: 'completed' });
    failOnce.mockRestore();
  });

  it('sends DEADLINE_PASSED through the transition path: first a reminder, then an escalation', async () => {
    const a = await submittedAssessment(app, owner);
    const [{ stage_deadline_at: firstDeadline }] = await db.query(
      'SELECT stage_deadline_at FROM assessments WHERE id = $1',
      [a.id],
    );
    expect(new Date(firstDeadline).getTime() - Date.now()).toBeGreaterThan(4.9 * 86_400_000); // screening: 5 days

    const deadlines = app.get(DeadlinesJob);
    await db.query(`UPDATE assessments SET stage_deadline_at = now() - interval '1 minute' WHERE id = $1`, [a.id]);
    expect(await deadlines.run()).toBe(1);
    await db.query(`UPDATE assessments SET stage_deadline_at = now() - interval '1 minute' WHERE id = $1`, [a.id]);
    expect(await deadlines.run()).toBe(1);
    expect(await deadlines.run()).toBe(0); // the next deadline is days away

    const [row] = await db.query(
      `SELECT state, snapshot->'context' AS context, stage_deadline_at FROM assessments WHERE id = $1`,
      [a.id],
    );
    expect(row.state).toBe('screening');
    expect(row.context).toMatchObject({ overdueCount: 2, escalated: true });
    expect(new Date(row.stage_deadline_at).getTime() - Date.now()).toBeGreaterThan(1.9 * 86_400_000); // reminders: 2 days

    const history = await request(app.getHttpServer())
      .get(`/assessments/${a.id}/events`)
      .set(bearer(officer))
      .expect(200);
    expect(history.body.slice(-2)).toEqual([
      expect.objectContaining({
        type: 'DEADLINE_PASSED',
        from: 'screening',
        to: 'screening',
        actor: { id: null, displayName: 'the engine' },
      }),
      expect.objectContaining({ type: 'DEADLINE_PASSED' }),
    ]);
    const outbox = await db.query(
      `SELECT params FROM outbox WHERE assessment_id = $1 AND params->>'reason' IN ('deadline_passed', 'escalated') ORDER BY id`,
      [a.id],
    );
    expect(outbox).toEqual([
      { params: { to: 'privacy_officer', reason: 'deadline_passed' } },
      { params: { to: 'privacy_officer', reason: 'escalated' } },
    ]);
  });
});
