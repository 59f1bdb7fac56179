import { REVIEW_STATES } from '../../assessments/assessment-state';
import { label, SCREENING_OUTCOME_LABELS } from '../../common/labels';
import type { QueueItem, QueueName, QueueQuery } from '../review-queue/review-queue.service';
import { isReviewName, REVIEW_WORDS } from './named-review-view';

export const QUEUE_PAGE_SIZE = 25;

/** Each queue's tab and what it holds, in words. */
export const QUEUE_LABELS: Record<QueueName, { tab: string; intro: string }> = {
  screening: {
    tab: 'Screening',
    intro: 'Submitted assessments waiting for the privacy office to confirm their screening.',
  },
  risk: { tab: 'Risk assessment', intro: 'Assessments whose risks the privacy office is scoring and treating.' },
  privacy: {
    tab: 'Privacy review',
    intro: 'Assessments whose privacy review is open (workflow v2): the privacy office clears it or asks for changes.',
  },
  mine: { tab: 'Assigned to me', intro: 'Assessments in review on which you are the assigned reviewer.' },
  legal: {
    tab: 'Legal review',
    intro: 'Assessments waiting for legal review that are assigned to you, or to no legal counsel yet.',
  },
  security: {
    tab: 'Security review',
    intro: 'Assessments whose security review is open that are assigned to you, or to no security reviewer yet.',
  },
  equity: {
    tab: 'Equity review',
    intro: 'Assessments whose equity review is open that are assigned to you, or to no equity reviewer yet.',
  },
  approval: {
    tab: 'Awaiting decision',
    intro: 'Assessments waiting for a decision that are assigned to you, or to no approver yet.',
  },
};

/** The page for the next step at a stage, where the stage's reviewer works. */
const STEP_OF: Record<string, { label: string; path: string }> = {
  screening: { label: 'Review the screening', path: 'screening' },
  risk_assessment: { label: 'Work on the risks', path: 'risk' },
  legal_review: { label: 'Do the legal review', path: 'legal' },
  approval: { label: 'Decide', path: 'decide' },
};

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/**
 * The queue page's query from the address, leniently: anything unknown falls back to the default (the first
 * queue the person has, no filter, soonest deadline first, page 1), so a hand-edited address never fails.
 */
export function queueQueryOf(raw: Record<string, unknown>, queues: QueueName[]): QueueQuery {
  const queue = first(raw.queue);
  const department = first(raw.department);
  const stage = first(raw.stage);
  const page = first(raw.page);
  const chosen = queues.find((q) => q === queue) ?? queues[0] ?? 'screening';
  return {
    queue: chosen,
    department: typeof department === 'string' && department.trim() ? department.trim().slice(0, 100) : undefined,
    stage: chosen === 'mine' && typeof stage === 'string' && REVIEW_STATES.includes(stage as never) ? stage : undefined,
    overdue: first(raw.overdue) === '1',
    surveillance: first(raw.surveillance) === '1',
    sort: first(raw.sort) === '-deadline' ? '-deadline' : 'deadline',
    page: typeof page === 'string' && /^\d{1,6}$/.test(page) && Number(page) >= 1 ? Number(page) : 1,
    pageSize: QUEUE_PAGE_SIZE,
  };
}

/** The address of the queue with some of its query changed (filters kept; a new filter starts at page 1). */
export function queueHref(query: QueueQuery, change: Partial<QueueQuery> = {}): string {
  const q = { ...query, ...change };
  const params = new URLSearchParams({ queue: q.queue });
  if (q.department) params.set('department', q.department);
  if (q.stage) params.set('stage', q.stage);
  if (q.overdue) params.set('overdue', '1');
  if (q.surveillance) params.set('surveillance', '1');
  if (q.sort !== 'deadline') params.set('sort', q.sort);
  if (q.page > 1) params.set('page', String(q.page));
  return `/review?${params.toString()}`;
}

/**
 * One row of the queue's table, in words. In v2's review stage a named review's queue leads to that review's page, and
 * the privacy office's "Assigned to me" to the privacy review.
 */
export function queueRow(item: QueueItem, actorId: string, queue?: QueueName) {
  const base = `/pia/${encodeURIComponent(item.ref)}`;
  const named = queue === 'mine' ? 'privacy' : queue;
  const review = item.state === 'review' && isReviewName(named) ? named : null;
  const step = review
    ? { label: `Give the ${REVIEW_WORDS[review].title.toLowerCase()}`, path: `reviews/${review}` }
    : STEP_OF[item.state];
  return {
    ref: item.ref,
    title: item.title,
    href: base,
    department: item.department,
    owner: item.owner,
    stage: label.stage(item.state),
    deadline: item.deadline ? item.deadline.toISOString() : null,
    overdue: item.overdue,
    reminded: item.reminded,
    surveillance: item.surveillance,
    proposed: item.proposedOutcome ? SCREENING_OUTCOME_LABELS[item.proposedOutcome] : null,
    assignee: item.own
      ? 'You own it: another reviewer takes it'
      : item.assignee
        ? item.assignee.id === actorId
          ? 'You'
          : item.assignee.displayName
        : 'No one yet',
    next: item.own || !step ? { label: 'Follow it', href: base } : { label: step.label, href: `${base}/${step.path}` },
  };
}

/** The pages around the current one: previous, next, "Page 2 of 7", and the count shown. */
export function pagination(query: QueueQuery, total: number, shown: number) {
  const lastPage = Math.max(1, Math.ceil(total / query.pageSize));
  const from = total === 0 ? 0 : (query.page - 1) * query.pageSize + 1;
  return {
    total,
    from,
    to: from === 0 ? 0 : from + shown - 1,
    current: query.page,
    lastPage,
    previous: query.page > 1 ? queueHref(query, { page: Math.min(query.page - 1, lastPage) }) : null,
    next: query.page < lastPage ? queueHref(query, { page: query.page + 1 }) : null,
  };
}
