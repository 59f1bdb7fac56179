import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AssessmentsModule } from '../assessments/assessments.module';
import { AuditModule } from '../audit/audit.module';
import { IdentityModule } from '../identity/identity.module';
import { DeadlinesJob } from './deadlines.job';
import { MachinesModule } from './machines.module';
import { NotificationsModule } from './notifications/notifications.module';
import { NotifyHandler } from './notifications/notify.handler';
import { OutboxRelay } from './outbox/outbox-relay';
import { MyWorkService } from './my-work/my-work.service';
import { ReviewQueueService } from './review-queue/review-queue.service';
import { InboxPageController } from './pages/inbox.page.controller';
import { MyWorkPageController } from './pages/my-work.page.controller';
import { WorkflowHistoryService } from './workflow-history.service';
import { WorkflowController } from './workflow.controller';
import { WorkflowService } from './workflow.service';
import { TransitionHooks } from './hooks/transition-hooks';

@Module({
  imports: [AssessmentsModule, AuditModule, MachinesModule, IdentityModule, NotificationsModule, DiscoveryModule],
  controllers: [WorkflowController, MyWorkPageController, InboxPageController],
  providers: [
    WorkflowService,
    TransitionHooks,
    WorkflowHistoryService,
    OutboxRelay,
    NotifyHandler,
    DeadlinesJob,
    MyWorkService,
    ReviewQueueService,
  ],
  exports: [WorkflowService, WorkflowHistoryService, ReviewQueueService],
})
export class WorkflowModule {}
