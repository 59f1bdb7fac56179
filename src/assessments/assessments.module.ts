import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { AuditModule } from '../audit/audit.module';
import { IdentityModule } from '../identity/identity.module';
import { MachinesModule } from '../workflow/machines.module';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsService } from './assessments.service';
import { AnswerRevision } from './entities/answer-revision.entity';
import { Assessment } from './entities/assessment.entity';
import { loadQuestionnaires } from './questionnaire/questionnaire-loader';
import { QuestionnaireRegistry } from './questionnaire/questionnaire.registry';

@Module({
  imports: [TypeOrmModule.forFeature([Assessment, AnswerRevision]), IdentityModule, MachinesModule, AuditModule],
  controllers: [AssessmentsController],
  providers: [
    AssessmentsService,
    {
      // Loaded and checked at boot: a broken template stops the start, naming the file and the path.
      provide: QuestionnaireRegistry,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) =>
        new QuestionnaireRegistry(await loadQuestionnaires(join(config.templates.dir, 'questionnaires'))),
    },
  ],
  exports: [AssessmentsService, QuestionnaireRegistry],
})
export class AssessmentsModule {}
