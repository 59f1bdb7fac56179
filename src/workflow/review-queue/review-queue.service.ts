import { Injectable } from '@nestjs/common';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { REVIEW_STATES } from '../../assessments/assessment-state';
import { Assessment } from '../../assessments/entities/assessment.entity';
import { AccessPolicy } from '../../common/auth/access-policy';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/roles';
import type { Page } from '../../common/validation/page.query';
import { type AssignableRole, REVIEW_ROLE, type ReviewName, type ScreeningOutcome } from '../assessment-machine.types';

/**
 * The reviewers' queues. A privacy officer works the office's screening and risk-assessment queues and what is
 * assigned to them; legal counsel and approvers see the assessments at their stage that are theirs: assigned to
 * them, or to no one yet (any holder of the role may then act, as the machine's reviewer rule says). On workflow
 * v2 the stage is `review` and each named review is a queue of its own (privacy, legal, security, equity),
 * holding the assessments whose review of that name is open.
 */
export const QUEUES = ['screening', 'risk', 'privacy', 'mine', 'legal', 'security', 'equity', 'approval'] as const;
export type QueueName = (typeof QUEUES)[number];

const QUEUE_ROLE: Record<QueueName, Role> = {
  screening: Role.PrivacyOfficer,
  risk: Role.PrivacyOfficer,
  privacy: Role.PrivacyOfficer,
  mine: Role.PrivacyOfficer,
  legal: Role.LegalCounsel,
  security: Role.SecurityReviewer,
  equity: Role.EquityReviewer,
  approval: Role.Approver,
};

/** The queues of v2's named reviews, by the review they hold. */
const NAMED_REVIEW_QUEUE: Partial<Record<QueueName, ReviewName>> = {
  privacy: 'privacy',
  legal: 'legal',
  security: 'security',
  equity: 'equity',
};

const ASSIGNABLE: readonly AssignableRole[] = [
  'privacy_officer',
  'legal_counsel',
  'approver',
  'security_reviewer',
  'equity_reviewer',
];

/** A v2 assessment whose named review `review` is open (the snapshot's parallel state value). */
const reviewOpen = (review: ReviewName) => `(a.snapshot -> 'value' -> 'review' ->> '${review}') = 'open'`;

export interface QueueQuery {
  queue: QueueName;
  department?: string;
  /** Only on the queue that spans stages ("mine"). */
  stage?: string;
  overdue: boolean;
  surveillance: boolean;
  /** By the stage's deadline: soonest first, or latest first. */
  sort: 'deadline' | '-deadline';
  page: number;
  pageSize: number;
}

export interface QueueItem {
  ref: string;
  title: string;
  department: string;
  state: string;
  owner: string;
  /** The person is its owner: someone else reviews it. */
  own: boolean;
  deadline: Date | null;
  overdue: boolean;
  /** The deadline passed and the reviewer was reminded: `deadline` is then the next reminder. */
  reminded: boolean;
  surveillance: boolean;
  proposedOutcome: ScreeningOutcome | null;
  /** Who is assigned for the queue's stage (on v2's review stage, the queue's named review), if anyone. */
  assignee: { id: string; displayName: string } | null;
}

interface Row {
  id: string;
  ref: string;
  title: string;
  department: string;
  state: string;
  owner_id: string;
  owner_name: string;
  stage_deadline_at: Date | null;
  overdue: boolean;
  reminded: boolean;
  surveillance: boolean;
  proposed: ScreeningOutcome | null;
  assignees: Partial<Record<AssignableRole, string>> | null;
}

/**
 * The engine noticed the stage's deadline pass (DEADLINE_PASSED counts it in the snapshot and moves the deadline
 * to the next reminder): the stage is overdue even though its deadline column now lies ahead.
 */
const REMINDED = `coalesce((a.snapshot -> 'context' ->> 'overdueCount')::int, 0) > 0`;

/** The role whose assignee a stage names. */
const STAGE_ROLE: Record<string, AssignableRole> = {
  screening: 'privacy_officer',
  risk_assessment: 'privacy_officer',
  legal_review: 'legal_counsel',
  approval: 'approver',
};

/** The role whose assignee an item shows: the stage's, or in v2's review the queue's named review's. */
function itemRole(queue: QueueName, state: string): AssignableRole | undefined {
  const review = NAMED_REVIEW_QUEUE[queue];
  return state === 'review' ? (review ? REVIEW_ROLE[review] : undefined) : STAGE_ROLE[state];
}

/**
 * The queues' read model over assessments. Each queue reads one stage through (state, stage_deadline_at, id), or
 * the assignments through the GIN index on the snapshot's assignees, within the reach AccessPolicy gives the person.
 */
@Injectable()
export class ReviewQueueService {
  constructor(
    private readonly db: DataSource,
    private readonly policy: AccessPolicy,
  ) {}

  /** The queues this person has, in the order the page shows them. */
  queuesFor(actor: Actor): QueueName[] {
    return QUEUES.filter((queue) => actor.roles.includes(QUEUE_ROLE[queue]));
  }

  /** The stages the "mine" queue spans; a team queue is one stage. */
  stagesOf(queue: QueueName): readonly string[] {
    switch (queue) {
      case 'screening':
        return ['screening'];
      case 'risk':
        return ['risk_assessment'];
      case 'privacy':
      case 'security':
      case 'equity':
        return ['review'];
      case 'legal':
        return ['legal_review', 'review'];
      case 'approval':
        return ['approval'];
      default:
        return REVIEW_STATES;
    }
  }

