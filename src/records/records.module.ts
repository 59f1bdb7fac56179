import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IdentityModule } from '../identity/identity.module';
import { DecisionExportService } from './exports/decision-export.service';
import { ExportsController } from './exports/exports.controller';
import { RetentionController } from './retention/retention.controller';
import { RetentionService } from './retention/retention.service';

/** The records team's side: exports, archival packages, retention, and the public register. */
@Module({
  imports: [IdentityModule, AuditModule],
  controllers: [ExportsController, RetentionController],
  providers: [DecisionExportService, RetentionService],
  exports: [DecisionExportService],
})
export class RecordsModule {}
