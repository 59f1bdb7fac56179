import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { AuditModule } from '../audit/audit.module';
import { IdentityModule } from '../identity/identity.module';
import { RiskModule } from '../risk/risk.module';
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

@Module({
  imports: [AssessmentsModule, AuditModule, MachinesModule, RiskModule, IdentityModule, NotificationsModule],
  controllers: [WorkflowController, MyWorkPageController, InboxPageController],
  providers: [
    WorkflowService,
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
