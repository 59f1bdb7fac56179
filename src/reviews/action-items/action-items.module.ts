import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { IdentityModule } from '../../identity/identity.module';
import { WorkflowModule } from '../../workflow/workflow.module';
import { ActionItemsController } from './action-items.controller';
import { ActionItemsService } from './action-items.service';
import { ActionItemsTransitionHook } from './action-items-transition.hook';
import { CreateActionItemsHandler } from './create-action-items.handler';
import { ConditionsPageController } from './pages/conditions.page.controller';

/** Action items sit after the workflow: closing the last one sends CONDITIONS_MET through it. */
@Module({
  imports: [AssessmentsModule, WorkflowModule, IdentityModule],
  controllers: [ActionItemsController, ConditionsPageController],
  providers: [ActionItemsService, CreateActionItemsHandler, ActionItemsTransitionHook],
  exports: [ActionItemsService],
})
export class ActionItemsModule {}
