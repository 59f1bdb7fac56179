import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssessmentsService } from '../../assessments/assessments.service';
import type { Actor } from '../../common/auth/actor';
import { AppException } from '../../common/errors/app.exception';
import { Role } from '../../common/auth/roles';
import { WorkflowService } from '../../workflow/workflow.service';
import type { CreateActionItemDto, UpdateActionItemDto } from './action-item.dto';

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
 * closed it and when. When the last open item of an assessment in remediation closes, the engine sends
 * CONDITIONS_MET through the one transition path.
 */
@Injectable()
export class ActionItemsService {
  private readonly logger = new Logger(ActionItemsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly workflow: WorkflowService,
  ) {}

  /** From the outbox: one item per condition, once, however often the job runs. */
  async fromConditions(assessmentId: string, eventId: string, conditions: { text: string; ownerId?: string; dueDate?: string }[]): Promise<void> {
    for (const [index, condition] of conditions.entries()) {
      await this.db.query(
        `INSERT INTO action_items (assessment_id, source, source_event_id, source_index, text, owner_id, due_date)
         VALUES ($1, 'condition', $2, $3, $4, $5, $6) ON CONFLICT (source_event_id, source_index) DO NOTHING`,
        [assessmentId, eventId, index, condition.text, condition.ownerId ?? null, condition.dueDate ?? null],
      );
    }
  }

  async list(actor: Actor, assessmentId: string) {
    await this.assessments.get(actor, assessmentId);
    return (await this.rows(assessmentId)).map(view);
  }

  async create(actor: Actor, assessmentId: string, input: CreateActionItemDto) {
    const assessment = await this.assessments.get(actor, assessmentId);
    if (assessment.owner.id === actor.id) throw new AppException(403, 'not-a-reviewer-here', 'The owner does not set their own action items.');
    const [{ id }] = await this.db.query(
      `INSERT INTO action_items (assessment_id, source, text, owner_id, due_date) VALUES ($1, 'manual', $2, $3, $4) RETURNING id`,
      [assessmentId, input.text, input.ownerId ?? null, input.dueDate ?? null],
    );
    return view((await this.rows(assessmentId)).find((r) => r.id === id)!);
  }

  /** The item's owner, the assessment's owner or a privacy officer may update it; done needs evidence. */
  async update(actor: Actor, assessmentId: string, itemId: string, input: UpdateActionItemDto) {
    const assessment = await this.assessments.get(actor, assessmentId);
    const item = (await this.rows(assessmentId)).find((r) => r.id === itemId);
    if (!item) throw new AppException(404, 'action-item-not-found', 'No such action item on this assessment.');
    const mayUpdate = item.owner_id === actor.id || assessment.owner.id === actor.id || actor.roles.includes(Role.PrivacyOfficer);
    if (!mayUpdate) throw new AppException(403, 'not-your-action-item', 'Only the item’s owner, the assessment’s owner or a privacy officer updates it.');
    if (input.status === 'done' && !input.evidence && !item.evidence) {
      throw new AppException(422, 'evidence-required', 'Closing an action item needs its evidence.', { errors: [{ pointer: '/evidence', detail: 'is required to close the item' }] });
    }
    await this.db.query(
      `UPDATE action_items SET
         status = coalesce($2, status), evidence = coalesce($3, evidence), owner_id = coalesce($4, owner_id), due_date = coalesce($5::date, due_date),
         closed_by = CASE WHEN $2 = 'done' AND status <> 'done' THEN $6::uuid WHEN $2 = 'open' THEN NULL ELSE closed_by END,
         closed_at = CASE WHEN $2 = 'done' AND status <> 'done' THEN now() WHEN $2 = 'open' THEN NULL ELSE closed_at END
       WHERE id = $1`,
      [itemId, input.status ?? null, input.evidence ?? null, input.ownerId ?? null, input.dueDate ?? null, actor.id],
    );
    if (input.status === 'done' && assessment.state === 'remediation') await this.closeRemediationIfDone(assessmentId);
    return view((await this.rows(assessmentId)).find((r) => r.id === itemId)!);
  }

  private async closeRemediationIfDone(assessmentId: string): Promise<void> {
    const [{ open }] = await this.db.query(`SELECT count(*)::int AS open FROM action_items WHERE assessment_id = $1 AND status = 'open'`, [assessmentId]);
    if (open > 0) return;
    try {
      await this.workflow.apply('system', assessmentId, { type: 'CONDITIONS_MET' });
    } catch (error) {
      // Two last items closed at once: the other request got there first.
      this.logger.warn({ err: error, assessmentId }, 'CONDITIONS_MET not applied');
    }
  }

  private rows(assessmentId: string): Promise<ActionItemRow[]> {
    return this.db.query(
      `SELECT id, source, text, owner_id, to_char(due_date, 'YYYY-MM-DD') AS due_date, status, evidence, closed_by, closed_at, created_at
         FROM action_items WHERE assessment_id = $1 ORDER BY created_at, source_index`,
      [assessmentId],
    );
  }
}
