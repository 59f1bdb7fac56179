import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AssessmentsService } from '../../assessments/assessments.service';
import { AuditLogService } from '../../audit/audit-log.service';
import { AccessPolicy } from '../../common/auth/access-policy';
import type { Actor } from '../../common/auth/actor';
import type { Page, PageQuery } from '../../common/validation/page.query';
import { DecisionRetentionService, type RetainedDecision } from '../../decisions/decision-retention.service';
import { RecordsErrorCode, RecordsException } from '../records.exception';

/** A decision under a legal hold, as the retention page lists it. */
export interface HoldRow {
  decisionId: string;
  ref: string;
  title: string;
  department: string;
  legalHoldSince: Date;
  legalHoldReason: string | null;
  dispositionDate: string;
}

interface AssessmentScopeRow {
  ownerId: string;
}

/** A decision's retention, and what a disposition would destroy. */
export interface DecisionRetention {
  decisionId: string;
  assessmentId: string;
  ref: string;
  title: string;
  department: string;
  state: string;
  outcome: string;
  cycle: number;
  decidedAt: Date;
  retentionClass: string;
  dispositionDate: string;
  /** Its disposition date has come (a hold may still block it). */
  pastDate: boolean;
  legalHoldSince: Date | null;
  legalHoldReason: string | null;
  disposedAt: Date | null;
  documents: { version: number; pdfSha256: string; htmlSha256: string }[];
}

