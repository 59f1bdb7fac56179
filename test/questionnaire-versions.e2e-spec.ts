import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { createAssessment, saveAnswers } from './support/assessments';
import { bearer, createUser, login } from './support/identity';
import { assertBuilt, freePort, startService } from './support/processes';
import { bootTestApp, TEST_JWT_SECRET, testDatabaseUrl } from './support/test-app';

/** A second version of city-pia: one question reworded, one removed, one new required one. */
function writeVersion2(dir: string) {
  const v1 = JSON.parse(readFileSync(join(dir, 'questionnaires/city-pia.v1.json'), 'utf8'));
  const v2 = structuredClone(v1);
  v2.version = 2;
  const abstract = v2.sections.find((s: { id: string }) => s.id === 'abstract');
  abstract.questions[0].label = 'What problem will the project solve?';
  const overview = v2.sections.find((s: { id: string }) => s.id === 'project_overview');
  overview.questions = overview.questions.filter((q: { id: string }) => q.id !== 'vendor_name');
  overview.questions.push({
    id: 'project_sponsor',
    type: 'short_text',
    label: 'Executive sponsor',
    required: true,
    disclosure: { level: 'public' },
  });
  writeFileSync(join(dir, 'questionnaires/city-pia.v2.json'), JSON.stringify(v2, null, 2));
}

describe('a new questionnaire version', () => {
  let templates: string;
  beforeAll(() => {
    templates = mkdtempSync(join(tmpdir(), 'pre-templates-'));
    cpSync(resolve(__dirname, '../templates'), templates, { recursive: true });
  });
  afterAll(() => rmSync(templates, { recursive: true, force: true }));

  it('leaves existing assessments exactly as they were, and is used for new ones', async () => {
    let app: INestApplication = await bootTestApp({ TEMPLATES_DIR: templates });
    const user = await createUser(app, [Role.ProjectOwner]);
    let session = await login(app, user.email, user.password);
    const old = await createAssessment(app, session);
    await saveAnswers(app, session, old.id, 1, { abstract_purpose: 'Pay by phone.', vendor_name: 'ParkCo' });
    const viewBefore = (
      await request(app.getHttpServer()).get(`/assessments/${old.id}/questionnaire`).set(bearer(session)).expect(200)
    ).body;
    const [rowBefore] = await app.get(DataSource).query('SELECT * FROM assessments WHERE id = $1', [old.id]);
    await app.close();

    writeVersion2(templates);
    app = await bootTestApp({ TEMPLATES_DIR: templates });
    session = await login(app, user.email, user.password);

    const viewAfter = (
      await request(app.getHttpServer()).get(`/assessments/${old.id}/questionnaire`).set(bearer(session)).expect(200)
    ).body;
    expect(viewAfter).toEqual(viewBefore);
    expect(viewAfter.template).toEqual({ id: 'city-pia', version: 1, title: 'Privacy Impact Assessment' });
    const [rowAfter] = await app.get(DataSource).query('SELECT * FROM assessments WHERE id = $1', [old.id]);
    expect(rowAfter).toEqual(rowBefore);
    // It still saves against v1: vendor_name exists there, project_sponsor does not.
    await saveAnswers(app, session, old.id, 2, { vendor_name: 'ParkCo Ltd' });
    await request(app.getHttpServer())
      .patch(`/assessments/${old.id}/answers`)
      .set(bearer(session))
      .set('If-Match', '"3"')
      .send({ answers: { project_sponsor: 'X' } })
      .expect(422);

    const fresh = await createAssessment(app, session);
    const freshView = (
      await request(app.getHttpServer()).get(`/assessments/${fresh.id}/questionnaire`).set(bearer(session)).expect(200)
    ).body;
    expect(freshView.template.version).toBe(2);
    const overview = freshView.sections.find((s: { id: string }) => s.id === 'project_overview');
    expect(overview.questions.map((q: { id: string }) => q.id)).toContain('project_sponsor');
    await app.close();
  });
});

describe('a broken questionnaire template', () => {
  it('stops the start, naming the file and the path of the error', async () => {
    assertBuilt();
    const templates = mkdtempSync(join(tmpdir(), 'pre-broken-'));
    try {
      cpSync(resolve(__dirname, '../templates'), templates, { recursive: true });
      const v1 = JSON.parse(readFileSync(join(templates, 'questionnaires/city-pia.v1.json'), 'utf8'));
      v1.version = 3;
      v1.sections[1].questions[0].type = 'essay';
      writeFileSync(join(templates, 'questionnaires/city-pia.v3.json'), JSON.stringify(v1));

      const service = startService({
        DATABASE_URL: testDatabaseUrl(),
        TEMPLATES_DIR: templates,
        PORT: String(await freePort()),
        JWT_SECRET: TEST_JWT_SECRET,
      });
      expect(await service.exited).toBe(1);
      expect(service.output()).toContain(
        'city-pia.v3.json: /sections/1/questions/0/type must be equal to one of the allowed values',
      );
    } finally {
      rmSync(templates, { recursive: true, force: true });
    }
  });
});
