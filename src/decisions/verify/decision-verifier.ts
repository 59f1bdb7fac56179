import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SigningKeysService } from '../keys/signing-keys.service';
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
}
