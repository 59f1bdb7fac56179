import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bootTestApp } from './support/test-app';

describe('HTTP basics', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await bootTestApp({ BODY_LIMIT: '1kb' });
  });
  afterAll(() => app.close());

  it('answers liveness and readiness with 200, and a request id', async () => {
    const live = await request(app.getHttpServer()).get('/health').expect(200);
    // No organisation certificate is configured in tests: /health says so loudly.
    expect(live.body).toEqual({ status: 'ok', warnings: [expect.stringContaining('DEVELOPMENT CERTIFICATE')] });
    expect(live.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body.details.database.status).toBe('up');
  });

  it('keeps a plain incoming X-Request-Id and replaces a hostile one', async () => {
    const kept = await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'trace-42').expect(200);
    expect(kept.headers['x-request-id']).toBe('trace-42');
    const replaced = await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'a b<script>').expect(200);
    expect(replaced.headers['x-request-id']).not.toBe('a b<script>');
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const res = await request(app.getHttpServer()).get('/no/such/route').set('X-Request-Id', 'req-404').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'Cannot GET /no/such/route',
      instance: '/no/such/route',
      requestId: 'req-404',
    });
  });

  it('answers malformed JSON with 400 problem+json and no stack trace', async () => {
    const res = await request(app.getHttpServer())
      .post('/health')
      .set('Content-Type', 'application/json')
      .send('{"title": ')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it('answers a body over the limit with 413 problem+json', async () => {
    const res = await request(app.getHttpServer())
      .post('/health')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(2048) }))
      .expect(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ title: 'Payload Too Large', status: 413 });
  });

  it('sets helmet headers', async () => {
    const res = await request(app.getHttpServer()).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('serves the OpenAPI document and its UI', async () => {
    const json = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/health', '/health/ready']));
    const ui = await request(app.getHttpServer()).get('/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });
});
