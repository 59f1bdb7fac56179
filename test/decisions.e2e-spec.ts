import type { INestApplication } from '@nestjs/common';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Role } from '../src/common/auth/roles';
import { UsersService } from '../src/identity/users.service';
import { sendEvent } from './support/assessments';
import { decidedAssessment, decisionWhen, download, type Reviewers } from './support/decisions';
import { bearer, createUserAndLogin, login } from './support/identity';
import { bootTestApp } from './support/test-app';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const work = mkdtempSync(join(tmpdir(), 'decisions-e2e-'));
const file = (name: string, data: Buffer | string) => {
  const path = join(work, name);
  writeFileSync(path, data);
  return path;
};
/** pdfsig exits non-zero on a bad signature; its report is what counts. */
const pdfsig = (path: string) => spawnSync('pdfsig', [path], { encoding: 'utf8' }).stdout;
const flipByte = (data: Buffer, at: number) => {
  const copy = Buffer.from(data);
  copy[at] ^= 0x01;
  return copy;
};

describe('signed decision documents', () => {
  let app: INestApplication;
  let people: Reviewers;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await bootTestApp();
    // A name outside Latin-1: the PDF must embed a font that has it.
    const password = 'a-long-enough-passphrase-for-tests';
    const owner = await app.get(UsersService).create({ email: `lucja.${Date.now()}@example.gov`, displayName: 'Nguyễn Thị Łucja', roles: [Role.ProjectOwner], password }, null);
    people = {
      owner: await login(app, owner.email, password),
      officer: (await createUserAndLogin(app, [Role.PrivacyOfficer])).session,
      counsel: (await createUserAndLogin(app, [Role.LegalCounsel])).session,
      approver: (await createUserAndLogin(app, [Role.Approver])).session,
    };
  });
  afterAll(() => app.close());

  it('issues a PAdES-signed PDF that pdfsig reports valid, with the Unicode owner name and metadata', async () => {
    const a = await decidedAssessment(app, people, { type: 'APPROVE', reason: 'Risks are managed.', conditions: [{ text: 'Publish the retention schedule.', dueDate: '2027-06-30' }] });
    const decision = await decisionWhen(app, people.owner, a.id);
    expect(decision).toMatchObject({ outcome: 'remediation', documentStatus: 'issued', documents: [{ version: 1, supersedesId: null }] });
    const pdf = await download(app, people.owner, `/decisions/${decision.id}/document.pdf`);
    expect(sha256(pdf)).toBe(decision.documents[0].pdfSha256);
    const path = file('decision.pdf', pdf);
    const report = pdfsig(path);
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('ETSI.CAdES.detached');
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
    expect(text).toContain('Nguyễn Thị Łucja');
    expect(text).toContain('Approved with conditions');
    expect(text).toContain('Publish the retention schedule.');
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+Privacy review decision: PIA-/);
    expect(info).toMatch(/Author:\s+City Privacy Office/);

    // One changed byte inside the signed content: every verifier says invalid.
    const tampered = flipByte(pdf, Math.floor(pdf.indexOf('/ByteRange') / 2));
    expect(pdfsig(file('tampered.pdf', tampered))).toContain('Digest Mismatch');
    const verdict = await http().post('/decisions/verify').attach('file', tampered, 'tampered.pdf').expect(200);
    expect(verdict.body).toMatchObject({ valid: false, kind: 'pdf', reason: expect.stringContaining('Digest mismatch') });
    const genuine = await http().post('/decisions/verify').attach('file', pdf, 'decision.pdf').expect(200);
    expect(genuine.body).toMatchObject({ valid: true, kind: 'pdf', decision: { id: decision.id, documentVersion: 1, superseded: false } });
  });
});
