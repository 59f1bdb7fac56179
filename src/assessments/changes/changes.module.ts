import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { AssessmentsModule } from '../assessments.module';
import { ChangesController } from './changes.controller';
import { ChangesService } from './changes.service';
import { ChangesPageController } from './changes.page.controller';

/** What changed in an assessment's answers since a cycle or an event: the API, its page, and the service for others. */
@Module({
  imports: [AssessmentsModule, AuditModule],
  controllers: [ChangesController, ChangesPageController],
  providers: [ChangesService],
  exports: [ChangesService],
})
export class ChangesModule {}
