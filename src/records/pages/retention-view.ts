import { DECISION_OUTCOME_LABELS, label } from '../../common/labels';
import type { DecisionRetention } from '../retention/retention.service';

/** What the decision's retention page says after an act this site sent was done (?done=...). */
export const DONE_NOTICES: Record<string, string> = {
  held: 'Legal hold placed. The decision cannot be disposed of until the hold is released.',
  released: 'Legal hold released. The decision follows its retention schedule again.',
  disposed: 'Disposed of. Its documents are destroyed; what they were (their hashes) stays in its history.',
};

/** A disposition is confirmed by typing the decision's ref back, spaces around it and letter case aside. */
export function confirmationMatches(typed: string, ref: string): boolean {
  return typed.trim().toUpperCase() === ref.toUpperCase();
}

/** A decision's retention in words, and which acts the page offers now (the service still decides each). */
export function retentionView(d: DecisionRetention) {
  const disposed = d.disposedAt !== null;
  const held = d.legalHoldSince !== null;
  return {
    decisionId: d.decisionId,
    base: `/records/retention/${d.decisionId}`,
    ref: d.ref,
    title: d.title,
    department: d.department,
    outcome: Object.hasOwn(DECISION_OUTCOME_LABELS, d.outcome)
      ? DECISION_OUTCOME_LABELS[d.outcome as keyof typeof DECISION_OUTCOME_LABELS]
      : label.stage(d.outcome),
    stage: label.stage(d.state),
    cycle: d.cycle,
    decidedAt: d.decidedAt.toISOString(),
    retentionClass: d.retentionClass,
    dispositionDate: d.dispositionDate,
    disposedAt: disposed ? d.disposedAt!.toISOString() : null,
    hold: held ? { since: d.legalHoldSince!.toISOString(), reason: d.legalHoldReason } : null,
    /** Past its date, not held, not yet disposed of: what the service requires of a disposition. */
    due: d.pastDate && !held && !disposed,
    /** Why it cannot be disposed of now, in words; null when it can. */
    notNow: disposed
      ? 'It was disposed of already.'
      : held
        ? 'It is under a legal hold: release the hold first.'
        : !d.pastDate
          ? `It is kept until its disposition date.`
          : null,
    documents: d.documents,
    open: !disposed,
  };
}
