import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import {
  TransitionHook,
  type TransitionHookHandler,
  type TransitionOutcome,
  type TransitionQuestion,
} from '../workflow/hooks/transition-hook';
import type { SentEvent } from '../workflow/assessment-machine.types';
import { WorkflowErrorCode, WorkflowException } from '../workflow/workflow.exception';
import { ConditionOwners } from './conditions/condition-owners';
import type { DecisionOutcome } from './record/decision-record';
import { recordDecision } from './record-decision';

/** Decisions in the transition path: APPROVE's condition owners are checked, and a decision is recorded with its event. */
@TransitionHook()
@Injectable()
export class DecisionTransitionHook implements TransitionHookHandler {
  constructor(
    private readonly owners: ConditionOwners,
    private readonly config: AppConfig,
  ) {}

  /** A condition's owner must be a real, active person who can reach it: conditions become action items they answer for. */
  async check({ row, event }: TransitionQuestion & { event: SentEvent }): Promise<void> {
    if (event.type !== 'APPROVE' || !event.conditions?.length) return;
    const errors = await this.owners.problems(row, event.conditions);
    if (errors.length > 0)
      throw new WorkflowException(
        WorkflowErrorCode.InvalidConditionOwner,
        'A condition names an owner who cannot take it on.',
        { errors },
      );
  }

  /** The decision exists exactly when its event does; its documents are rendered later, from the outbox. */
  async within({ manager, row, actor, event, eventId, at, context, actions }: TransitionOutcome): Promise<void> {
    const render = actions.find((a) => a.type === 'renderDecision');
    if (!render) return;
    const reason = 'reason' in event && typeof event.reason === 'string' ? event.reason.trim() : '';
    await recordDecision(manager, {
      assessmentId: row.id,
      eventId,
      cycle: context.cycle,
      outcome: (render.params as { outcome: DecisionOutcome }).outcome,
      reasons: reason ? (event as { reason: string }).reason : null,
      decidedAt: at,
      decidedBy: actor === 'system' ? null : actor.id,
      retention: { class: this.config.records.retentionClass, years: this.config.records.retentionYears },
    });
  }
}