/**
 * Retention of decisions: each has a class and a disposition date (set when it is made); a legal hold
 * blocks disposition; a disposition destroys the documents and is itself an event in the assessment's
 * chain, never a silent delete. The decisions module writes its own tables (DecisionRetentionService); the lists
 * here read them as records' read model.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditLogService,
    private readonly decisions: DecisionRetentionService,
    private readonly assessments: AssessmentsService,
  ) {}

  /** Decisions past their disposition date, not held and not yet disposed of, oldest first. */
  async dueForDisposition(actor: Actor, page: PageQuery): Promise<Page<Record<string, unknown>>> {
    const scope = this.policy.condition(actor, 'a');
    const due = `FROM decisions d JOIN assessments a ON a.id = d.assessment_id
        WHERE d.disposed_at IS NULL AND d.legal_hold_since IS NULL AND d.disposition_date <= (now() AT TIME ZONE 'UTC')::date AND ${scope.sql}`;
    const [countSql, countParams] = this.db.driver.escapeQueryWithParameters(
      `SELECT count(*)::int AS total ${due}`,
      scope.params,
    );
    const [{ total }]: { total: number }[] = await this.db.query(countSql, countParams);
    const [sql, params] = this.db.driver.escapeQueryWithParameters(
      `SELECT d.id AS "decisionId", a.id AS "assessmentId", a.ref, a.title, a.department, d.outcome, d.decided_at AS "decidedAt",
              d.retention_class AS "retentionClass", to_char(d.disposition_date, 'YYYY-MM-DD') AS "dispositionDate"
         ${due}
        ORDER BY d.disposition_date, d.id LIMIT :limit OFFSET :offset`,
      { ...scope.params, limit: page.pageSize, offset: (page.page - 1) * page.pageSize },
    );
    return { items: await this.db.query(sql, params), total, page: page.page, pageSize: page.pageSize };
  }

  /** Decisions under a legal hold and not disposed of, longest held first. */
  async underHold(actor: Actor, page: PageQuery): Promise<Page<HoldRow>> {
    const scope = this.policy.condition(actor, 'a');
    const held = `FROM decisions d JOIN assessments a ON a.id = d.assessment_id
        WHERE d.disposed_at IS NULL AND d.legal_hold_since IS NOT NULL AND ${scope.sql}`;
    const [countSql, countParams] = this.db.driver.escapeQueryWithParameters(
      `SELECT count(*)::int AS total ${held}`,
      scope.params,
    );
    const [{ total }]: { total: number }[] = await this.db.query(countSql, countParams);
    const [sql, params] = this.db.driver.escapeQueryWithParameters(
      `SELECT d.id AS "decisionId", a.ref, a.title, a.department, d.legal_hold_since AS "legalHoldSince",
              d.legal_hold_reason AS "legalHoldReason", to_char(d.disposition_date, 'YYYY-MM-DD') AS "dispositionDate"
         ${held}
        ORDER BY d.legal_hold_since, d.id LIMIT :limit OFFSET :offset`,
      { ...scope.params, limit: page.pageSize, offset: (page.page - 1) * page.pageSize },
    );
    return { items: await this.db.query(sql, params), total, page: page.page, pageSize: page.pageSize };
  }

  /**
   * One decision's retention, for the page that holds, releases and disposes of it: whether it is due now, and
   * the documents a disposition would destroy, with their hashes (the ones the chain keeps once they are gone).
   */
  async retentionOf(actor: Actor, decisionId: string): Promise<DecisionRetention> {
    const [row]: (Omit<DecisionRetention, 'documents'> & AssessmentScopeRow)[] = await this.db.query(
      `SELECT d.id AS "decisionId", a.id AS "assessmentId", a.ref, a.title, a.department, a.owner_id AS "ownerId", a.state,
              d.outcome, d.cycle, d.decided_at AS "decidedAt", d.retention_class AS "retentionClass",
              to_char(d.disposition_date, 'YYYY-MM-DD') AS "dispositionDate",
              d.disposition_date <= (now() AT TIME ZONE 'UTC')::date AS "pastDate",
              d.legal_hold_since AS "legalHoldSince", d.legal_hold_reason AS "legalHoldReason", d.disposed_at AS "disposedAt"
         FROM decisions d JOIN assessments a ON a.id = d.assessment_id WHERE d.id = $1`,
      [decisionId],
    );
    if (!row || !this.policy.canSee(actor, { ownerId: row.ownerId, state: row.state, department: row.department }))
      throw new RecordsException(RecordsErrorCode.DecisionNotFound, 'No such decision.');
    const documents: DecisionRetention['documents'] = await this.db.query(
      `SELECT version, pdf_sha256 AS "pdfSha256", html_sha256 AS "htmlSha256" FROM decision_documents
        WHERE decision_id = $1 ORDER BY version`,
      [decisionId],
    );
    const { ownerId: _owner, ...rest } = row;
    return { ...rest, documents };
  }

  placeHold(actor: Actor, decisionId: string, reason: string) {
    return this.act(
      actor,
      decisionId,
      'LEGAL_HOLD_PLACED',
      async (manager, d) => {
        if (d.legal_hold_since) return; // already held: the new reason is still recorded in the chain
        await this.decisions.placeHold(manager, decisionId, reason);
      },
      { reason },
    );
  }

  releaseHold(actor: Actor, decisionId: string, reason: string) {
    return this.act(
      actor,
      decisionId,
      'LEGAL_HOLD_RELEASED',
      async (manager, d) => {
        if (!d.legal_hold_since)
          throw new RecordsException(RecordsErrorCode.NoLegalHold, 'The decision is not under a legal hold.');
        await this.decisions.releaseHold(manager, decisionId);
      },
      { reason },
    );
  }

  /** Destroys the decision's documents, keeping in the chain what was destroyed (their hashes), by whom and why. */
  dispose(actor: Actor, decisionId: string, reason: string) {
    return this.act(
      actor,
      decisionId,
      'DISPOSED',
      async (manager, d) => {
        if (d.legal_hold_since)
          throw new RecordsException(
            RecordsErrorCode.LegalHold,
            'The decision is under a legal hold; release the hold before disposing of it.',
          );
        const [{ due }] = await manager.query(`SELECT $1::date <= (now() AT TIME ZONE 'UTC')::date AS due`, [
          d.disposition_date,
        ]);
        if (!due)
          throw new RecordsException(
            RecordsErrorCode.NotDue,
            `The decision is kept until ${d.disposition_date} (${d.retention_class}).`,
            { extensions: { dispositionDate: d.disposition_date } },
          );
        return { documents: await this.decisions.dispose(manager, decisionId) };
      },
      { reason },
    );
  }

  /**
   * One retention act: lock the assessment and the decision, check reach and that the decision still
   * exists as a record, do it, and append the event (with what `work` returns) to the chain.
   */
  private async act(
    actor: Actor,
    decisionId: string,
    type: string,
    work: (manager: EntityManager, decision: RetainedDecision) => Promise<Record<string, unknown> | void>,
    payload: Record<string, unknown>,
  ) {
    return this.db.transaction(async (manager) => {
      const assessmentId = await this.decisions.assessmentOf(manager, decisionId);
      const assessment = assessmentId ? await this.assessments.lock(manager, assessmentId) : null;
      if (!assessment || !this.policy.canSee(actor, assessment))
        throw new RecordsException(RecordsErrorCode.DecisionNotFound, 'No such decision.');
      const decision = await this.decisions.lock(manager, decisionId);
      if (decision.disposed_at)
        throw new RecordsException(RecordsErrorCode.AlreadyDisposed, 'The decision was disposed of already.');
      const details = (await work(manager, decision)) ?? {};
      const at = new Date();
      await this.audit.append(manager, {
        assessmentId: assessment.id,
        type,
        fromState: assessment.state,
        toState: assessment.state,
        payload: {
          decisionId,
          ...payload,
          retentionClass: decision.retention_class,
          dispositionDate: decision.disposition_date,
          ...details,
        },
        actorId: actor.id,
        machineVersion: assessment.machineVersion,
        at,
      });
      return this.decisions.retention(manager, decisionId);
    });
  }
}
