import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { AuditModule } from '../audit/audit.module';
import { MachinesModule } from './machines.module';
import { WorkflowHistoryService } from './workflow-history.service';
import { WorkflowController } from './workflow.controller';
import { WorkflowService } from './workflow.service';

@Module({
  imports: [AssessmentsModule, AuditModule, MachinesModule],
  controllers: [WorkflowController],
  providers: [WorkflowService, WorkflowHistoryService],
  exports: [WorkflowService],
})
export class WorkflowModule {}
