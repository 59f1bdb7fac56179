import type { INestApplication } from '@nestjs/common';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { PackageBuilder } from '../src/records/packages/package-builder';
import { decidedAssessment, decisionWhen, download } from './support/decisions';
import { eventually } from './support/eventually';
import { FreshDatabase } from './support/fresh-database';
import { bearer, createUserAndLogin, type Session } from './support/identity';
import { createReviewers, type Reviewers } from './support/reviewers';
import { bootTestApp } from './support/test-app';

/** Every file under a folder, as paths relative to it. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));

/** The chain re-computed from an events.jsonl alone, with a JCS implementation and sha256: its last hash. */
function rehash(jsonl: string): string {
  let prev = '0'.repeat(64);
  for (const line of jsonl.trim().split('\n')) {
    const { prevHash, hash, ...event } = JSON.parse(line);
    expect(prevHash).toBe(prev);
    const recomputed = createHash('sha256')
      .update(prev + canonicalize(event))
      .digest('hex');
    expect(recomputed).toBe(hash);
    prev = hash;
  }
  return prev;
}

/** On a database and data folder of its own, so that only this app builds its packages. */
describe('archival packages (BagIt)', () => {
  const database = new FreshDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'packages-e2e-'));
  let app: INestApplication;
  let people: Reviewers;
  let records: Session;
  const refs: string[] = [];
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await bootTestApp(
      { DATA_DIR: dataDir, ORGANISATION_NAME: 'City of Example Privacy Office' },
      await database.create(),
    );
    people = await createReviewers(app);
    records = (await createUserAndLogin(app, [Role.RecordsOfficer])).session;
    for (const decide of [{ type: 'APPROVE' }, { type: 'REJECT', reason: 'Not proportionate.' }]) {
      const a = await decidedAssessment(app, people, decide, { department: 'Parks' });
      await decisionWhen(app, records, a.id);
      refs.push(a.ref);
    }
    await decidedAssessment(app, people, { type: 'APPROVE' }, { department: 'Libraries' }); // outside the filter
  });
  afterAll(async () => {
    await app?.close();
    await database.drop();
  });

  const whenReady = (id: string) =>
    eventually(
      `package ${id} to be ready`,
      async () => (await http().get(`/records/packages/${id}`).set(bearer(records)).expect(200)).body,
      (body) => body.status === 'ready',
    );

  it('builds a bag that an outside archive checks with unzip and sha256sum alone, and resumes after a failure', async () => {
    // The second decision fails once: the retried job must carry on, not start over.
    const builder = app.get(PackageBuilder) as unknown as { stageDecision: (...args: unknown[]) => Promise<void> };
    const real = builder.stageDecision.bind(builder);
    const staged: string[] = [];
    let failed = false;
    jest.spyOn(builder, 'stageDecision').mockImplementation(async (bag, row) => {
      const ref = (row as { assessment_ref: string }).assessment_ref;
      if (staged.length === 1 && !failed) {
        failed = true;
        throw new Error('disk full');
      }
      staged.push(ref);
      return real(bag, row);
    });

    const created = await http()
      .post('/records/packages')
      .set(bearer(records))
      .send({ filter: { department: 'Parks' } })
      .expect(202);
    const ready = await whenReady(created.body.id);
    expect(ready).toMatchObject({
      status: 'ready',
      progress: { done: 2, total: 2 },
      error: null,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(failed).toBe(true);
    expect(staged).toEqual(refs); // each decision staged once: the first was not redone after the failure

    const zip = await download(app, records, `/records/packages/${created.body.id}/download`);
    expect(createHash('sha256').update(zip).digest('hex')).toBe(ready.sha256);
    const out = mkdtempSync(join(tmpdir(), 'bag-'));
    const zipPath = join(out, 'package.zip');
    writeFileSync(zipPath, zip);
    execFileSync('unzip', ['-q', zipPath, '-d', out]);
    const bag = join(out, `privacy-review-package-${created.body.id}`);

    expect(readFileSync(join(bag, 'bagit.txt'), 'utf8')).toBe(
      'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
    );
    for (const manifest of ['manifest-sha256.txt', 'tagmanifest-sha256.txt']) {
      const check = spawnSync('sha256sum', ['--strict', '-c', manifest], { cwd: bag, encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
    }
    // Every payload file is in the manifest, and Payload-Oxum counts them and their octets.
    const payload = filesUnder(join(bag, 'data'))
      .map((f) => `data/${f}`)
      .sort();
    const listed = readFileSync(join(bag, 'manifest-sha256.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('  ')[1])
      .sort();
    expect(listed).toEqual(payload);
    const octets = payload.reduce((sum, f) => sum + statSync(join(bag, f)).size, 0);
    const info = readFileSync(join(bag, 'bag-info.txt'), 'utf8');
    expect(info).toContain(`Payload-Oxum: ${octets}.${payload.length}\n`);
    expect(info).toContain('Source-Organization: City of Example Privacy Office\n');
    expect(info).toMatch(/Bagging-Date: \d{4}-\d\d-\d\d\n/);
    expect(info).toMatch(/Retention-Class: Privacy impact assessment decisions/);
    expect(info).toMatch(/Earliest-Disposition-Date: \d{4}-\d\d-\d\d\n/);

    for (const ref of refs) {
      expect(filesUnder(join(bag, 'data', ref)).sort()).toEqual([
        'assessment.json',
        'decision-cycle-1.html',
        'decision-cycle-1.json',
        'decision-cycle-1.jws',
        'decision-cycle-1.pdf',
        'events.jsonl',
      ]);
      expect(JSON.parse(readFileSync(join(bag, 'data', ref, 'assessment.json'), 'utf8'))).toMatchObject({
        ref,
        state: expect.stringMatching(/^(approved|rejected)$/),
        answers: expect.any(Object),
      });
      const decision = JSON.parse(readFileSync(join(bag, 'data', ref, 'decision-cycle-1.json'), 'utf8'));
      expect(rehash(readFileSync(join(bag, 'data', ref, 'events.jsonl'), 'utf8'))).toBe(decision.last_event_hash);
      expect(
        createHash('sha256')
          .update(readFileSync(join(bag, 'data', ref, 'decision-cycle-1.pdf')))
          .digest('hex'),
      ).toBe(decision.pdf_sha256);
      expect(
        spawnSync('pdfsig', [join(bag, 'data', ref, 'decision-cycle-1.pdf')], { encoding: 'utf8' }).stdout,
      ).toContain('Signature is Valid');
    }
  });

  it('completes a package whose filter matches nothing as a valid bag with an empty payload', async () => {
    const created = await http()
      .post('/records/packages')
      .set(bearer(records))
      .send({ filter: { department: 'No such department' } })
      .expect(202);
    const ready = await whenReady(created.body.id);
    expect(ready).toMatchObject({ status: 'ready', progress: { done: 0, total: 0 }, error: null });
    const out = mkdtempSync(join(tmpdir(), 'bag-'));
    writeFileSync(
      join(out, 'package.zip'),
      await download(app, records, `/records/packages/${created.body.id}/download`),
    );
    execFileSync('unzip', ['-q', join(out, 'package.zip'), '-d', out]);
    const bag = join(out, `privacy-review-package-${created.body.id}`);
    expect(readdirSync(join(bag, 'data'))).toEqual([]);
    expect(readFileSync(join(bag, 'manifest-sha256.txt'), 'utf8')).toBe('');
    expect(readFileSync(join(bag, 'bag-info.txt'), 'utf8')).toContain('Payload-Oxum: 0.0\n');
    const check = spawnSync('sha256sum', ['--strict', '-c', 'tagmanifest-sha256.txt'], { cwd: bag, encoding: 'utf8' });
    expect(check.status).toBe(0);
  });

  it("shows no server path when a build fails, neither in the package's error nor in the job's", async () => {
    const builder = app.get(PackageBuilder) as unknown as { stageDecision: (...args: unknown[]) => Promise<void> };
    let broken = true;
    // The class's own method: the first test left its spy on the instance.
    const real = (PackageBuilder.prototype as unknown as typeof builder).stageDecision.bind(builder);
    const spy = jest.spyOn(builder, 'stageDecision').mockImplementation(async (bag, row) => {
      if (broken) throw new Error(`ENOSPC: no space left on device, write '${String(bag)}/data/x.pdf.partial'`);
      return real(bag, row);
    });
    try {
      const created = await http()
        .post('/records/packages')
        .set(bearer(records))
        .send({ filter: { department: 'Parks' } })
        .expect(202);
      const failed: { status: string; error: string } = await eventually(
        `package ${created.body.id} to fail`,
        async () => (await http().get(`/records/packages/${created.body.id}`).set(bearer(records)).expect(200)).body,
        (body) => body.status === 'failed',
        { timeoutMs: 10_000, intervalMs: 100 },
      );
      expect(failed.error).toMatch(/internal error/);
      expect(failed.error).not.toContain(dataDir);
      const jobs: { output: unknown }[] = await app
        .get(DataSource)
        .query(`SELECT output FROM pgboss.job WHERE data->>'packageId' = $1`, [created.body.id]);
      expect(jobs.length).toBeGreaterThan(0);
      for (const job of jobs) expect(JSON.stringify(job.output ?? '')).not.toContain(dataDir);
      broken = false;
      expect((await whenReady(created.body.id)).error).toBeNull();
    } finally {
      spy.mockRestore();
    }
  });

  it('leaves a package to the build that is alive, and takes over one whose builder went silent', async () => {
    const db = app.get(DataSource);
    const [{ id }] = await db.query(
      `INSERT INTO record_packages (filter, status, heartbeat_at, created_by) SELECT '{"department":"Parks"}', 'building', now(), id FROM users LIMIT 1 RETURNING id`,
    );
    const builder = app.get(PackageBuilder);
    await expect(builder.build(id)).rejects.toThrow(/being built by another worker/);
    expect(existsSync(join(dataDir, 'packages', id))).toBe(false);

    await db.query(`UPDATE record_packages SET heartbeat_at = now() - interval '10 minutes' WHERE id = $1`, [id]);
    await builder.build(id);
    const [row] = await db.query('SELECT status, done, total FROM record_packages WHERE id = $1', [id]);
    expect(row).toEqual({ status: 'ready', done: 2, total: 2 });
    await builder.build(id); // delivered again once ready: nothing to do
  });

  it('refuses bad filters and other roles, and shows a package only to whoever asked for it', async () => {
    const bad = await http()
      .post('/records/packages')
      .set(bearer(records))
      .send({ filter: { colour: 'blue', from: 'soon' } })
      .expect(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/filter/colour',
      '/filter/from',
    ]);
    const list = await http()
      .post('/records/packages')
      .set(bearer(records))
      .send({ filter: [{ department: 'Parks' }] })
      .expect(400);
    expect(list.body.errors).toEqual([{ pointer: '/filter', detail: 'filter must be an object of filters' }]);
    const nul = await http()
      .post('/records/packages')
      .set(bearer(records))
      .send({ filter: { department: 'Parks\u0000' } })
      .expect(400);
    expect(nul.body.errors).toEqual([{ pointer: '/filter/department', detail: 'must not contain NUL characters' }]);
    await http().post('/records/packages').set(bearer(people.officer)).send({}).expect(403);
    const created = await http().post('/records/packages').set(bearer(records)).send({}).expect(202);
    const colleague = (await createUserAndLogin(app, [Role.RecordsOfficer])).session;
    await http().get(`/records/packages/${created.body.id}`).set(bearer(colleague)).expect(404);
    await http().get(`/records/packages/${created.body.id}/download`).set(bearer(colleague)).expect(404);
    expect((await whenReady(created.body.id)).progress).toEqual({ done: 3, total: 3 });
  });
});
