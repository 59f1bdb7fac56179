import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { WorkflowModule } from '../../workflow/workflow.module';
import { RiskModule } from '../risk.module';
import { MeasuresPageController } from './measures.page.controller';
import { RiskPagesService } from './risk-pages.service';
import { RiskRegisterPageController } from './risk-register.page.controller';

/**
 * The risk register's pages read the workflow (whether completing the risk stage is allowed now), which sits
 * after the risk module: so they live in a module of their own rather than inside RiskModule.
 */
@Module({
  imports: [AssessmentsModule, RiskModule, WorkflowModule],
  // The measures' routes first: otherwise /pia/:ref/risk/:riskId would answer /pia/:ref/risk/measures.
  controllers: [MeasuresPageController, RiskRegisterPageController],
  providers: [RiskPagesService],
})
export class RiskPagesModule {}
