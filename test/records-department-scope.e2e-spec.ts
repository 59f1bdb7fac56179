import type { INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Role } from '../src/common/auth/roles';
import { decidedAssessment, decisionWhen } from './support/decisions';
import { eventually } from './support/eventually';
import { bearer, createUserAndLogin, type Session } from './support/identity';
import { createReviewers, type Reviewers } from './support/reviewers';
import { bootTestApp } from './support/test-app';

/** A city that scopes records officers to their department (DEPARTMENT_SCOPED_ROLES). */
describe('records officers scoped to their department', () => {
  let app: INestApplication;
  let people: Reviewers;
  let parksRecords: Session;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await bootTestApp({
      DEPARTMENT_SCOPED_ROLES: 'records_officer',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'records-scope-')),
    });
    people = await createReviewers(app);
    parksRecords = (await createUserAndLogin(app, [Role.RecordsOfficer], { department: 'Parks' })).session;
    for (const department of ['Parks', 'Libraries']) {
      const a = await decidedAssessment(app, people, { type: 'APPROVE' }, { department });
      await decisionWhen(app, people.officer, a.id);
    }
  });
  afterAll(() => app.close());

  it('export their own department only, and refuse an officer with no department', async () => {
    const lines = (await http().get('/records/decisions.jsonl').set(bearer(parksRecords)).expect(200)).text
      .trim()
      .split('\n');
    expect(lines.map((line) => JSON.parse(line).department)).toEqual(['Parks']);
    const asked = await http()
      .get('/records/decisions.csv')
      .query({ department: 'Libraries' })
      .set(bearer(parksRecords))
      .expect(200);
    expect(asked.text.trim().split('\r\n')).toHaveLength(1); // the header alone: another department is out of reach

    const nowhere = (await createUserAndLogin(app, [Role.RecordsOfficer])).session;
    const refused = await http().get('/records/decisions.jsonl').set(bearer(nowhere)).expect(403);
    expect(refused.body.type).toBe('urn:privacy-review:problem:records-no-department');
  });

  it('package their own department only', async () => {
    const created = await http().post('/records/packages').set(bearer(parksRecords)).send({}).expect(202);
    const ready = await eventually(
      `package ${created.body.id} to be ready`,
      async () => (await http().get(`/records/packages/${created.body.id}`).set(bearer(parksRecords)).expect(200)).body,
      (body) => body.status === 'ready',
    );
    expect(ready.progress).toEqual({ done: 1, total: 1 });
  });
});
