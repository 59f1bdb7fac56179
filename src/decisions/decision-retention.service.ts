import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A decision's retention columns, as a retention act checks them. */
export interface RetainedDecision {
  id: string;
  assessment_id: string;
  disposition_date: string;
  legal_hold_since: Date | null;
  disposed_at: Date | null;
  retention_class: string;
}

/** A destroyed document, by the hashes the chain keeps once it is gone. */
export interface DestroyedDocument {
  version: number;
  pdfSha256: string;
  htmlSha256: string;
}

/**
 * The decisions module's side of retention: the only writes to a decision's hold and disposal columns and the only
 * delete of its documents. The records team's RetentionService decides when, checks reach and keeps the chain; each
 * method here runs in its transaction.
 */
@Injectable()
export class DecisionRetentionService {
  /** The assessment a decision belongs to, read before the assessment is locked (locks go assessment first). */
  async assessmentOf(manager: EntityManager, decisionId: string): Promise<string | undefined> {
    const [found]: { assessment_id: string }[] = await manager.query(
      'SELECT assessment_id FROM decisions WHERE id = $1',
      [decisionId],
    );
    return found?.assessment_id;
  }

  /** Locks the decision for a retention act. */
  async lock(manager: EntityManager, decisionId: string): Promise<RetainedDecision> {
    const [decision]: RetainedDecision[] = await manager.query(
      `SELECT id, assessment_id, to_char(disposition_date, 'YYYY-MM-DD') AS disposition_date, legal_hold_since, disposed_at, retention_class FROM decisions WHERE id = $1 FOR UPDATE`,
      [decisionId],
    );
    return decision;
  }

  async placeHold(manager: EntityManager, decisionId: string, reason: string): Promise<void> {
    await manager.query('UPDATE decisions SET legal_hold_since = now(), legal_hold_reason = $2 WHERE id = $1', [
      decisionId,
      reason,
    ]);
  }

  async releaseHold(manager: EntityManager, decisionId: string): Promise<void> {
    await manager.query('UPDATE decisions SET legal_hold_since = NULL, legal_hold_reason = NULL WHERE id = $1', [
      decisionId,
    ]);
  }

  /** Destroys the decision's documents and marks it disposed of; returns what was destroyed, oldest version first. */
  async dispose(manager: EntityManager, decisionId: string): Promise<DestroyedDocument[]> {
    // The one act the immutability trigger lets through, and only for this decision, in this transaction.
    await manager.query(`SELECT set_config('records.disposing', $1, true)`, [decisionId]);
    const destroyed: { version: number; pdf_sha256: string; html_sha256: string }[] = await manager.query(
      'WITH gone AS (DELETE FROM decision_documents WHERE decision_id = $1 RETURNING version, pdf_sha256, html_sha256) SELECT * FROM gone',
      [decisionId],
    );
    await manager.query('UPDATE decisions SET disposed_at = now() WHERE id = $1', [decisionId]);
    return destroyed
      .sort((a, b) => a.version - b.version)
      .map((x) => ({ version: x.version, pdfSha256: x.pdf_sha256, htmlSha256: x.html_sha256 }));
  }

  /** The decision's retention as a retention act answers it. */
  async retention(manager: EntityManager, decisionId: string): Promise<Record<string, unknown>> {
    const [after] = await manager.query(
      `SELECT id AS "decisionId", retention_class AS "retentionClass", to_char(disposition_date, 'YYYY-MM-DD') AS "dispositionDate",
              legal_hold_since AS "legalHoldSince", legal_hold_reason AS "legalHoldReason", disposed_at AS "disposedAt"
         FROM decisions WHERE id = $1`,
      [decisionId],
    );
    return after as Record<string, unknown>;
  }
}
