import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '@nestjs/common';
import type { Response } from 'express';

/** A ready package's zip as the API and the records pages send it: its length, file name and sha-256 Digest. */
export async function sendPackage(
  id: string,
  zip: { stream: Readable; bytes: number; sha256: string },
  res: Response,
  logger: Logger,
): Promise<void> {
  res.setHeader('Content-Type', 'application/zip');
  res.setHeader('Content-Length', String(zip.bytes));
  res.setHeader('Content-Disposition', `attachment; filename="privacy-review-package-${id}.zip"`);
  res.setHeader('Digest', `sha-256=${Buffer.from(zip.sha256, 'hex').toString('base64')}`);
  await pipeline(zip.stream, res).catch((error: unknown) =>
    logger.error({ err: error, packageId: id }, 'package download stopped before its end'),
  );
}
