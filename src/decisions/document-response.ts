import type { Response } from 'express';
import { PAGE_CSP } from '../web/content-security-policy';

export const DOCUMENT_PARTS = {
  pdf: { column: 'pdf', type: 'application/pdf', extension: 'pdf' },
  html: { column: 'html', type: 'text/html; charset=utf-8', extension: 'html' },
  manifest: { column: 'manifest_jws', type: 'application/jose; charset=utf-8', extension: 'jws' },
} as const;
export type DocumentPart = keyof typeof DOCUMENT_PARTS;

/** Sends one part of a decision's document, for the API and the pages alike. */
export function sendDocument(
  res: Response,
  part: DocumentPart,
  document: { body: Buffer | string; version: number; sha256: string | null; ref: string },
): void {
  const { type, extension } = DOCUMENT_PARTS[part];
  res.setHeader('Content-Type', type);
  res.setHeader(
    'Content-Disposition',
    `${part === 'html' ? 'inline' : 'attachment'}; filename="${document.ref}-decision-v${document.version}.${extension}"`,
  );
  // Immutable content: its hash is its identity.
  if (document.sha256) res.setHeader('ETag', `"${document.sha256}"`);
  // The HTML is a document, not an app: it runs no script and loads nothing.
  if (part === 'html') res.setHeader('Content-Security-Policy', PAGE_CSP);
  res.send(document.body);
}
