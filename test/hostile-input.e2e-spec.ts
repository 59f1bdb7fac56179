import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { createAssessment } from './support/assessments';
import { bearer, createUserAndLogin, type Session } from './support/identity';
import { bootTestApp } from './support/test-app';

const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('hostile input gets a 400 that names the field, before validation, and changes nothing', () => {
  let app: INestApplication;
  let owner: Session;
  const assessmentCount = async () =>
    (await app.get(DataSource).query('SELECT count(*)::int AS n FROM assessments'))[0].n as number;

  beforeAll(async () => {
    app = await bootTestApp();
    owner = (await createUserAndLogin(app, [Role.ProjectOwner])).session;
  });
  afterAll(() => app.close());

  it('refuses a body nested 5,000 levels deep, without login and with it', async () => {
    const login = await request(app.getHttpServer())
      .post('/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email":"a@example.gov","password":${deep(5000)}}`)
      .expect(400);
    expect(login.body).toMatchObject({
      type: 'urn:privacy-review:problem:validation-failed',
      errors: [{ pointer: expect.stringMatching(/^\/password(\/0)+$/), detail: 'nests deeper than 64 levels' }],
    });
    const before = await assessmentCount();
    await request(app.getHttpServer())
      .post('/assessments')
      .set(bearer(owner))
      .set('Content-Type', 'application/json')
      .send(`{"title":"Deep","department":"Transportation","extra":${deep(5000)}}`)
      .expect(400);
    expect(await assessmentCount()).toBe(before);
  });

  it('accepts nesting within the limit as far as the shape goes (validation then judges the fields)', async () => {
    const res = await request(app.getHttpServer())
      .post('/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email":"a@example.gov","password":${deep(10)}}`)
      .expect(400);
    expect(res.body.errors).toEqual([{ pointer: '/password', detail: expect.not.stringContaining('nests') }]);
  });

  it.each(['__proto__', 'constructor'])('refuses a "%s" key, naming it, instead of dropping it', async (key) => {
    const res = await request(app.getHttpServer())
      .post('/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email":"a@example.gov","password":"x","${key}":{"isAdmin":true}}`)
      .expect(400);
    expect(res.body.errors).toEqual([{ pointer: `/${key}`, detail: `the key "${key}" is not allowed` }]);
  });

  it('refuses NUL in a text field with a pointer to it, and stores nothing', async () => {
    const before = await assessmentCount();
    const res = await request(app.getHttpServer())
      .post('/assessments')
      .set(bearer(owner))
      .send({ title: 'Parking\u0000app', department: 'Transportation' })
      .expect(400);
    expect(res.body).toMatchObject({
      type: 'urn:privacy-review:problem:validation-failed',
      errors: [{ pointer: '/title', detail: 'must not contain NUL characters' }],
    });
    expect(await assessmentCount()).toBe(before);
  });

  it('refuses NUL in a query parameter, naming it', async () => {
    const res = await request(app.getHttpServer()).get('/assessments?state=draft%00').set(bearer(owner)).expect(400);
    expect(res.body.errors).toEqual([{ pointer: '/state', detail: 'must not contain NUL characters' }]);
  });

  it('answers a weak If-Match with 412, as strong comparison requires, and keeps the answers', async () => {
    const created = await createAssessment(app, owner);
    const res = await request(app.getHttpServer())
      .patch(`/assessments/${created.id}/answers`)
      .set(bearer(owner))
      .set('If-Match', `W/"${created.version}"`)
      .send({ answers: { abstract_purpose: 'Changed' } })
      .expect(412);
    expect(res.body.type).toBe('urn:privacy-review:problem:stale-version');
    const after = await request(app.getHttpServer()).get(`/assessments/${created.id}`).set(bearer(owner)).expect(200);
    expect(after.body.version).toBe(created.version);
  });
});
