import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { DecisionsModule } from '../../decisions/decisions.module';
import { RiskModule } from '../../risk/risk.module';
import { WorkflowModule } from '../workflow.module';
import { DecidePageService } from './decide-page.service';
import { DecidePageController } from './decide.page.controller';

/** The approver's decision page and signing ceremony: it reads the workflow, the risk register and the decisions' template. */
@Module({
  imports: [AssessmentsModule, WorkflowModule, DecisionsModule, RiskModule],
  controllers: [DecidePageController],
  providers: [DecidePageService],
})
export class DecidePagesModule {}
