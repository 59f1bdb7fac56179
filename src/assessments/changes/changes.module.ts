import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { AssessmentsModule } from '../assessments.module';
import { ChangesController } from './changes.controller';
import { ChangesService } from './changes.service';

/** What changed in an assessment's answers since a cycle or an event: the API, and the service for others. */
@Module({
  imports: [AssessmentsModule, AuditModule],
  controllers: [ChangesController],
  providers: [ChangesService],
  exports: [ChangesService],
})
export class ChangesModule {}
