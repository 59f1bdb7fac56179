import { ROLE_LABELS } from '../../common/labels';
import {
  type AssessmentContextV2,
  type NamedReview,
  REVIEW_NAMES,
  REVIEW_ROLE,
  type ReviewName,
} from '../assessment-machine.types';
import { isReviewer } from '../reviewer-rule';
import type { ChainEvent } from './status-view';

/** How the pages speak of each named review: its title, and what its reviewer looks at (the findings' hint). */
export const REVIEW_WORDS: Record<ReviewName, { title: string; hint: string }> = {
  privacy: {
    title: 'Privacy review',
    hint: 'Notice, purpose, minimisation, retention, sharing: what you found. They go into the decision document.',
  },
  legal: {
    title: 'Legal review',
    hint: 'Public records, retention, sharing agreements, the surveillance ordinance: what you found. They go into the decision document.',
  },
  security: {
    title: 'Security review',
    hint: 'Access control, encryption, hosting, vendor access, logging: what you found. They go into the decision document.',
  },
  equity: {
    title: 'Equity review',
    hint: "The Racial Equity Toolkit's questions: who bears the technology's burdens, and what mitigates them. They go into the decision document.",
  },
};

export const isReviewName = (value: unknown): value is ReviewName =>
  typeof value === 'string' && (REVIEW_NAMES as readonly string[]).includes(value);

export const reviewHref = (base: string, name: ReviewName) => `${base}/reviews/${name}`;

type Standing = 'not_started' | 'not_applicable' | 'open' | 'cleared' | 'changes_requested';

const STANDING_WORDS: Record<Standing, string> = {
  not_started: 'Not started',
  not_applicable: 'Not required',
  open: 'Open',
  cleared: 'Cleared',
  changes_requested: 'Changes requested',
};

/** The regions of v2's parallel review state, as the stored snapshot holds them while in review. */
export function regionsOf(snapshot: Record<string, unknown>): Partial<Record<ReviewName, string>> {
  const value = snapshot.value;
  if (typeof value !== 'object' || value === null) return {};
  const review = (value as { review?: unknown }).review;
  return typeof review === 'object' && review !== null ? (review as Partial<Record<ReviewName, string>>) : {};
}

function standingOf(review: NamedReview | undefined): Standing {
  if (!review) return 'not_started';
  if (!review.applies) return 'not_applicable';
  if (review.clearedBy) return 'cleared';
  return review.changesRequested ? 'changes_requested' : 'open';
}

/**
 * Whether this person may act on the review now: the workflow allows the event to them, the review's region is open,
 * and the machine's own rule for a review's reviewer holds (their role, not the owner, the assignee if one is named,
 * and no other review of the cycle cleared by them). The POST goes through WorkflowService.apply, which decides.
 */
export function mayActOn(
  name: ReviewName,
  context: Partial<AssessmentContextV2>,
  regions: Partial<Record<ReviewName, string>>,
  actor: { id: string; roles: readonly string[] },
  allowed: readonly string[],
  type: 'CLEAR_REVIEW' | 'REQUEST_CHANGES',
): boolean {
  if (!allowed.includes(type) || regions[name] !== 'open' || !context.reviews || !context.ownerId) return false;
  const reviews = context.reviews;
  const clearedOther = REVIEW_NAMES.some((other) => other !== name && reviews[other].clearers.includes(actor.id));
  return (
    !clearedOther &&
    isReviewer(
      { ownerId: context.ownerId, assignees: context.assignees ?? {} },
      { id: actor.id, roles: [...actor.roles] },
      REVIEW_ROLE[name],
    )
  );
}

/** The latest event of `type` that names the review, in the current cycle (after the latest REASSESS). */
function latestFor(events: ChainEvent[], type: string, name: ReviewName): ChainEvent | undefined {
  const cycleStart = events.findLastIndex((e) => e.type === 'REASSESS');
  return events.slice(cycleStart + 1).findLast((e) => e.type === type && e.payload.review === name);
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : null);

/**
 * One named review as its page shows it: whether it applies and why, its assignee, where it stands (who cleared it,
 * when and with what findings, or what it asked to change), and the other reviews at a glance.
 */
export function namedReviewView(input: {
  name: ReviewName;
  base: string;
  context: Partial<AssessmentContextV2>;
  events: ChainEvent[];
  /** Display names of the assignees and clearers. */
  names: Map<string, string>;
}) {
  const { name, base, context, events, names } = input;
  const review = context.reviews?.[name];
  const standing = standingOf(review);
  const role = REVIEW_ROLE[name];
  const assigneeId = context.assignees?.[role];
  const person = (id: string) => names.get(id) ?? 'someone no longer registered';
  const cleared = standing === 'cleared' ? latestFor(events, 'CLEAR_REVIEW', name) : undefined;
  const asked = standing === 'changes_requested' ? latestFor(events, 'REQUEST_CHANGES', name) : undefined;
  return {
    name,
    title: REVIEW_WORDS[name].title,
    hint: REVIEW_WORDS[name].hint,
    roleLabel: ROLE_LABELS[role],
    roleNoun: ROLE_LABELS[role].toLowerCase(),
    clearButton: `Clear the ${REVIEW_WORDS[name].title.toLowerCase()}`,
    started: standing !== 'not_started',
    applies: review?.applies ?? null,
    reason: review?.reason ?? null,
    assignee: assigneeId ? person(assigneeId) : null,
    // Who may take it while no one is assigned; once done, that no one was.
    unassigned:
      standing === 'open' || standing === 'not_started'
        ? `No one is assigned yet: any ${ROLE_LABELS[role].toLowerCase()} may take it`
        : 'No one was assigned',
    standing,
    standingLabel: STANDING_WORDS[standing],
    cleared:
      standing === 'cleared' && review?.clearedBy
        ? {
            by: person(review.clearedBy),
            at: cleared ? cleared.at.toISOString() : null,
            findings: review.findings,
          }
        : null,
    changesRequested: asked
      ? {
          by: asked.actor?.displayName ?? 'The reviewer',
          at: asked.at.toISOString(),
          reason: text(asked.payload.reason),
        }
      : standing === 'changes_requested'
        ? { by: 'The reviewer', at: null, reason: null }
        : null,
    others: reviewsAtGlance(context.reviews, base, names, context.assignees).filter((other) => other.name !== name),
  };
}

/** Every named review in a line: whether it applies, where it stands, its page. Null before the reviews are set. */
export function reviewsAtGlance(
  reviews: Record<ReviewName, NamedReview> | null | undefined,
  base: string,
  names: Map<string, string>,
  assignees: Partial<Record<string, string>> = {},
) {
  if (!reviews) return [];
  return REVIEW_NAMES.map((name) => {
    const review = reviews[name];
    const standing = standingOf(review);
    const assigneeId = assignees[REVIEW_ROLE[name]];
    return {
      name,
      title: REVIEW_WORDS[name].title,
      href: reviewHref(base, name),
      applies: review.applies,
      reason: review.reason,
      standing,
      standingLabel:
        standing === 'cleared' && review.clearedBy
          ? `Cleared by ${names.get(review.clearedBy) ?? 'someone no longer registered'}`
          : STANDING_WORDS[standing],
      assignee: assigneeId ? (names.get(assigneeId) ?? 'someone no longer registered') : null,
    };
  });
}
