import type { Question } from '../questionnaire/questionnaire.types';
import { answerText } from './answer-text';
import { type FormInput, inputOf, sameAnswer } from './answer-form';

/** A change someone else saved after the form was opened (from the answer history, newest first). */
export interface LaterRevision {
  questionId: string;
  oldValue: unknown;
  newValue: unknown;
  changedBy: { displayName: string };
  changedAt: Date;
  version: number;
}

export interface Conflict {
  questionId: string;
  theirs: string;
  by: string;
  at: Date;
}

/**
 * Merges a form refused as stale with what others saved since it was opened, so that nothing is lost:
 * - a question only they changed takes their answer (the form still held the old one);
 * - a question only this person changed keeps what they typed;
 * - a question both changed, differently, keeps what this person typed and is reported with their answer.
 * Returns the inputs to show again and the conflicts to show beside them.
 */
export function mergeStaleForm(
  questions: Question[],
  typed: Map<string, FormInput>,
  saved: Record<string, unknown>,
  laterRevisions: LaterRevision[],
): { inputs: Map<string, FormInput>; conflicts: Conflict[]; takenFromThem: string[] } {
  const inputs = new Map(typed);
  const conflicts: Conflict[] = [];
  const takenFromThem: string[] = [];
  for (const question of questions) {
    const revisions = laterRevisions.filter((r) => r.questionId === question.id);
    const input = typed.get(question.id);
    if (revisions.length === 0 || input === undefined) continue;
    const latest = revisions[0];
    const base = revisions[revisions.length - 1].oldValue;
    const theirs = saved[question.id] ?? null;
    if (sameAnswer(question, input, theirs)) continue;
    if (sameAnswer(question, input, base)) {
      inputs.set(question.id, inputOf(question, theirs));
      takenFromThem.push(question.id);
      continue;
    }
    conflicts.push({
      questionId: question.id,
      theirs: answerText(question, theirs),
      by: latest.changedBy.displayName,
      at: latest.changedAt,
    });
  }
  return { inputs, conflicts, takenFromThem };
}
