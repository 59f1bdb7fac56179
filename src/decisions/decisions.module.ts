import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { AuditModule } from '../audit/audit.module';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { AppConfig } from '../config/app-config';
import { IdentityModule } from '../identity/identity.module';
import { CommentsModule } from '../reviews/comments/comments.module';
import { RiskModule } from '../risk/risk.module';
import { DecisionDocumentsService } from './decision-documents.service';
import { DecisionRetentionService } from './decision-retention.service';
import { DecisionDocumentsPageController } from './pages/decision-documents.page.controller';
import { VerifyFormRefusals, VerifyPageController } from './pages/verify.page.controller';
import { DecisionsController } from './decisions.controller';
import { DecisionsService } from './decisions.service';
import { ConditionOwners } from './conditions/condition-owners';
import { DecisionTransitionHook } from './decision-transition.hook';
import { SigningKeysModule } from './keys/signing-keys.module';
import { DecisionRecordBuilder } from './record/decision-record.builder';
import { RenderDecisionHandler } from './render-decision.handler';
import { DocumentRenderer } from './render/document-renderer';
import { loadDocumentTemplates } from './templates/document-template-loader';
import { DocumentTemplateRegistry } from './templates/document-template.registry';
import { VerifyController } from './verify.controller';
import { DecisionVerifier } from './verify/decision-verifier';
import { UploadAdmissionInterceptor } from './verify/upload-admission.interceptor';

@Module({
  imports: [AssessmentsModule, AuditModule, RiskModule, SigningKeysModule, IdentityModule, CommentsModule],
  controllers: [DecisionsController, VerifyController, DecisionDocumentsPageController, VerifyPageController],
  providers: [
    DecisionsService,
    ConditionOwners,
    DecisionTransitionHook,
    DecisionDocumentsService,
    DecisionRetentionService,
    DecisionRecordBuilder,
    DocumentRenderer,
    DecisionVerifier,
    RateLimiter,
    UploadAdmissionInterceptor,
    VerifyFormRefusals,
    RenderDecisionHandler,
    {
      // Loaded and compiled at boot: a broken template stops the start, naming the file.
      provide: DocumentTemplateRegistry,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const registry = new DocumentTemplateRegistry(
          await loadDocumentTemplates(join(config.templates.dir, 'documents')),
        );
        if (!registry.latest(config.decisions.template))
          throw new Error(`DOCUMENT_TEMPLATE ${config.decisions.template} is not in ${config.templates.dir}/documents`);
        return registry;
      },
    },
  ],
  exports: [
    DecisionDocumentsService,
    DecisionsService,
    DecisionRetentionService,
    DocumentTemplateRegistry,
    ConditionOwners,
  ],
})
export class DecisionsModule {}
