import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContentResponse } from '../../common/openapi/responses';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { DecisionExportService, type ExportFormat } from './decision-export.service';
import { DecisionFilter } from './export-filter';
import { sendExport } from './send-export';

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
    await sendExport(await this.exports.stream(actor, filter, format), format, res, this.logger);
  }
}