  async list(actor: Actor, query: QueueQuery, now = new Date()): Promise<Page<QueueItem>> {
    if (!this.queuesFor(actor).includes(query.queue)) return { items: [], total: 0, page: 1, pageSize: query.pageSize };
    const base = this.base(actor, query.queue);
    if (query.department) base.andWhere('a.department = :department', { department: query.department });
    if (query.stage && query.queue === 'mine') base.andWhere('a.state = :stage', { stage: query.stage });
    if (query.overdue) base.andWhere(`(a.stage_deadline_at < :now OR ${REMINDED})`, { now });
    if (query.surveillance) base.andWhere(`(a.screening -> 'surveillance' ->> 'flagged') = 'true'`);

    const total = Number((await base.clone().select('count(*)', 'n').getRawOne<{ n: string }>())?.n ?? 0);
    // The page's ids first, on the narrow index walk; then the 25 rows' details, so no wide row is sorted.
    const latestFirst = query.sort === '-deadline';
    const ids = (
      await base
        .select('a.id', 'id')
        // Either way round, one walk of (state, stage_deadline_at, id): no deadline counts as the latest.
        .orderBy('a.stage_deadline_at', latestFirst ? 'DESC' : 'ASC', latestFirst ? 'NULLS FIRST' : 'NULLS LAST')
        .addOrderBy('a.id', latestFirst ? 'DESC' : 'ASC')
        .offset((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .getRawMany<{ id: string }>()
    ).map((r) => r.id);
    const found: Row[] = ids.length
      ? await this.db.query(
          `SELECT a.id, a.ref, a.title, a.department, a.state, a.owner_id, o.display_name AS owner_name, a.stage_deadline_at,
                  (coalesce(a.stage_deadline_at < $2, false) OR ${REMINDED}) AS overdue, ${REMINDED} AS reminded,
                  coalesce((a.screening -> 'surveillance' ->> 'flagged') = 'true', false) AS surveillance,
                  a.screening ->> 'proposedOutcome' AS proposed, a.snapshot -> 'context' -> 'assignees' AS assignees
             FROM assessments a JOIN users o ON o.id = a.owner_id
            WHERE a.id = ANY($1)`,
          [ids, now],
        )
      : [];
    const byId = new Map(found.map((r) => [r.id, r]));
    const rows = ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));

    const assigneeIds = rows.flatMap((r) => {
      const role = itemRole(query.queue, r.state);
      const id = role ? r.assignees?.[role] : undefined;
      return id ? [id] : [];
    });
    const names = await this.names(assigneeIds);
    const items = rows.map((r): QueueItem => {
      const role = itemRole(query.queue, r.state);
      const assigneeId = role ? r.assignees?.[role] : undefined;
      return {
        ref: r.ref,
        title: r.title,
        department: r.department,
        state: r.state,
        owner: r.owner_name,
        own: r.owner_id === actor.id,
        deadline: r.stage_deadline_at,
        overdue: r.overdue,
        reminded: r.reminded,
        surveillance: r.surveillance,
        proposedOutcome: r.proposed,
        assignee: assigneeId
          ? { id: assigneeId, displayName: names.get(assigneeId) ?? 'Someone no longer active' }
          : null,
      };
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** The departments present in a queue (for its filter), at most 200. */
  async departments(actor: Actor, queue: QueueName): Promise<string[]> {
    if (!this.queuesFor(actor).includes(queue)) return [];
    const rows = await this.base(actor, queue)
      .select('DISTINCT a.department', 'department')
      .orderBy('department')
      .limit(200)
      .getRawMany<{ department: string }>();
    return rows.map((r) => r.department);
  }

  /** The queue's assessments before filters: its stages, within reach, and for a personal queue the person's. */
  private base(actor: Actor, queue: QueueName): SelectQueryBuilder<Assessment> {
    const scope = this.policy.condition(actor, 'a');
    const qb = this.db
      .getRepository(Assessment)
      .createQueryBuilder('a')
      .where(scope.sql, scope.params)
      .andWhere('a.state IN (:...queueStates)', { queueStates: [...this.stagesOf(queue)] });
    const mine = (role: AssignableRole) =>
      `a.snapshot -> 'context' -> 'assignees' @> jsonb_build_object('${role}', CAST(:me AS text))`;
    qb.setParameter('me', actor.id);
    if (queue === 'mine') {
      const held = ASSIGNABLE.filter((role) => actor.roles.includes(role as Role));
      qb.andWhere(`(${held.map(mine).join(' OR ')})`);
    }
    const review = NAMED_REVIEW_QUEUE[queue];
    // v2's review stage holds an assessment in a named review's queue only while that review is open.
    if (review)
      qb.andWhere(queue === 'legal' ? `(a.state = 'legal_review' OR ${reviewOpen('legal')})` : reviewOpen(review));
    if (queue !== 'privacy' && (review || queue === 'approval')) {
      const role: AssignableRole = review ? REVIEW_ROLE[review] : 'approver';
      qb.andWhere('a.owner_id <> :me').andWhere(
        `(${mine(role)} OR (a.snapshot -> 'context' -> 'assignees' -> '${role}') IS NULL)`,
      );
    }
    return qb;
  }

  private async names(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows: { id: string; display_name: string }[] = await this.db.query(
      'SELECT id, display_name FROM users WHERE id = ANY($1)',
      [unique],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }
}
