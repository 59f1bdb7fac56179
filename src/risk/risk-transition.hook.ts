import { Injectable } from '@nestjs/common';
import type { AppException } from '../common/errors/app.exception';
import type { EventFacts } from '../workflow/assessment-machine.types';
import {
  TransitionHook,
  type TransitionHookHandler,
  type TransitionOutcome,
  type TransitionQuestion,
} from '../workflow/hooks/transition-hook';
import { WorkflowErrorCode, WorkflowException } from '../workflow/workflow.exception';
import { RiskRegisterService } from './risk-register.service';
import { RiskScoringService } from './risk-scoring.service';

const RISK_STAGE = 'risk_assessment';

/** Risk in the transition path: where the risk stage leads, why it cannot end yet, and scoring on entry. */
@TransitionHook()
@Injectable()
export class RiskTransitionHook implements TransitionHookHandler {
  constructor(
    private readonly registers: RiskRegisterService,
    private readonly scoring: RiskScoringService,
  ) {}

  /** Read only while the assessment is in the risk stage; elsewhere the guards take the absent facts as met. */
  async facts({ manager, row }: TransitionQuestion): Promise<Partial<EventFacts>> {
    if (row.state !== RISK_STAGE) return {};
    const routing = await this.registers.routingFor(manager, row);
    return routing ? { legalReviewRequired: routing.legalReviewRequired, riskComplete: routing.complete } : {};
  }

  /** Untreated risks are what keep the stage from ending: a 422 that lists each. */
  async refusal(
    { manager, row }: TransitionQuestion,
    facts: EventFacts,
    would: (changed: Partial<EventFacts>) => boolean,
  ): Promise<AppException | undefined> {
    if (facts.riskComplete !== false || !would({ riskComplete: true })) return undefined;
    const routing = await this.registers.routingFor(manager, row);
    return new WorkflowException(WorkflowErrorCode.RiskIncomplete, 'Some risks are not treated yet.', {
      extensions: { incomplete: routing?.incomplete ?? [] },
    });
  }

  /** Entering the risk stage scores inherent risk, in the same transaction as the transition. */
  async within({ manager, row, from, to }: TransitionOutcome): Promise<void> {
    if (to === RISK_STAGE && from !== RISK_STAGE) Object.assign(row, await this.scoring.scoreOnEntry(manager, row));
  }
}
