import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { ChangesModule } from '../../assessments/changes/changes.module';
import { DecisionsModule } from '../../decisions/decisions.module';
import { IdentityModule } from '../../identity/identity.module';
import { ActionItemsModule } from '../../reviews/action-items/action-items.module';
import { WorkflowModule } from '../workflow.module';
import { StatusPageService } from './status-page.service';
import { StatusPageController } from './status.page.controller';

/**
 * The status page reads from the workflow, the decisions and the action plan, which all sit after the
 * workflow module: so it lives in a module of its own rather than inside WorkflowModule.
 */
@Module({
  imports: [AssessmentsModule, ChangesModule, WorkflowModule, DecisionsModule, ActionItemsModule, IdentityModule],
  controllers: [StatusPageController],
  providers: [StatusPageService],
})
export class StatusPagesModule {}
