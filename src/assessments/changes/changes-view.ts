import type { Actor } from '../../common/auth/actor';
import { DECIDED_STATES, EDITABLE_STATES, type AssessmentState } from '../assessment-state';
import { answerText } from '../pages/answer-text';
import type { AnswerChange, AnswerChanges } from './changes.service';
import { wordCounts } from './word-diff';

/** How many changes the status page lists before pointing to the full page. */
export const STATUS_PAGE_ITEMS = 5;

/** Beyond this length an answer is not quoted whole in the status page's one-line summary. */
const QUOTED = 120;

const anchor = (questionId: string) => `change-${questionId}`;

/** An answer in words; an id the questionnaire no longer holds shows its stored JSON rather than nothing. */
const textOf = (change: AnswerChange, value: unknown) =>
  change.question ? answerText(change.question, value) : JSON.stringify(value);

/** Where the window starts, in words: "Priya Shah asked for changes", "the reassessment began"... */
function windowLabel(changes: AnswerChanges, actor: Actor): string {
  const since = changes.since;
  if (!since) return 'the assessment was started';
  const who = since.by ? (since.by.id === actor.id ? 'you' : since.by.displayName) : 'the engine';
  if (since.chosen === 'cycle') return since.cycle === 1 ? 'the assessment was started' : `cycle ${since.cycle} began`;
  if (since.type === 'REQUEST_CHANGES') return `${who} asked for changes`;
  if (since.type === 'REASSESS') return `${who} reopened it for reassessment`;
  if (since.type === 'CREATED') return 'the assessment was started';
  return `event ${since.seq} of its history`;
}

/** Comment threads on one question: how many, how many still open, and whether one is a requested change. */
export interface QuestionThreads {
  total: number;
  open: number;
  requested: boolean;
}

/** The threads on a changed question, in words, with the link to read them; null when there are none. */
function threadsOf(threads: QuestionThreads | undefined, questionId: string, base: string) {
  if (!threads || threads.total === 0) return null;
  const open = threads.open === 0 ? 'all resolved' : `${threads.open} open`;
  return {
    label: `${threads.total} ${threads.total === 1 ? 'comment thread' : 'comment threads'} on this question (${open})`,
    requested: threads.requested,
    href: `${base}/comments?question=${encodeURIComponent(questionId)}`,
  };
}

/** One change on the full page: the question, who and when, the diff or the answers before and after, its threads. */
function changeRow(change: AnswerChange, base: string, threads: QuestionThreads | undefined) {
  return {
    threads: threadsOf(threads, change.questionId, base),
    id: anchor(change.questionId),
    question: change.question?.label ?? change.questionId,
    section: change.section?.title ?? null,
    sectionHref: change.section
      ? `${base}/sections/${encodeURIComponent(change.section.id)}#${encodeURIComponent(change.questionId)}`
      : null,
    by: change.changedBy.displayName,
    at: change.changedAt.toISOString(),
    saves: change.revisions > 1 ? change.revisions : null,
    diff: change.diff,
    before: change.diff ? null : textOf(change, change.before),
    after: change.diff ? null : textOf(change, change.after),
  };
}

/** The links to the other windows the full page offers (the one shown is not a link). */
function windows(changes: AnswerChanges, base: string) {
  const href = (since: string | null) => (since ? `${base}/changes?since=${since}` : `${base}/changes`);
  const options = [
    {
      label: 'Since it was last sent back to the owner',
      href: href(null),
      current: changes.since?.chosen === 'default',
    },
    ...(changes.cycle > 1
      ? [
          {
            label: `Since cycle ${changes.cycle} began`,
            href: href(`cycle:${changes.cycle}`),
            current: changes.since?.chosen === 'cycle' && changes.since.cycle === changes.cycle,
          },
        ]
      : []),
    {
      label: 'Since the assessment was started',
      href: href('cycle:1'),
      current: changes.since?.chosen === 'cycle' && changes.since.cycle === 1,
    },
  ];
  return options;
}

/** The model of /pia/:ref/changes; `threads` holds the comment threads by question id. */
export function changesPage(
  changes: AnswerChanges,
  actor: Actor,
  threads: ReadonlyMap<string, QuestionThreads> = new Map(),
) {
  const base = `/pia/${encodeURIComponent(changes.assessment.ref)}`;
  return {
    ref: changes.assessment.ref,
    title: changes.assessment.title,
    base,
    since: changes.since ? { label: windowLabel(changes, actor), at: changes.since.at.toISOString() } : null,
    windows: windows(changes, base),
    items: changes.items.map((change) => changeRow(change, base, threads.get(change.questionId))),
  };
}

/** "12 words added, 3 removed", or the answers quoted when short, for the status page's list. */
function summaryOf(change: AnswerChange): string {
  if (change.diff) {
    const { added, removed } = wordCounts(change.diff);
    return `${added} ${added === 1 ? 'word' : 'words'} added, ${removed} removed`;
  }
  const before = textOf(change, change.before);
  const after = textOf(change, change.after);
  return before.length <= QUOTED && after.length <= QUOTED ? `“${before}” became “${after}”` : 'Rewritten';
}

/**
 * The status page's "Changed since you asked": shown to a reviewer (not the owner) while the assessment is back in
 * review after the owner had it (changes asked for, or a reassessment), with the first changes and a link to all.
 */
export function statusSection(changes: AnswerChanges, actor: Actor) {
  const { since, assessment } = changes;
  const state = assessment.state as AssessmentState;
  const inReview = !EDITABLE_STATES.includes(state) && !DECIDED_STATES.includes(state) && state !== 'withdrawn';
  const afterOwner = since?.type === 'REQUEST_CHANGES' || since?.type === 'REASSESS';
  if (!since || !afterOwner || !inReview || assessment.ownerId === actor.id) return null;
  const base = `/pia/${encodeURIComponent(assessment.ref)}`;
  const who = since.by?.id === actor.id ? 'you' : (since.by?.displayName ?? 'the engine');
  return {
    heading: since.type === 'REASSESS' ? 'Changed since the reassessment began' : `Changed since ${who} asked`,
    at: since.at.toISOString(),
    total: changes.items.length,
    href: `${base}/changes`,
    items: changes.items.slice(0, STATUS_PAGE_ITEMS).map((change) => ({
      question: change.question?.label ?? change.questionId,
      href: `${base}/changes#${anchor(change.questionId)}`,
      by: change.changedBy.displayName,
      at: change.changedAt.toISOString(),
      summary: summaryOf(change),
    })),
    more: Math.max(0, changes.items.length - STATUS_PAGE_ITEMS),
  };
}
