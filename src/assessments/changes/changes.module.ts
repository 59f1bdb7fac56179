import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { CommentsModule } from '../../reviews/comments/comments.module';
import { AssessmentsModule } from '../assessments.module';
import { ChangesController } from './changes.controller';
import { ChangesService } from './changes.service';
import { ChangesPageController } from './changes.page.controller';

/** What changed in an assessment's answers since a cycle or an event: the API, its page (with the threads on each changed question), and the service for others. */
@Module({
  imports: [AssessmentsModule, AuditModule, CommentsModule],
  controllers: [ChangesController, ChangesPageController],
  providers: [ChangesService],
  exports: [ChangesService],
})
export class ChangesModule {}
