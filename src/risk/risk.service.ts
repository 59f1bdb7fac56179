import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Assessment } from '../assessments/entities/assessment.entity';
import { RiskRegisterService } from './risk-register.service';
import type { RiskRouting } from './risk-routing';
import { RiskScoringService } from './risk-scoring.service';

export type { RiskRouting } from './risk-routing';

/**
 * What the workflow asks of the risk stage, while workflow.service.ts is being reshaped into transition hooks
 * (in parallel): the risk hook will call RiskScoringService and RiskRegisterService itself, and this goes.
 */
@Injectable()
export class RiskService {
  constructor(
    private readonly scoring: RiskScoringService,
    private readonly registers: RiskRegisterService,
  ) {}

  scoreOnEntry(manager: EntityManager, assessment: Assessment) {
    return this.scoring.scoreOnEntry(manager, assessment);
  }

  routingFor(manager: EntityManager, assessment: Assessment): Promise<RiskRouting | undefined> {
    return this.registers.routingFor(manager, assessment);
  }
}
