import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { ExportFormat } from './decision-export.service';

const TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

/** An export's response, the same for the API and the records page: its type, a file name, and the rows streamed. */
export async function sendExport(rows: Readable, format: ExportFormat, res: Response, logger: Logger): Promise<void> {
  res.setHeader('Content-Type', TYPES[format]);
  res.setHeader('Content-Disposition', `attachment; filename="decisions.${format}"`);
  // Once streaming has begun a failure cannot become a problem document: the response is cut short.
  await pipeline(rows, res).catch((error: unknown) =>
    logger.error({ err: error }, 'decision export stopped before its end'),
  );
}
