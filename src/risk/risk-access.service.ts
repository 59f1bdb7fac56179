import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AssessmentsService } from '../assessments/assessments.service';
import type { Assessment } from '../assessments/entities/assessment.entity';
import type { Actor } from '../common/auth/actor';
import { Permission, permissionsOf } from '../common/auth/permissions';
import { storedContextOf } from '../workflow/assessment-machine.types';
import { isReviewer } from '../workflow/reviewer-rule';
import { RiskModelRegistry } from './model/risk-model.registry';
import type { RiskModel } from './model/risk-model.types';
import { RiskErrorCode, RiskException } from './risk.exception';

/** What a change to the register touches: scores, treatments and rescoring; or measures. */
export type RiskChange = 'scores' | 'measures';

/** The states each kind of change is made in: measures are planned in the risk stage and kept up during remediation. */
const CHANGE_STATES: Record<RiskChange, string[]> = {
  scores: ['risk_assessment'],
  measures: ['risk_assessment', 'remediation'],
};

/**
 * The one rule every change to a register is checked against: the assessment's privacy officer (the assigned one,
 * if any, not its owner), in a state where that kind of change is made, once the assessment is scored.
 */
@Injectable()
export class RiskAccess {
  constructor(
    private readonly models: RiskModelRegistry,
    private readonly assessments: AssessmentsService,
  ) {}

  /** What the actor may change on the register now (for pages, which show a form only where it would be accepted). */
  managing(actor: Actor, assessment: Assessment): Record<RiskChange, boolean> {
    const may = (change: RiskChange) =>
      permissionsOf(actor.roles).has(Permission.RiskManage) && !this.refusal(actor, assessment, change);
    return { scores: may('scores'), measures: may('measures') };
  }

  /** Locks the assessment for a change the actor may make, with its pinned model; refuses otherwise. */
  async lockForChange(
    manager: EntityManager,
    actor: Actor,
    assessmentId: string,
    change: RiskChange,
  ): Promise<{ assessment: Assessment; model: RiskModel }> {
    const assessment = await this.assessments.lockVisible(manager, actor, assessmentId);
    const refusal = this.refusal(actor, assessment, change);
    if (refusal) throw refusal;
    return { assessment, model: this.models.get(assessment.riskModelId!, assessment.riskModelVersion!) };
  }

  /** Why the actor may not make the change in the assessment's current state, or undefined when they may. */
  private refusal(actor: Actor, assessment: Assessment, change: RiskChange): RiskException | undefined {
    const { assignees = {} } = storedContextOf(assessment.snapshot);
    if (!isReviewer({ ownerId: assessment.ownerId, assignees }, actor, 'privacy_officer')) {
      return new RiskException(
        RiskErrorCode.NotReviewer,
        'Only the assessment’s privacy officer (the assigned one, if any), who does not own it, changes its risks.',
      );
    }
    if (!CHANGE_STATES[change].includes(assessment.state)) {
      return new RiskException(RiskErrorCode.WrongStage, `Not while the assessment is in ${assessment.state}.`, {
        extensions: { state: assessment.state },
      });
    }
    if (!assessment.riskModelId)
      return new RiskException(RiskErrorCode.NotScored, 'The assessment has not been scored yet.');
    return undefined;
  }
}
