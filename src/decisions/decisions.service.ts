import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DECIDED_STATES } from '../assessments/assessment-state';
import { AssessmentsService } from '../assessments/assessments.service';
import { Assessment } from '../assessments/entities/assessment.entity';
import { storedContextOf } from '../workflow/assessment-machine.types';
import { AuditLogService } from '../audit/audit-log.service';
import { AccessPolicy } from '../common/auth/access-policy';
import type { Actor } from '../common/auth/actor';
import { JobQueue } from '../jobs/job-queue.service';
import { DecisionErrorCode, DecisionException } from './decision.exception';
import { CORRECTION_QUEUE } from './render-decision.handler';

interface DecisionSummaryRow {
  id: string;
  assessment_id: string;
  ref: string;
  cycle: number;
  outcome: string;
  reasons: string | null;
  decided_at: Date;
  decided_by: string | null;
  decided_by_name: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  requested_version: number;
  disposed_at: Date | null;
}

interface DocumentRow {
  id: string;
  version: number;
  supersedes_id: string | null;
  correction_reason: string | null;
  template_id: string;
  template_version: number;
  pdf_sha256: string;
  html_sha256: string;
  manifest_kid: string;
  certificate_kid: string;
  last_event_hash: string;
  created_at: Date;
}

const DOCUMENT_COLUMNS = `id, version, supersedes_id, correction_reason, template_id, template_version, pdf_sha256, html_sha256,
  manifest_kid, certificate_kid, last_event_hash, created_at`;

