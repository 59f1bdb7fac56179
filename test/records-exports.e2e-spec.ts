import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { Role } from '../src/common/auth/roles';
import { submittedAssessment } from './support/assessments';
import { runCli } from './support/cli';
import { decidedAssessment, decisionWhen } from './support/decisions';
import { bearer, createUserAndLogin, type Session } from './support/identity';
import { createReviewers, type Reviewers } from './support/reviewers';
import { bootTestApp, testDatabaseUrl } from './support/test-app';

describe('records exports', () => {
  let app: INestApplication;
  let people: Reviewers;
  let records: Session;
  // Every decision this spec makes is in one department, so that each filter below also narrows by department.
  const department = `Records ${randomBytes(4).toString('hex')}`;
  const http = () => request(app.getHttpServer());
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await bootTestApp();
    people = await createReviewers(app);
    records = (await createUserAndLogin(app, [Role.RecordsOfficer])).session;
    ids.approved = (
      await decidedAssessment(
        app,
        people,
        { type: 'APPROVE' },
        { department, title: '=HYPERLINK("http://evil.example","click")' },
      )
    ).id;
    ids.rejected = (
      await decidedAssessment(
        app,
        people,
        { type: 'REJECT', reason: '+1 too risky, "really"\nsecond line' },
        { department },
      )
    ).id;
    // Submitted but not decided: never exported.
    ids.undecided = (await submittedAssessment(app, people.owner, { department })).id;
    for (const id of [ids.approved, ids.rejected]) await decisionWhen(app, records, id);
  });
  afterAll(() => app.close());

  it('streams JSONL with the document hashes, the last event hash and retention', async () => {
    const res = await http()
      .get('/records/decisions.jsonl')
      .query({ department })
      .set(bearer(records))
      .expect(200)
      .expect('Content-Type', /ndjson/);
    const rows = res.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.map((r) => r.assessment_id)).toEqual([ids.approved, ids.rejected]);
    expect(rows[1]).toMatchObject({
      outcome: 'rejected',
      state: 'rejected',
      document_status: 'issued',
      document_version: 1,
      pdf_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      html_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      retention_class: expect.any(String),
      legal_hold: false,
      decided_at: expect.stringMatching(/Z$/),
    });
    const events = (await http().get(`/assessments/${ids.rejected}/events`).set(bearer(records)).expect(200)).body;
    expect(rows[1].last_event_hash).toBe(events[events.length - 1].hash);
    expect(rows[0].disposition_date).toBe(
      `${Number(rows[0].decided_at.slice(0, 4)) + 6}${rows[0].decided_at.slice(4, 10)}`,
    );
  });

  it('writes RFC 4180 CSV with formula cells neutralised', async () => {
    const res = await http()
      .get('/records/decisions.csv')
      .query({ department, outcome: 'approved' })
      .set(bearer(records))
      .expect(200)
      .expect('Content-Type', /text\/csv/);
    const [header, row] = res.text.split('\r\n');
    expect(header.split(',').slice(0, 4)).toEqual(['decision_id', 'assessment_id', 'assessment_ref', 'title']);
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    const rejected = await http()
      .get('/records/decisions.csv')
      .query({ department, outcome: 'rejected' })
      .set(bearer(records))
      .expect(200);
    expect(rejected.text).toContain(`"'+1 too risky, ""really""\nsecond line"`);
  });

  it('filters by date, outcome and state; excludes what is not decided; refuses bad filters and other roles', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const count = async (query: Record<string, string>) =>
      (
        await http()
          .get('/records/decisions.jsonl')
          .query({ department, ...query })
          .set(bearer(records))
          .expect(200)
      ).text
        .trim()
        .split('\n')
        .filter(Boolean).length;
    expect(await count({ from: today, to: today })).toBe(2);
    expect(await count({ to: '2020-01-01' })).toBe(0);
    expect(await count({ state: 'screening' })).toBe(0);
    expect(await count({ outcome: 'rejected' })).toBe(1);
    const bad = await http()
      .get('/records/decisions.csv')
      .query({ from: '2026-02-30', colour: 'blue' })
      .set(bearer(records))
      .expect(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/colour', '/from']);
    const nul = await http()
      .get('/records/decisions.csv')
      .query({ department: 'Parks\u0000' })
      .set(bearer(records))
      .expect(400);
    expect(nul.body.errors).toEqual([{ pointer: '/department', detail: 'must not contain NUL characters' }]);
    await http().get('/records/decisions.csv').set(bearer(people.officer)).expect(403);
    const admin = (await createUserAndLogin(app, [Role.Admin])).session;
    expect(
      await (async () =>
        (await http().get('/records/decisions.jsonl').query({ department }).set(bearer(admin)).expect(200)).text
          .trim()
          .split('\n').length)(),
    ).toBe(2);
  });

  it('exports from the CLI', async () => {
    const out = await runCli(['records:export', '--format', 'csv', '--department', department], testDatabaseUrl());
    expect(out.code).toBe(0);
    // A header and two records (the line break inside a quoted cell is a bare \n, not a record end).
    const lines = out.stdout.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(ids.approved);
    expect(lines[2]).toContain(ids.rejected);
    const bad = await runCli(['records:export', '--from', 'yesterday'], testDatabaseUrl());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/from: from must be a date as YYYY-MM-DD');
  });
});
