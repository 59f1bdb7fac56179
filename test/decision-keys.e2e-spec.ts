import type { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { runCli } from './support/cli';
import { decidedAssessment, decisionWhen, download } from './support/decisions';
import { FreshDatabase } from './support/fresh-database';
import { createReviewers, type Reviewers } from './support/reviewers';
import { bootTestApp } from './support/test-app';

/** Keys of their own (an organisation certificate, a manifest key folder) on a database of its own. */
describe('signing keys', () => {
  const database = new FreshDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'decision-keys-'));
  const p12 = join(dir, 'organisation.p12');
  const env = {
    DATA_DIR: join(dir, 'data'),
    MANIFEST_KEYS_DIR: join(dir, 'manifest'),
    DOCUMENT_SIGNING_P12: p12,
    DOCUMENT_SIGNING_P12_PASSWORD: 'org-secret',
  };
  let url: string;
  let app: INestApplication;
  let people: Reviewers;

  const boot = async () => {
    app = await bootTestApp(env, url);
    people = await createReviewers(app);
  };

  beforeAll(async () => {
    url = await database.create();
    // The organisation's certificate, made with the standard tool, as an operator would.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=City of Example Privacy Office/O=City of Example',
        '-days',
        '30',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    execFileSync(
      'openssl',
      [
        'pkcs12',
        '-export',
        '-inkey',
        join(dir, 'key.pem'),
        '-in',
        join(dir, 'cert.pem'),
        '-out',
        p12,
        '-passout',
        'pass:org-secret',
      ],
      { stdio: 'ignore' },
    );
    await boot();
  });
  afterAll(async () => {
    await app?.close();
    await database.drop();
  });

  it('signs with the configured certificate and raises no development warning', async () => {
    expect((await request(app.getHttpServer()).get('/health').expect(200)).body).toEqual({
      status: 'ok',
      warnings: [],
    });
    const a = await decidedAssessment(app, people);
    const decision = await decisionWhen(app, people.owner, a.id);
    const pdf = await download(app, people.owner, `/decisions/${decision.id}/document.pdf`);
    const verdict = await request(app.getHttpServer())
      .post('/decisions/verify')
      .attach('file', pdf, 'd.pdf')
      .expect(200);
    expect(verdict.body).toMatchObject({
      valid: true,
      details: { signer: expect.stringContaining('City of Example Privacy Office') },
    });
  });

  it('rotates the manifest key: new documents use the new key, old ones still verify', async () => {
    const before = await decisionWhen(app, people.owner, (await decidedAssessment(app, people)).id);
    const oldJws = await download(app, people.owner, `/decisions/${before.id}/manifest.jws`);
    await app.close();

    const rotated = await runCli(['keys:rotate'], url, '', env);
    expect(rotated.code).toBe(0);
    const { kid } = JSON.parse(rotated.stdout);
    expect(kid).not.toBe(before.documents[0].manifestKeyId);

    await boot();
    const jwks = (await request(app.getHttpServer()).get('/.well-known/jwks.json').expect(200)).body;
    expect(jwks.keys.filter((k: { kty: string }) => k.kty === 'OKP').map((k: { kid: string }) => k.kid)).toEqual([
      before.documents[0].manifestKeyId,
      kid,
    ]);
    const after = await decisionWhen(app, people.owner, (await decidedAssessment(app, people)).id);
    expect(after.documents[0].manifestKeyId).toBe(kid);
    expect(
      (await request(app.getHttpServer()).post('/decisions/verify').attach('file', oldJws, 'old.jws').expect(200)).body,
    ).toMatchObject({ valid: true, kind: 'jws' });
  });

  it('refuses to start with a wrong certificate password, naming the file', async () => {
    await expect(bootTestApp({ ...env, DOCUMENT_SIGNING_P12_PASSWORD: 'wrong' }, url)).rejects.toThrow(
      /organisation\.p12\) cannot be read as PKCS#12/,
    );
  });
});
