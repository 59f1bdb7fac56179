import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { MAX_UPLOAD_BYTES } from '../src/decisions/verify.controller';
import { bootTestApp } from './support/test-app';

/** The public verification upload: limited per address across instances, capped in size, and in memory. */
describe('POST /decisions/verify limits', () => {
  const limits = { VERIFY_MAX_PER_IP: '3', VERIFY_WINDOW_SECONDS: '3600', VERIFY_MAX_IN_FLIGHT: '1' };
  let app: INestApplication;
  let other: INestApplication;
  let n = 0;
  const address = () => `198.51.100.${++n}`;
  const upload = (target: INestApplication, from: string, bytes: Buffer) =>
    request(target.getHttpServer())
      .post('/decisions/verify')
      .set('X-Forwarded-For', from)
      .attach('file', bytes, 'decision.pdf');

  beforeAll(async () => {
    app = await bootTestApp(limits);
    await app.listen(0, '127.0.0.1');
    other = await bootTestApp(limits); // a second instance on the same database
  });
  afterAll(async () => {
    await other.close();
    await app.close();
  });

  it('limits each client address across instances: 429 problem+json with Retry-After, other addresses unaffected', async () => {
    const client = address();
    const file = Buffer.from('hello');
    await upload(app, client, file).expect(200);
    await upload(other, client, file).expect(200);
    await upload(app, client, file).expect(200);
    const refused = await upload(other, client, file).expect(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ type: 'urn:privacy-review:problem:too-many-requests', status: 429 });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.body.retryAfter).toBe(retryAfter);
    await upload(app, address(), file).expect(200);
  });

  it('accepts a file of the cap and refuses one byte more with 413 naming the field, hashing what it received', async () => {
    const atCap = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(MAX_UPLOAD_BYTES - 9, 0x41)]);
    const verdict = await upload(app, address(), atCap).expect(200);
    expect(verdict.body).toMatchObject({
      valid: false,
      kind: 'pdf',
      sha256: createHash('sha256').update(atCap).digest('hex'),
    });

    const tooLarge = await upload(app, address(), Buffer.concat([atCap, Buffer.from('!')])).expect(413);
    expect(tooLarge.body).toMatchObject({
      type: 'urn:privacy-review:problem:file-too-large',
      errors: [{ pointer: '/file', detail: `must be at most 8 MiB (${MAX_UPLOAD_BYTES} bytes)` }],
    });
  });

  it('holds no more uploads at once than VERIFY_MAX_IN_FLIGHT: the next gets 503 with Retry-After until one ends', async () => {
    // An upload that has begun and does not finish, as a slow or hostile client sends it.
    const { port } = app.getHttpServer().address() as AddressInfo;
    const stalled = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/decisions/verify',
      headers: { 'Content-Type': 'multipart/form-data; boundary=b', 'X-Forwarded-For': address() },
    });
    const stalledAnswer = new Promise<number>((resolve, reject) => {
      stalled.on('response', (res) => (res.resume(), resolve(res.statusCode!)));
      stalled.on('error', reject);
    });
    stalled.write('--b\r\nContent-Disposition: form-data; name="file"; filename="d.pdf"\r\n\r\n%PDF-1.7\n');

    let busy: request.Response | undefined;
    try {
      for (let i = 0; i < 100 && !busy; i++) {
        const res = await upload(app, address(), Buffer.from('hello'));
        if (res.status === 503) busy = res;
        else await sleep(50);
      }
    } finally {
      stalled.end('\r\n--b--\r\n'); // also when the check fails, so the server can close
    }
    expect(busy?.body).toMatchObject({ type: 'urn:privacy-review:problem:busy', status: 503 });
    expect(busy?.headers['retry-after']).toBe('1');

    expect(await stalledAnswer).toBe(200);
    let after = 0;
    for (let i = 0; i < 100 && after !== 200; i++) {
      after = (await upload(app, address(), Buffer.from('hello'))).status;
      if (after !== 200) await sleep(50);
    }
    expect(after).toBe(200);
  });
});
