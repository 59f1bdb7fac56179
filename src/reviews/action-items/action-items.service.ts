import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AssessmentsService } from '../../assessments/assessments.service';
import { AccessPolicy } from '../../common/auth/access-policy';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/roles';
import { WorkflowErrorCode, WorkflowException } from '../../workflow/workflow.exception';
import { WorkflowService } from '../../workflow/workflow.service';
import type { CreateActionItemDto, UpdateActionItemDto } from './action-item.dto';
import { ActionItemErrorCode, ActionItemException } from './action-item.exception';

interface ActionItemRow {
  id: string;
  source: 'condition' | 'manual';
  text: string;
  owner_id: string | null;
  due_date: string | null;
  status: 'open' | 'done';
  evidence: string | null;
  closed_by: string | null;
  closed_at: Date | null;
  created_at: Date;
}

const view = (r: ActionItemRow) => ({
  id: r.id,
  source: r.source,
  text: r.text,
  ownerId: r.owner_id,
  dueDate: r.due_date,
  status: r.status,
  evidence: r.evidence,
  closedBy: r.closed_by,
  closedAt: r.closed_at,
  createdAt: r.created_at,
});

/**
 * The action plan: conditions of an approval become action items; each closes with its evidence, who
 * closed it and when. After an item closes, the engine tries CONDITIONS_MET through the one transition
 * path, whose guard counts the open items under the assessment's row lock.
 */
@Injectable()
export class ActionItemsService {
  private readonly logger = new Logger(ActionItemsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly workflow: WorkflowService,
    private readonly policy: AccessPolicy,
  ) {}

  /** From the outbox: one item per condition, all or none, once however often the job runs. */
  async fromConditions(
    assessmentId: string,
    eventId: string,
    conditions: { text: string; ownerId?: string; dueDate?: string }[],
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO action_items (assessment_id, source, source_event_id, source_index, text, owner_id, due_date)
       SELECT $1, 'condition', $2, c.ordinality - 1, c.value->>'text', (c.value->>'ownerId')::uuid, (c.value->>'dueDate')::date
         FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS c(value, ordinality)
       ON CONFLICT (source_event_id, source_index) DO NOTHING`,
      [assessmentId, eventId, JSON.stringify(conditions)],
    );
  }

  async list(actor: Actor, assessmentId: string) {
    await this.assessments.visible(actor, assessmentId);
    return (await this.rows(assessmentId)).map(view);
  }

  /** Privacy officers add items of their own (the route's permission); never on their own assessment. */
  async create(actor: Actor, assessmentId: string, input: CreateActionItemDto) {
    const id = await this.db.transaction(async (manager) => {
      const assessment = await this.assessments.lockVisible(manager, actor, assessmentId);
      if (this.policy.isOwner(actor, assessment))
        throw new ActionItemException(ActionItemErrorCode.NotYours, 'The owner does not set their own action items.');
      const [row] = await manager.query(
        `INSERT INTO action_items (assessment_id, source, text, owner_id, due_date) VALUES ($1, 'manual', $2, $3, $4) RETURNING id`,
        [assessmentId, input.text, input.ownerId ?? null, input.dueDate ?? null],
      );
      return row.id as string;
    });
    return view((await this.rows(assessmentId)).find((r) => r.id === id)!);
  }

  /**
   * The assessment's owner closes (or reopens) items with evidence; a privacy officer may also change
   * an item's owner and due date.
   */
  /** Who updates an assessment's action items (closes them with evidence): its owner, or a privacy officer. */
  canUpdate(actor: Actor, assessment: { ownerId: string }): boolean {
    return this.policy.isOwner(actor, assessment) || actor.roles.includes(Role.PrivacyOfficer);
  }

  async update(actor: Actor, assessmentId: string, itemId: string, input: UpdateActionItemDto) {
    const state = await this.db.transaction(async (manager) => {
      const assessment = await this.assessments.lockVisible(manager, actor, assessmentId);
      const [item]: Pick<ActionItemRow, 'evidence'>[] = await manager.query(
        'SELECT evidence FROM action_items WHERE id = $1 AND assessment_id = $2',
        [itemId, assessmentId],
      );
      if (!item) throw new ActionItemException(ActionItemErrorCode.NotFound, 'No such action item on this assessment.');
      const owner = this.policy.isOwner(actor, assessment);
      const officer = actor.roles.includes(Role.PrivacyOfficer) && !owner;
      if (!this.canUpdate(actor, assessment)) {
        throw new ActionItemException(
          ActionItemErrorCode.NotYours,
          'Only the assessment’s owner or a privacy officer updates its action items.',
        );
      }
      if (!officer && (input.ownerId !== undefined || input.dueDate !== undefined)) {
        throw new ActionItemException(
          ActionItemErrorCode.NotYours,
          'Only a privacy officer changes who owns an item and when it is due.',
        );
      }
      if (input.status === 'done' && !input.evidence && !item.evidence) {
        throw new ActionItemException(
          ActionItemErrorCode.EvidenceRequired,
          'Closing an action item needs its evidence.',
          {
            errors: [{ pointer: '/evidence', detail: 'is required to close the item' }],
          },
        );
      }
      await manager.query(
        `UPDATE action_items SET
           status = coalesce($2, status), evidence = coalesce($3, evidence), owner_id = coalesce($4, owner_id), due_date = coalesce($5::date, due_date),
           closed_by = CASE WHEN $2 = 'done' AND status <> 'done' THEN $6::uuid WHEN $2 = 'open' THEN NULL ELSE closed_by END,
           closed_at = CASE WHEN $2 = 'done' AND status <> 'done' THEN now() WHEN $2 = 'open' THEN NULL ELSE closed_at END
         WHERE id = $1`,
        [itemId, input.status ?? null, input.evidence ?? null, input.ownerId ?? null, input.dueDate ?? null, actor.id],
      );
      return assessment.state;
    });
    if (input.status === 'done' && state === 'remediation') await this.tryCloseRemediation(assessmentId);
    return view((await this.rows(assessmentId)).find((r) => r.id === itemId)!);
  }

  /** Items still open, counted in the caller's transaction (the transition's, under the row lock). */
  async openCount(manager: EntityManager, assessmentId: string): Promise<number> {
    const [{ open }] = await manager.query(
      `SELECT count(*)::int AS open FROM action_items WHERE assessment_id = $1 AND status = 'open'`,
      [assessmentId],
    );
    return open;
  }

  private async tryCloseRemediation(assessmentId: string): Promise<void> {
    try {
      await this.workflow.apply('system', assessmentId, { type: 'CONDITIONS_MET' });
    } catch (error) {
      // Items still open, or a concurrent close got there first: nothing to do.
      if (error instanceof WorkflowException && error.code === WorkflowErrorCode.NotAllowedNow) return;
      throw error;
    }
    this.logger.log({ assessmentId }, 'every action item is done: remediation closed');
  }

  private rows(assessmentId: string): Promise<ActionItemRow[]> {
    return this.db.query(
      `SELECT id, source, text, owner_id, to_char(due_date, 'YYYY-MM-DD') AS due_date, status, evidence, closed_by, closed_at, created_at
         FROM action_items WHERE assessment_id = $1 ORDER BY created_at, source_index`,
      [assessmentId],
    );
  }
}
