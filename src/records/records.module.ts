import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { AuditModule } from '../audit/audit.module';
import { DecisionsModule } from '../decisions/decisions.module';
import { PackageBuilder } from './packages/package-builder';
import { PackagesController } from './packages/packages.controller';
import { PackagesService } from './packages/packages.service';
import { PublicRegisterController } from './register/public-register.controller';
import { PublicRegisterService } from './register/public-register.service';
import { IdentityModule } from '../identity/identity.module';
import { DecisionExportService } from './exports/decision-export.service';
import { ExportsController } from './exports/exports.controller';
import { ArchivesPageController } from './pages/archives.page.controller';
import { RecordsPageController } from './pages/records.page.controller';
import { RetentionPageController } from './pages/retention.page.controller';
import { RetentionController } from './retention/retention.controller';
import { RetentionService } from './retention/retention.service';

/** The records team's side: exports, archival packages, retention, and the public register. */
@Module({
  imports: [IdentityModule, AuditModule, AssessmentsModule, DecisionsModule],
  controllers: [
    ExportsController,
    RetentionController,
    PublicRegisterController,
    PackagesController,
    RecordsPageController,
    ArchivesPageController,
    RetentionPageController,
  ],
  providers: [DecisionExportService, RetentionService, PublicRegisterService, PackagesService, PackageBuilder],
  exports: [DecisionExportService],
})
export class RecordsModule {}
