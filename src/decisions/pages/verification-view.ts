import { DECISION_OUTCOME_LABELS } from '../../common/labels';
import { formatDateTime } from '../templates/handlebars-helpers';
import type { DecisionOutcome } from '../record/decision-record';
import type { DecisionManifest } from '../signing/manifest';
import type { Verification } from '../verify/verification';

/** The verifier's answer as DecisionVerifier gives it to the API. */
export type VerifierAnswer = Verification & {
  sha256: string;
  decision: { id: string; documentVersion: number; superseded: boolean } | null;
};

export interface VerificationView {
  valid: boolean;
  headline: string;
  /** Why, in the verifier's words: what holds, or what is wrong. */
  reason: string;
  fileName: string;
  sha256: string;
  ref: string | null;
  outcome: string | null;
  decidedAt: string | null;
  signOffs: { name: string; role: string; at: string; meaning: string }[];
  /** The certificate that sealed a PDF, as its subject names it. */
  sealedBy: string | null;
  documentVersion: number | null;
  superseded: boolean;
  /** The engine holds no document with this signature's content (a valid file from elsewhere, or disposed of). */
  unknownToEngine: boolean;
}

const KIND_WORDS: Record<Verification['kind'], string> = {
  pdf: 'decision document (PDF)',
  jws: 'signed manifest',
  unknown: 'file',
};

/**
 * The verification page's words for an answer. `manifest` is what the engine's own signed manifest says of the
 * document, when it knows it; an uploaded manifest that verifies says the same of itself.
 */
export function verificationView(
  answer: VerifierAnswer,
  fileName: string,
  manifest: DecisionManifest | null,
): VerificationView {
  const facts = answer.valid
    ? answer.kind === 'jws'
      ? (answer.details as unknown as DecisionManifest)
      : manifest
    : null;
  const outcome = facts?.outcome;
  return {
    valid: answer.valid,
    headline: answer.valid
      ? `This ${KIND_WORDS[answer.kind]} is genuine`
      : `This ${KIND_WORDS[answer.kind]} could not be verified`,
    reason: answer.reason,
    fileName,
    sha256: answer.sha256,
    ref: facts?.assessmentRef ?? null,
    outcome: outcome
      ? Object.hasOwn(DECISION_OUTCOME_LABELS, outcome)
        ? DECISION_OUTCOME_LABELS[outcome as DecisionOutcome]
        : outcome
      : null,
    decidedAt: facts?.decidedAt ? formatDateTime(facts.decidedAt) : null,
    signOffs: (facts?.signers ?? []).map((s) => ({ ...s, at: formatDateTime(s.at) })),
    sealedBy: answer.kind === 'pdf' && typeof answer.details.signer === 'string' ? answer.details.signer : null,
    documentVersion: answer.decision?.documentVersion ?? facts?.documentVersion ?? null,
    superseded: answer.decision?.superseded ?? false,
    unknownToEngine: answer.valid && !answer.decision,
  };
}
