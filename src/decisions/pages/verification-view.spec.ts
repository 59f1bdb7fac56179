import type { DecisionManifest } from '../signing/manifest';
import { verificationView } from './verification-view';

const manifest: DecisionManifest = {
  decisionId: 'd1',
  assessmentRef: 'PIA-2026-0042',
  outcome: 'remediation',
  decidedAt: '2026-03-01T14:05:00.000Z',
  signers: [{ name: 'Sam Ortiz', role: 'Approver', at: '2026-03-01T14:05:00.000Z', meaning: 'Approved it.' }],
  documentVersion: 2,
  supersedes: null,
  pdfSha256: 'a',
  htmlSha256: 'b',
  lastEventHash: 'c',
  keyId: 'k1',
};

describe('the verification page’s words', () => {
  it('names a genuine PDF’s assessment, decision, time and signers from the engine’s manifest, and a newer version', () => {
    const view = verificationView(
      {
        valid: true,
        kind: 'pdf',
        reason: 'The signature is valid.',
        details: { signer: 'CN=City' },
        sha256: 'f'.repeat(64),
        decision: { id: 'd1', documentVersion: 2, superseded: true },
      },
      'decision.pdf',
      manifest,
    );
    expect(view).toMatchObject({
      valid: true,
      headline: 'This decision document (PDF) is genuine',
      ref: 'PIA-2026-0042',
      outcome: 'Approved with conditions',
      decidedAt: '1 March 2026 at 14:05 UTC',
      signOffs: [{ name: 'Sam Ortiz', role: 'Approver', at: '1 March 2026 at 14:05 UTC', meaning: 'Approved it.' }],
      sealedBy: 'CN=City',
      documentVersion: 2,
      superseded: true,
      unknownToEngine: false,
    });
  });

  it('reads a genuine manifest from itself, even when the engine no longer holds its document', () => {
    const view = verificationView(
      { valid: true, kind: 'jws', reason: 'ok', details: { ...manifest }, sha256: 'e', decision: null },
      'm.jws',
      null,
    );
    expect(view).toMatchObject({
      headline: 'This signed manifest is genuine',
      ref: 'PIA-2026-0042',
      unknownToEngine: true,
    });
  });

  it('says why a file is not valid, and claims nothing it says of itself', () => {
    const view = verificationView(
      { valid: false, kind: 'jws', reason: 'It was changed.', details: { ...manifest }, sha256: 'e', decision: null },
      'm.jws',
      manifest,
    );
    expect(view).toMatchObject({
      valid: false,
      headline: 'This signed manifest could not be verified',
      reason: 'It was changed.',
      ref: null,
      outcome: null,
      signOffs: [],
    });
  });
});
