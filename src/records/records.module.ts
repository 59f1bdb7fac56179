import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { DecisionExportService } from './exports/decision-export.service';
import { ExportsController } from './exports/exports.controller';

/** The records team's side: exports, archival packages, retention, and the public register. */
@Module({
  imports: [IdentityModule],
  controllers: [ExportsController],
  providers: [DecisionExportService],
  exports: [DecisionExportService],
})
export class RecordsModule {}