/** Decisions and their documents as people read them, within their reach of the assessment. */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly db: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditLogService,
    private readonly jobs: JobQueue,
  ) {}

  /** The latest decision on an assessment (of its latest cycle). */
  async ofAssessment(actor: Actor, assessmentId: string) {
    await this.assessments.visible(actor, assessmentId);
    const [row] = await this.summaries('d.assessment_id = $1', [assessmentId]);
    if (!row) throw new DecisionException(DecisionErrorCode.NotDecided, 'The assessment has no decision yet.');
    return this.view(row);
  }

  async get(actor: Actor, decisionId: string) {
    return this.view(await this.visibleDecision(actor, decisionId));
  }

  /** The newest document version, or the one asked for; 409 while the first is still being produced. */
  async document(
    actor: Actor,
    decisionId: string,
    part: 'pdf' | 'html' | 'manifest_jws',
    version?: number,
  ): Promise<{ body: Buffer | string; version: number; sha256: string | null; ref: string }> {
    const decision = await this.visibleDecision(actor, decisionId);
    const [row]: { body: Buffer | string; version: number; sha256: string | null }[] = await this.db.query(
      `SELECT ${part} AS body, version, ${part === 'pdf' ? 'pdf_sha256' : part === 'html' ? 'html_sha256' : 'NULL'} AS sha256
         FROM decision_documents WHERE decision_id = $1 AND ($2::int IS NULL OR version = $2) ORDER BY version DESC LIMIT 1`,
      [decisionId, version ?? null],
    );
    if (!row) {
      if (decision.disposed_at)
        throw new DecisionException(
          DecisionErrorCode.Disposed,
          "The decision's documents were destroyed at the end of their retention period.",
          { extensions: { disposedAt: decision.disposed_at } },
        );
      if (version !== undefined)
        throw new DecisionException(
          DecisionErrorCode.DocumentVersionNotFound,
          `The decision has no document version ${version}.`,
        );
      throw new DecisionException(
        DecisionErrorCode.DocumentNotReady,
        `The decision's document is ${decision.status === 'failed' ? 'failing and being retried' : 'being produced'}; try again shortly.`,
        {
          extensions: { documentStatus: decision.status, attempts: decision.attempts },
        },
      );
    }
    return { ...row, ref: decision.ref };
  }

  /**
   * The public parts of a decision (the public HTML rendering and the manifest), for anyone: only once
   * the assessment is decided, only the newest version, and nothing after disposition.
   */
  async publicDocument(
    decisionId: string,
    part: 'html' | 'manifest_jws',
  ): Promise<{ body: string; version: number; ref: string }> {
    const [row]: { body: string; version: number; ref: string }[] = await this.db.query(
      `SELECT doc.${part} AS body, doc.version, a.ref
         FROM decisions d JOIN assessments a ON a.id = d.assessment_id
         JOIN LATERAL (SELECT * FROM decision_documents WHERE decision_id = d.id ORDER BY version DESC LIMIT 1) doc ON true
        WHERE d.id = $1 AND a.state = ANY($2)`,
      [decisionId, [...DECIDED_STATES]],
    );
    if (!row) throw new DecisionException(DecisionErrorCode.DecisionNotFound, 'No published decision has this id.');
    return row;
  }

  /**
   * Asks for a corrected document: a new version that names the one it supersedes, rendered by the
   * same exactly-once job. The request is an event in the assessment's chain; nothing is overwritten.
   */
  async requestCorrection(actor: Actor, decisionId: string, reason: string) {
    const version = await this.db.transaction(async (manager) => {
      const decision = await this.visibleDecision(actor, decisionId);
      const assessment = (await this.assessments.lock(manager, decision.assessment_id))!;
      const [locked]: DecisionSummaryRow[] = await manager.query('SELECT * FROM decisions WHERE id = $1 FOR UPDATE', [
        decisionId,
      ]);
      if (locked.disposed_at)
        throw new DecisionException(
          DecisionErrorCode.Disposed,
          'The decision was disposed of at the end of its retention period; there is nothing to correct.',
        );
      if (locked.status !== 'issued') {
        throw new DecisionException(
          DecisionErrorCode.CorrectionPending,
          'A document of this decision is still being produced; correct it once it is issued.',
          {
            extensions: { documentStatus: locked.status },
          },
        );
      }
      // A later cycle has changed the answers: a re-rendering would no longer show what was decided.
      const [{ later }] = await manager.query(
        `SELECT count(*)::int AS later FROM decisions WHERE assessment_id = $1 AND cycle > $2`,
        [assessment.id, locked.cycle],
      );
      if (later > 0 || storedContextOf(assessment.snapshot).cycle !== locked.cycle) {
        throw new DecisionException(
          DecisionErrorCode.LaterCycle,
          'The assessment has been reassessed since this decision; its documents can no longer be re-rendered.',
        );
      }
      const next = locked.requested_version + 1;
      await manager.query(
        `UPDATE decisions SET requested_version = $2, status = 'pending', updated_at = now() WHERE id = $1`,
        [decisionId, next],
      );
      await this.audit.append(manager, {
        assessmentId: assessment.id,
        type: 'DOCUMENT_CORRECTION',
        fromState: assessment.state,
        toState: assessment.state,
        payload: { decisionId, version: next, reason },
        actorId: actor.id,
        machineVersion: assessment.machineVersion,
        at: new Date(),
      });
      await this.jobs.insertInTransaction(manager, [
        { name: CORRECTION_QUEUE, data: { decisionId, version: next, reason } },
      ]);
      return next;
    });
    return { decisionId, version, status: 'pending' };
  }

  private async visibleDecision(actor: Actor, decisionId: string): Promise<DecisionSummaryRow> {
    const [row] = await this.summaries('d.id = $1', [decisionId]);
    const assessment = row ? await this.db.getRepository(Assessment).findOneBy({ id: row.assessment_id }) : null;
    if (!row || !assessment || !this.policy.canSee(actor, assessment))
      throw new DecisionException(DecisionErrorCode.DecisionNotFound, 'No such decision.');
    return row;
  }

  private summaries(where: string, params: unknown[]): Promise<DecisionSummaryRow[]> {
    return this.db.query(
      `SELECT d.*, a.ref, u.display_name AS decided_by_name
         FROM decisions d JOIN assessments a ON a.id = d.assessment_id LEFT JOIN users u ON u.id = d.decided_by
        WHERE ${where} ORDER BY d.decided_at DESC LIMIT 1`,
      params,
    );
  }

  private async view(row: DecisionSummaryRow) {
    const documents: DocumentRow[] = await this.db.query(
      `SELECT ${DOCUMENT_COLUMNS} FROM decision_documents WHERE decision_id = $1 ORDER BY version`,
      [row.id],
    );
    const base = `/decisions/${row.id}`;
    return {
      id: row.id,
      assessmentId: row.assessment_id,
      assessmentRef: row.ref,
      cycle: row.cycle,
      outcome: row.outcome,
      reasons: row.reasons,
      decidedAt: row.decided_at,
      decidedBy: row.decided_by ? { id: row.decided_by, displayName: row.decided_by_name } : null,
      // pending: not produced yet; failed: the last attempt failed and the job retries; issued: done.
      documentStatus: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      documents: documents.map((d) => ({
        id: d.id,
        version: d.version,
        supersedesId: d.supersedes_id,
        correctionReason: d.correction_reason,
        template: { id: d.template_id, version: d.template_version },
        pdfSha256: d.pdf_sha256,
        htmlSha256: d.html_sha256,
        manifestKeyId: d.manifest_kid,
        certificateKeyId: d.certificate_kid,
        lastEventHash: d.last_event_hash,
        createdAt: d.created_at,
        links: {
          pdf: `${base}/document.pdf?version=${d.version}`,
          html: `${base}/document.html?version=${d.version}`,
          manifest: `${base}/manifest.jws?version=${d.version}`,
        },
      })),
      links: {
        pdf: `${base}/document.pdf`,
        html: `${base}/document.html`,
        manifest: `${base}/manifest.jws`,
        jwks: '/.well-known/jwks.json',
      },
    };
  }
}
