import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { DecisionOutcome } from './record/decision-record';
import { type DecisionRow, DecisionRecordBuilder, type DocumentVersion } from './record/decision-record.builder';
import { DocumentRenderer } from './render/document-renderer';
import { DocumentTemplateRegistry } from './templates/document-template.registry';

/** What a version of a decision's document is asked for with (the first, or a correction). */
export interface DocumentRequest {
  decisionId: string;
  version: number;
  correctionReason?: string;
}

/**
 * Produces a decision's documents exactly once per version: rendering and signing run outside any
 * transaction, and the insert is keyed by (decision, version), so a retry or a redelivered job after a
 * crash finds the document made and stops. A failure is recorded on the decision and rethrown, so the
 * job queue retries it; the decision itself is never rolled back.
 */
@Injectable()
export class DecisionDocumentsService {
  private readonly logger = new Logger(DecisionDocumentsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly builder: DecisionRecordBuilder,
    private readonly renderer: DocumentRenderer,
    private readonly templates: DocumentTemplateRegistry,
    private readonly config: AppConfig,
  ) {}

  async issue(request: DocumentRequest): Promise<void> {
    const [decision]: (DecisionRow & { issued: boolean; disposed_at: Date | null })[] = await this.db.query(
      `WITH d AS (UPDATE decisions SET attempts = attempts + 1, updated_at = now() WHERE id = $1 RETURNING *)
       SELECT d.*, EXISTS (SELECT 1 FROM decision_documents WHERE decision_id = d.id AND version = $2) AS issued FROM d`,
      [request.decisionId, request.version],
    );
    if (!decision) throw new Error(`decision ${request.decisionId} does not exist`);
    if (decision.issued) return this.markIssued(request.decisionId);
    // Disposed of while this job waited: the record is gone and must not come back.
    if (decision.disposed_at)
      return this.logger.warn(
        { decisionId: request.decisionId, version: request.version },
        'decision disposed of; no document made',
      );
    try {
      await this.produce(decision, request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.db.query(`UPDATE decisions SET status = 'failed', last_error = $2, updated_at = now() WHERE id = $1`, [
        request.decisionId,
        message.slice(0, 2000),
      ]);
      this.logger.error(
        { err: error, decisionId: request.decisionId, version: request.version },
        'decision document failed; the job will retry',
      );
      throw error;
    }
  }

  /**
   * What a deciding signature means, in the words the next decision document will carry (its template's
   * statement for the outcome, or the sign-off's meaning in templates without one), and the signer's role there.
   */
  signatureWording(event: 'APPROVE' | 'REJECT', outcome: DecisionOutcome): { statement: string; role: string } {
    const template = this.templates.latest(this.config.decisions.template);
    if (!template) throw new Error(`document template ${this.config.decisions.template} is not installed`);
    const signOff = template.signOffs[event];
    return { statement: template.signature?.[outcome] ?? signOff?.meaning ?? '', role: signOff?.role ?? '' };
  }

  /** The decision an outbox job's event made (recorded in the same transaction as the event). */
  async decisionOfEvent(eventId: string): Promise<string> {
    const [row]: { id: string }[] = await this.db.query('SELECT id FROM decisions WHERE event_id = $1', [eventId]);
    if (!row) throw new Error(`event ${eventId} made no decision`);
    return row.id;
  }

  private async produce(decision: DecisionRow, request: DocumentRequest): Promise<void> {
    const previous = request.version > 1 ? await this.previous(request.decisionId, request.version - 1) : null;
    const template = this.templates.latest(this.config.decisions.template);
    if (!template) throw new Error(`document template ${this.config.decisions.template} is not installed`);
    const version: DocumentVersion = {
      version: request.version,
      supersedes: previous ? { version: previous.version, pdfSha256: previous.pdf_sha256 } : null,
      correctionReason: request.correctionReason ?? null,
    };
    const record = await this.builder.build(decision, template, version);
    const rendered = await this.renderer.render(template, record, previous?.id ?? null);
    await this.db.transaction(async (manager) => {
      // Under the lock disposition takes: a decision disposed of while this rendered gets no document back.
      const [current]: { disposed_at: Date | null }[] = await manager.query(
        'SELECT disposed_at FROM decisions WHERE id = $1 FOR UPDATE',
        [request.decisionId],
      );
      if (current.disposed_at)
        return this.logger.warn(
          { decisionId: request.decisionId, version: request.version },
          'decision disposed of while rendering; no document made',
        );
      const inserted = await manager.query(
        `INSERT INTO decision_documents (decision_id, version, supersedes_id, correction_reason, template_id, template_version,
                                         pdf, pdf_sha256, html, html_sha256, manifest_jws, manifest_kid, certificate_kid, last_event_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (decision_id, version) DO NOTHING RETURNING id`,
        [
          request.decisionId,
          request.version,
          previous?.id ?? null,
          version.correctionReason,
          template.id,
          template.version,
          rendered.pdf,
          rendered.pdfSha256,
          rendered.html,
          rendered.htmlSha256,
          rendered.manifestJws,
          rendered.manifestKid,
          rendered.certificateKid,
          record.lastEvent.hash,
        ],
      );
      await manager.query(
        `UPDATE decisions SET status = 'issued', last_error = NULL, updated_at = now() WHERE id = $1`,
        [request.decisionId],
      );
      if (inserted.length > 0)
        this.logger.log(
          { decisionId: request.decisionId, version: request.version, pdfSha256: rendered.pdfSha256 },
          'decision document issued',
        );
    });
  }

  private async previous(
    decisionId: string,
    version: number,
  ): Promise<{ id: string; version: number; pdf_sha256: string }> {
    const [row] = await this.db.query(
      'SELECT id, version, pdf_sha256 FROM decision_documents WHERE decision_id = $1 AND version = $2',
      [decisionId, version],
    );
    if (!row) throw new Error(`decision ${decisionId} has no document version ${version} to correct`);
    return row;
  }

  private async markIssued(decisionId: string): Promise<void> {
    await this.db.query(`UPDATE decisions SET status = 'issued', last_error = NULL, updated_at = now() WHERE id = $1`, [
      decisionId,
    ]);
  }
}
