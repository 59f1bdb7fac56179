import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SigningKeysService } from '../keys/signing-keys.service';
import type { DecisionManifest } from '../signing/manifest';
import { verifyFile } from './verify-file';

/**
 * The server side of verification: the same offline checks the CLI runs, against the published JWKS,
 * then what the engine knows of the file (which decision and version, and whether a correction
 * superseded it).
 */
@Injectable()
export class DecisionVerifier {
  constructor(
    private readonly db: DataSource,
    private readonly keys: SigningKeysService,
  ) {}

  /** `sha256` is the file's, computed while it was received. */
  async verify(file: Buffer, sha256: string) {
    const result = await verifyFile(file, await this.keys.jwks(), sha256);
    if (!result.valid) return { ...result, decision: null };
    const [known]: { decision_id: string; version: number; latest: number }[] = await this.db.query(
      `SELECT d.decision_id, d.version, (SELECT max(version) FROM decision_documents WHERE decision_id = d.decision_id) AS latest
         FROM decision_documents d WHERE ${result.kind === 'pdf' ? 'd.pdf_sha256 = $1' : 'd.manifest_jws = $1'} LIMIT 1`,
      [result.kind === 'pdf' ? result.sha256 : file.toString('utf8').trim()],
    );
    return {
      ...result,
      decision: known
        ? { id: known.decision_id, documentVersion: known.version, superseded: known.version < known.latest }
        : null,
    };
  }

  /**
   * What the engine's own signed manifest says of a document it issued (its ref, outcome, sign-offs and when), for
   * a page that explains a verified PDF in words. Null once the document is gone (disposed of).
   */
  async manifestOf(decisionId: string, documentVersion: number): Promise<DecisionManifest | null> {
    const [row]: { manifest_jws: string }[] = await this.db.query(
      'SELECT manifest_jws FROM decision_documents WHERE decision_id = $1 AND version = $2',
      [decisionId, documentVersion],
    );
    // The engine's own row, signed when it was issued: its payload is read, not verified again.
    return row
      ? (JSON.parse(Buffer.from(row.manifest_jws.split('.')[1], 'base64url').toString('utf8')) as DecisionManifest)
      : null;
  }
}
