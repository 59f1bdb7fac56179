import { pipeline } from 'node:stream/promises';
import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContentResponse } from '../../common/openapi/responses';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { DecisionExportService, type ExportFormat } from './decision-export.service';
import { DecisionFilter } from './export-filter';

const TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

@ApiTags('records')
@Controller('records')
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(private readonly exports: DecisionExportService) {}

  /** Every decided assessment's decision, one JSON object a line, with document and last-event hashes. */
  @Get('decisions.jsonl')
  @RequirePermission(Permission.RecordsExport)
  @ApiOperation({ summary: 'Export decisions as JSON lines' })
  @ApiContentResponse('application/x-ndjson', 'One decision per line, with document and last-event hashes.')
  jsonl(@CurrentActor() actor: Actor, @Query() filter: DecisionFilter, @Res() res: Response) {
    return this.send(actor, filter, 'jsonl', res);
  }

  /** The same as RFC 4180 CSV, cells that a spreadsheet would run as formulas neutralised. */
  @Get('decisions.csv')
  @RequirePermission(Permission.RecordsExport)
  @ApiOperation({ summary: 'Export decisions as CSV' })
  @ApiContentResponse('text/csv', 'RFC 4180, with a header row.')
  csv(@CurrentActor() actor: Actor, @Query() filter: DecisionFilter, @Res() res: Response) {
    return this.send(actor, filter, 'csv', res);
  }

  private async send(actor: Actor, filter: DecisionFilter, format: ExportFormat, res: Response): Promise<void> {
    const rows = await this.exports.stream(actor, filter, format);
    res.setHeader('Content-Type', TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="decisions.${format}"`);
    // Once streaming has begun a failure cannot become a problem document: the response is cut short.
    await pipeline(rows, res).catch((error: unknown) =>
      this.logger.error({ err: error }, 'decision export stopped before its end'),
    );
  }
}
