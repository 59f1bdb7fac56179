import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import type { Logger } from 'pino';
import { NoStoreInterceptor } from './common/auth/no-store.interceptor';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter';
import { LoggingModule } from './common/logging/logging.module';
import { createValidationPipe } from './common/validation/validation';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { AssessmentsModule } from './assessments/assessments.module';
import { ChangesModule } from './assessments/changes/changes.module';
import { AssessmentPagesModule } from './assessments/pages/assessment-pages.module';
import { DecisionsModule } from './decisions/decisions.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { IdentityModule } from './identity/identity.module';
import { RecordsModule } from './records/records.module';
import { CommentsModule } from './reviews/comments/comments.module';
import { ActionItemsModule } from './reviews/action-items/action-items.module';
import { NamedReviewsModule } from './reviews/named-reviews/named-reviews.module';
import { RiskPagesModule } from './risk/pages/risk-pages.module';
import { WebModule } from './web/web.module';
import { DecidePagesModule } from './workflow/pages/decide-pages.module';
import { ReviewPagesModule } from './workflow/pages/review-pages.module';
import { StatusPagesModule } from './workflow/pages/status-pages.module';
import { WorkflowModule } from './workflow/workflow.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** The resolved database URL (DATABASE_URL, or the embedded default started by the caller). */
  databaseUrl: string;
  logger: Logger;
}

@Module({})
export class AppModule {
  static register({ config, databaseUrl, logger }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        DatabaseModule.forRoot(databaseUrl),
        JobsModule.forRoot(databaseUrl),
        HealthModule,
        IdentityModule,
        AssessmentsModule,
        WorkflowModule,
        ActionItemsModule,
        CommentsModule,
        NamedReviewsModule,
        DecisionsModule,
        RecordsModule,
        WebModule,
        AssessmentPagesModule,
        StatusPagesModule,
        ChangesModule,
        RiskPagesModule,
        DecidePagesModule,
        ReviewPagesModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useValue: createValidationPipe() },
        { provide: APP_INTERCEPTOR, useClass: NoStoreInterceptor },
      ],
    };
  }
}
