import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { AuditModule } from '../audit/audit.module';
import { AppConfig } from '../config/app-config';
import { loadRiskModels } from './model/risk-model-loader';
import { RiskModelRegistry } from './model/risk-model.registry';
import { RiskController } from './risk.controller';
import { RiskAccess } from './risk-access.service';
import { RiskAdjustmentsService } from './risk-adjustments.service';
import { RiskMeasuresService } from './risk-measures.service';
import { RiskRegisterService } from './risk-register.service';
import { RiskScoringService } from './risk-scoring.service';
import { RiskTransitionHook } from './risk-transition.hook';

@Module({
  imports: [AssessmentsModule, AuditModule],
  controllers: [RiskController],
  providers: [
    RiskAccess,
    RiskRegisterService,
    RiskScoringService,
    RiskAdjustmentsService,
    RiskMeasuresService,
    RiskTransitionHook,
    {
      // Loaded and checked at boot: a broken model stops the start, naming the file and the path.
      provide: RiskModelRegistry,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const registry = new RiskModelRegistry(await loadRiskModels(join(config.templates.dir, 'risk-models')));
        if (!registry.latest(config.templates.defaultRiskModel))
          throw new Error(
            `DEFAULT_RISK_MODEL ${config.templates.defaultRiskModel} is not in ${config.templates.dir}/risk-models`,
          );
        return registry;
      },
    },
  ],
  exports: [RiskAccess, RiskRegisterService, RiskScoringService, RiskAdjustmentsService, RiskMeasuresService],
})
export class RiskModule {}
