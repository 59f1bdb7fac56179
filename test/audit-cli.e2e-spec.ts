import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { sendEvent, submittedAssessment } from './support/assessments';
import { runCli } from './support/cli';
import { FreshDatabase } from './support/fresh-database';
import { createUserAndLogin } from './support/identity';
import { assertBuilt } from './support/processes';
import { bootTestApp } from './support/test-app';

describe('npm run cli -- audit:verify', () => {
  const database = new FreshDatabase();
  let url: string;
  let app: INestApplication;
  let refs: { id: string; ref: string }[];

  beforeAll(async () => {
    assertBuilt();
    url = await database.create();
    app = await bootTestApp({}, url);
    const { session: owner } = await createUserAndLogin(app, [Role.ProjectOwner]);
    const { session: officer } = await createUserAndLogin(app, [Role.PrivacyOfficer]);
    refs = [await submittedAssessment(app, owner), await submittedAssessment(app, owner)];
    await sendEvent(app, officer, refs[1].id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('answers ok for intact chains, one assessment (by ref) or all', async () => {
    const one = await runCli(['audit:verify', refs[1].ref], url);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ assessmentId: refs[1].id, ok: true, length: 3 });
    const all = await runCli(['audit:verify', '--all'], url);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual({ ok: true, checked: 2, broken: 0 });
  });

  it('names the first broken seq and fails when an event was forged', async () => {
    await app.get(DataSource).transaction(async (m) => {
      await m.query('ALTER TABLE assessment_events DISABLE TRIGGER assessment_events_append_only');
      await m.query(`UPDATE assessment_events SET to_state = 'approved' WHERE assessment_id = $1 AND seq = 3`, [
        refs[1].id,
      ]);
      await m.query('ALTER TABLE assessment_events ENABLE TRIGGER assessment_events_append_only');
    });
    const all = await runCli(['audit:verify', '--all'], url);
    expect(all.code).toBe(1);
    const lines = all.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { assessmentId: refs[1].id, ok: false, length: 3, brokenAt: 3, reason: 'hash does not match the event' },
      { ok: false, checked: 2, broken: 1 },
    ]);
    expect((await runCli(['audit:verify', refs[0].ref], url)).code).toBe(0);
  });

  it('explains its usage when given neither an assessment nor --all', async () => {
    const res = await runCli(['audit:verify'], url);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('usage: audit:verify <assessment id or ref> | --all');
  });
});
