import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy';
import type { Role } from '../../common/auth/roles';
import { UsersService } from '../../identity/users.service';
import { JobQueue } from '../../jobs/job-queue.service';
import {
  type AssignableRole,
  REVIEW_NAMES,
  REVIEW_ROLE,
  type ReviewName,
  storedContextOf,
} from '../assessment-machine.types';
import { type OutboxJob, outboxQueue } from '../outbox/outbox-relay';

interface StoredAssessment {
  owner_id: string;
  state: string;
  department: string;
  snapshot: Record<string, unknown>;
}

/** The named reviews still open in a v2 snapshot's review stage. */
function openReviews(snapshot: StoredAssessment['snapshot']): ReviewName[] {
  const regions = (snapshot.value as { review?: Partial<Record<ReviewName, string>> } | undefined)?.review ?? {};
  return REVIEW_NAMES.filter((name) => regions[name] === 'open');
}

/**
 * Carries out `notify` actions as in-app notifications. Idempotent: one notification per outbox entry
 * and person, so a retried job adds nothing.
 */
@Injectable()
export class NotifyHandler implements OnApplicationBootstrap {
  constructor(
    private readonly db: DataSource,
    private readonly jobs: JobQueue,
    private readonly users: UsersService,
    private readonly policy: AccessPolicy,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.work<OutboxJob>(outboxQueue('notify'), (job) => this.handle(job));
  }

  async handle(job: OutboxJob): Promise<void> {
    const { to, reason, userId } = job.params as { to: string; reason: string; userId?: string };
    const recipients = await this.recipients(job.assessmentId, to, userId);
    if (recipients.length === 0) return;
    await this.db.query(
      `INSERT INTO notifications (user_id, assessment_id, outbox_id, reason)
       SELECT unnest($1::uuid[]), $2, $3, $4
       ON CONFLICT (outbox_id, user_id) DO NOTHING`,
      [recipients, job.assessmentId, job.outboxId, reason],
    );
  }

  /**
   * The owner; a named assignee; a role's assigned reviewer, else every active holder of the role; or, for
   * `open_reviews` (workflow v2), those of every named review still open.
   */
  private async recipients(assessmentId: string, to: string, userId?: string): Promise<string[]> {
    if (to === 'assignee') return userId ? [userId] : [];
    const [assessment]: StoredAssessment[] = await this.db.query(
      'SELECT owner_id, state, department, snapshot FROM assessments WHERE id = $1',
      [assessmentId],
    );
    if (to === 'owner') return [assessment.owner_id];
    if (to === 'open_reviews') {
      const open = openReviews(assessment.snapshot);
      const each = await Promise.all(open.map((review) => this.roleRecipients(assessment, REVIEW_ROLE[review])));
      return [...new Set(each.flat())];
    }
    return this.roleRecipients(assessment, to);
  }

  private async roleRecipients(assessment: StoredAssessment, to: string): Promise<string[]> {
    const assigned = storedContextOf(assessment.snapshot).assignees?.[to as AssignableRole];
    if (assigned) return [assigned];
    // Only people who can reach the assessment hear of it (department scoping included), never its owner.
    const scope = { ownerId: assessment.owner_id, state: assessment.state, department: assessment.department };
    const holders = await this.users.activeActorsWithRole(to as Role);
    return holders
      .filter((actor) => actor.id !== assessment.owner_id && this.policy.canSee(actor, scope))
      .map((actor) => actor.id);
  }
}
