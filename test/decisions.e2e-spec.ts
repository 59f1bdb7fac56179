import type { INestApplication } from '@nestjs/common';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { readPdfSignature } from '../src/decisions/verify/pdf-signature';
import { decidedAssessment, decisionWhen, download } from './support/decisions';
import { bearer, createUserAndLogin } from './support/identity';
import { sendEvent, submittedAssessment, treatRisks } from './support/assessments';
import { runCli } from './support/cli';
import { createReviewers, type Reviewers } from './support/reviewers';
import { bootTestApp, testDatabaseUrl } from './support/test-app';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const work = mkdtempSync(join(tmpdir(), 'decisions-e2e-'));
const file = (name: string, data: Buffer | string) => {
  const path = join(work, name);
  writeFileSync(path, data);
  return path;
};
/** pdfsig exits non-zero on a bad signature; its report is what counts. */
const pdfsig = (path: string) => spawnSync('pdfsig', [path], { encoding: 'utf8' }).stdout;
/** The PDF with its CMS re-encoded after emptying the first signed attribute, padded into the same /Contents slot. */
function withFirstSignedAttributeEmptied(pdf: Buffer): Buffer {
  const { cms, byteRange: ByteRange } = readPdfSignature(pdf);
  const contentInfo = forge.asn1.fromDer(cms.toString('binary'));
  const signedData = (contentInfo.value[1] as forge.asn1.Asn1).value[0] as forge.asn1.Asn1;
  const signerInfos = (signedData.value as forge.asn1.Asn1[]).at(-1)!;
  const signerInfo = (signerInfos.value as forge.asn1.Asn1[])[0];
  const attributes = (signerInfo.value as forge.asn1.Asn1[]).find(
    (part) => part.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && part.type === 0,
  )!;
  (attributes.value as forge.asn1.Asn1[])[0] = forge.asn1.create(
    forge.asn1.Class.UNIVERSAL,
    forge.asn1.Type.SEQUENCE,
    true,
    [],
  );
  const slot = ByteRange[2] - ByteRange[1] - 2;
  const hex = Buffer.from(forge.asn1.toDer(contentInfo).getBytes(), 'binary').toString('hex').padEnd(slot, '0');
  const copy = Buffer.from(pdf);
  copy.write(hex, ByteRange[1] + 1, 'latin1');
  return copy;
}
/** A JWS whose signature has one character swapped for another base64url one: still a JWS, no longer valid. */
const tamperedSignature = (jws: Buffer) => {
  const text = jws.toString();
  const at = text.lastIndexOf('.') + 10;
  return Buffer.from(`${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`);
};
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
    people = await createReviewers(app, { owner: { displayName: 'Nguyễn Thị Łucja' } });
  });
  afterAll(() => app.close());

  it('issues a PAdES-signed PDF that pdfsig reports valid, with the Unicode owner name and metadata', async () => {
    const a = await decidedAssessment(app, people, {
      type: 'APPROVE',
      reason: 'Risks are managed.',
      conditions: [{ text: 'Publish the retention schedule.', dueDate: '2027-06-30' }],
    });
    const decision = await decisionWhen(app, people.owner, a.id);
    expect(decision).toMatchObject({
      outcome: 'remediation',
      documentStatus: 'issued',
      documents: [{ version: 1, supersedesId: null }],
    });
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
    // The CMS inside checks with openssl too, and carries the ESS signing-certificate-v2 PAdES B-B asks for.
    const { cms: der, signedData } = readPdfSignature(pdf);
    const cms = file('signature.der', der);
    const verified = spawnSync(
      'openssl',
      [
        'cms',
        '-verify',
        '-inform',
        'DER',
        '-in',
        cms,
        '-content',
        file('signed.bin', signedData),
        '-binary',
        '-noverify',
        '-out',
        '/dev/null',
      ],
      { encoding: 'utf8' },
    );
    expect(verified.stderr).toContain('Verification successful');
    expect(
      execFileSync('openssl', ['cms', '-inform', 'DER', '-in', cms, '-cmsout', '-print'], { encoding: 'utf8' }),
    ).toContain('signingCertificateV2');
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+Privacy review decision: PIA-/);
    expect(info).toMatch(/Author:\s+City Privacy Office/);

    // One changed byte inside the signed content: every verifier says invalid.
    const tampered = flipByte(pdf, Math.floor(pdf.indexOf('/ByteRange') / 2));
    expect(pdfsig(file('tampered.pdf', tampered))).toContain('Digest Mismatch');
    const verdict = await http().post('/decisions/verify').attach('file', tampered, 'tampered.pdf').expect(200);
    expect(verdict.body).toMatchObject({
      valid: false,
      kind: 'pdf',
      reason: expect.stringContaining('Digest mismatch'),
    });
    const genuine = await http().post('/decisions/verify').attach('file', pdf, 'decision.pdf').expect(200);
    expect(genuine.body).toMatchObject({
      valid: true,
      kind: 'pdf',
      decision: { id: decision.id, documentVersion: 1, superseded: false },
    });

    // A crafted CMS (its first signed attribute emptied) in place of the real one: invalid, not a 500.
    const crafted = await http()
      .post('/decisions/verify')
      .attach('file', withFirstSignedAttributeEmptied(pdf), 'crafted.pdf')
      .expect(200);
    expect(crafted.body).toMatchObject({ valid: false, kind: 'pdf', reason: expect.stringContaining('malformed') });
  });

  it('says in words what was decided, that legal review was required and cleared, the escalation, and who signed what', async () => {
    const a = await submittedAssessment(app, people.owner);
    await sendEvent(app, people.officer, a.id, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    await treatRisks(app, people.officer, a.id, 'high'); // one high residual risk, accepted: escalated
    await sendEvent(app, people.officer, a.id, { type: 'COMPLETE_RISK_ASSESSMENT' });
    await sendEvent(app, people.counsel, a.id, { type: 'LEGAL_CLEAR' }); // no written findings
    await sendEvent(app, people.approver, a.id, {
      type: 'APPROVE',
      conditions: [{ text: 'Publish the retention schedule.', dueDate: '2027-06-30' }],
    });
    const decision = await decisionWhen(app, people.owner, a.id);
    const pdf = file('worded.pdf', await download(app, people.owner, `/decisions/${decision.id}/document.pdf`));
    expect(pdfsig(pdf)).toContain('Signature Validation: Signature is Valid.');
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const html = (await download(app, people.owner, `/decisions/${decision.id}/document.html`))
      .toString()
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
    for (const rendering of [text, html]) {
      expect(rendering).toContain('Approved with conditions');
      expect(rendering).toContain('Full privacy impact assessment');
      expect(rendering).toContain('Legal review was required. Cleared by Test legal_counsel on');
      expect(rendering).not.toContain('No legal review was required');
      expect(rendering).toContain('Escalated');
      expect(rendering).toMatch(/: (high|critical) residual risk accepted/);
      expect(rendering).toContain(
        'Approved with conditions: I have reviewed this assessment and accept its residual risks, provided the conditions',
      );
      expect(rendering).toMatch(/Signed by Test approver, Approver,? (Signed )?on \d{1,2} \w+ \d{4}/);
      expect(rendering).not.toMatch(/\spia\s/); // the code, not the questionnaire's id city-pia
      expect(rendering).not.toMatch(/cnil feared event|nist problematic data action|untreated|remediation/i);
    }
    expect(text).toContain('Feared event (CNIL)');
    expect(text).toContain('Counsel recorded no written findings.');
    // The public rendering cites the exemption of the findings, and never says there were none.
    expect(html).not.toContain('Counsel recorded no written findings.');
  });

  it('signs a manifest that binds both documents, verifiable offline with the JWKS alone', async () => {
    const a = await decidedAssessment(app, people, {
      type: 'REJECT',
      reason: 'The purpose does not justify citywide location tracking.',
    });
    const decision = await decisionWhen(app, people.officer, a.id);
    expect(decision).toMatchObject({ outcome: 'rejected', documentStatus: 'issued' });
    const [pdf, html, jws] = await Promise.all(
      ['document.pdf', 'document.html', 'manifest.jws'].map((part) =>
        download(app, people.officer, `/decisions/${decision.id}/${part}`),
      ),
    );
    const jwks = (
      await http()
        .get('/.well-known/jwks.json')
        .expect(200)
        .expect('Content-Type', /jwk-set\+json/)
    ).body;
    expect(jwks.keys).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', kid: decision.documents[0].manifestKeyId }),
        expect.objectContaining({ kty: 'RSA', x5c: [expect.any(String)] }),
      ]),
    );

    const [header, payload] = jws
      .toString()
      .split('.')
      .map((part, i) => (i < 2 ? JSON.parse(Buffer.from(part, 'base64url').toString()) : null));
    expect(header).toEqual({ alg: 'EdDSA', kid: decision.documents[0].manifestKeyId, typ: 'decision-manifest+jws' });
    expect(payload).toMatchObject({
      decisionId: decision.id,
      assessmentRef: expect.stringMatching(/^PIA-/),
      outcome: 'rejected',
      pdfSha256: sha256(pdf),
      htmlSha256: sha256(html),
      keyId: header.kid,
      lastEventHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(payload.signers.map((s: { role: string }) => s.role)).toEqual([
      'Project owner',
      'Privacy officer',
      'Privacy officer',
      'Legal counsel',
      'Approver',
    ]);
    const events = (await http().get(`/assessments/${a.id}/events`).set(bearer(people.officer)).expect(200)).body;
    expect(payload.lastEventHash).toBe(events[events.length - 1].hash);

    // Offline: the CLI gets only the saved JWKS and the files.
    const jwksPath = file('jwks.json', JSON.stringify(jwks));
    const cli = (args: string[]) => runCli(['decisions:verify', ...args, '--jwks', jwksPath], testDatabaseUrl());
    const ok = await cli([file('m.jws', jws), '--document', file('d.pdf', pdf)]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, kind: 'jws' });
    expect((await cli([file('d2.pdf', pdf)])).code).toBe(0);
    expect((await cli([file('m2.jws', jws), '--document', file('d.html', html)])).code).toBe(0);

    // One changed byte anywhere: the manifest, the PDF or the HTML it names.
    const badJws = await cli([file('bad.jws', tamperedSignature(jws))]);
    expect(badJws.code).toBe(1);
    expect(JSON.parse(badJws.stdout)).toMatchObject({ valid: false });
    const badPdf = await cli([file('bad.pdf', flipByte(pdf, 2000))]);
    expect(JSON.parse(badPdf.stdout)).toMatchObject({
      valid: false,
      reason: expect.stringContaining('Digest mismatch'),
    });
    const badHtml = await cli([file('m3.jws', jws), '--document', file('bad.html', flipByte(html, 500))]);
    expect(badHtml.code).toBe(1);
    expect(
      (await http().post('/decisions/verify').attach('file', tamperedSignature(jws), 'm.jws').expect(200)).body,
    ).toMatchObject({ valid: false, kind: 'jws' });
    expect((await http().post('/decisions/verify').attach('file', jws, 'm.jws').expect(200)).body).toMatchObject({
      valid: true,
      kind: 'jws',
      decision: { id: decision.id },
    });
  });

  it('publishes HTML that leaves out internal and exempt parts and says so', async () => {
    const a = await decidedAssessment(app, people);
    const decision = await decisionWhen(app, people.owner, a.id);
    const html = (await download(app, people.owner, `/decisions/${decision.id}/document.html`)).toString();
    expect(html).toContain('Withheld from this public version');
    expect(html).toContain('exempt from public disclosure under RCW 42.56.420(4)');
    expect(html).toContain('RCW 5.60.060(2)(a)'); // legal findings
    expect(html).not.toContain('Single sign-on with quarterly access reviews.'); // access_controls: exempt
    expect(html).not.toContain('Counsel advises'); // the legal findings themselves
    expect(html).toContain('Licence plate'); // the inventory is public
    expect(html).toContain('<svg'); // the heat map
    // The PDF is the complete record: it keeps the exempt answer, marked.
    const text = execFileSync(
      'pdftotext',
      [file('full.pdf', await download(app, people.owner, `/decisions/${decision.id}/document.pdf`)), '-'],
      { encoding: 'utf8' },
    );
    expect(text).toContain('Single sign-on with quarterly access reviews.');
    expect(text).toContain('Counsel advises that the two-year retention is lawful.');
  });

  it('keeps documents immutable; a correction is a new version naming the one it supersedes', async () => {
    const a = await decidedAssessment(app, people);
    const first = await decisionWhen(app, people.officer, a.id);
    await http().post(`/decisions/${first.id}/corrections`).set(bearer(people.owner)).send({ reason: 'x' }).expect(403);
    const bad = await http()
      .post(`/decisions/${first.id}/corrections`)
      .set(bearer(people.officer))
      .send({ reason: '' })
      .expect(400);
    expect(bad.body.errors).toEqual([{ pointer: '/reason', detail: expect.any(String) }]);
    const accepted = await http()
      .post(`/decisions/${first.id}/corrections`)
      .set(bearer(people.officer))
      .send({ reason: 'The department name was misspelt.' })
      .expect(202);
    expect(accepted.body).toEqual({ decisionId: first.id, version: 2, status: 'pending' });
    const corrected = await decisionWhen(
      app,
      people.officer,
      a.id,
      (d) => d.documentStatus === 'issued' && d.documents.length === 2,
    );
    expect(corrected.documents[1]).toMatchObject({ version: 2, supersedesId: corrected.documents[0].id });
    const jws = (await download(app, people.officer, `/decisions/${first.id}/manifest.jws`)).toString();
    expect(JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString())).toMatchObject({
      documentVersion: 2,
      supersedes: corrected.documents[0].id,
    });
    // The old version still verifies, and the engine says it was superseded.
    const old = await download(app, people.officer, `/decisions/${first.id}/document.pdf?version=1`);
    expect((await http().post('/decisions/verify').attach('file', old, 'old.pdf').expect(200)).body).toMatchObject({
      valid: true,
      decision: { documentVersion: 1, superseded: true },
    });
    const events = (await http().get(`/assessments/${a.id}/events`).set(bearer(people.officer)).expect(200)).body;
    expect(events[events.length - 1]).toMatchObject({
      type: 'DOCUMENT_CORRECTION',
      payload: { decisionId: first.id, version: 2, reason: 'The department name was misspelt.' },
    });

    const db = app.get(DataSource);
    await expect(
      db.query(`UPDATE decision_documents SET html = 'forged' WHERE decision_id = $1`, [first.id]),
    ).rejects.toThrow(/immutable/);
    await expect(db.query('DELETE FROM decision_documents WHERE decision_id = $1', [first.id])).rejects.toThrow(
      /immutable/,
    );
  });

  it('answers 400 for a missing upload, 404 beyond reach, and needs no login to verify or read the JWKS', async () => {
    const missing = await http().post('/decisions/verify').expect(400);
    expect(missing.body).toMatchObject({ errors: [{ pointer: '/file' }] });
    const misnamed = await http().post('/decisions/verify').attach('upload', Buffer.from('%PDF-'), 'x.pdf').expect(400);
    expect(misnamed.body).toMatchObject({
      errors: [{ pointer: '/file', detail: expect.stringContaining('Unexpected file field - upload') }],
    });
    const broken = await http()
      .post('/decisions/verify')
      .set('Content-Type', 'multipart/form-data; boundary=x')
      .send('--x\r\nnonsense')
      .expect(400);
    expect(broken.body).toMatchObject({ errors: [{ pointer: '/file' }] });
    expect(
      (await http().post('/decisions/verify').attach('file', Buffer.from('hello'), 'x.txt').expect(200)).body,
    ).toMatchObject({ valid: false, kind: 'unknown' });
    const a = await decidedAssessment(app, people);
    const decision = await decisionWhen(app, people.owner, a.id);
    const stranger = (await createUserAndLogin(app, [Role.ProjectOwner])).session;
    await http().get(`/decisions/${decision.id}`).set(bearer(stranger)).expect(404);
    await http().get(`/decisions/${decision.id}/document.pdf`).set(bearer(stranger)).expect(404);
    await http().get(`/assessments/${a.id}/decision`).set(bearer(stranger)).expect(404);
    await http()
      .get(`/decisions/${decision.id}/document.pdf`)
      .query({ version: 'two' })
      .set(bearer(people.owner))
      .expect(400);
    const huge = await http()
      .get(`/decisions/${decision.id}/document.pdf`)
      .query({ version: '99999999999' })
      .set(bearer(people.owner))
      .expect(400);
    expect(huge.body).toMatchObject({ errors: [{ pointer: '/version' }] });
    await http()
      .get(`/decisions/${decision.id}/document.pdf`)
      .query({ version: 9 })
      .set(bearer(people.owner))
      .expect(404);
    await http().get(`/decisions/not-a-uuid`).set(bearer(people.owner)).expect(400);
    const records = (await createUserAndLogin(app, [Role.RecordsOfficer])).session;
    await http().get(`/decisions/${decision.id}/manifest.jws`).set(bearer(records)).expect(200);
  });
});
