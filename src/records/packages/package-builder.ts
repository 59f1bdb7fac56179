import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLogService, toHashed } from '../../audit/audit-log.service';
import { AppConfig } from '../../config/app-config';
import { queryStream } from '../../database/query-stream';
import { JobQueue } from '../../jobs/job-queue.service';
import { type DecisionExportRow, decisionRowsQuery } from '../exports/decision-rows';
import type { DecisionFilter } from '../exports/export-filter';
import { finishBag, writePayloadFile, zipBag } from './bag';

export const PACKAGE_QUEUE = 'records.package';

/** A running build beats this often; one silent for STALE_SECONDS is taken to have crashed. */
const HEARTBEAT_SECONDS = 30;
const STALE_SECONDS = 120;
const BUILD_FAILED = 'the build stopped on an internal error (logged by the service); it will be retried';

interface PackageRow {
  id: string;
  filter: DecisionFilter;
  scope_department: string | null;
}

/**
 * Builds an archival package in a pg-boss job. Each decision's files are staged under
 * DATA_DIR/packages/<id>/bag, and a marker per finished decision lets a retried job (after a crash or
 * a failure) carry on where the last one stopped. Then the BagIt tag files, then the zip.
 */
@Injectable()
export class PackageBuilder implements OnApplicationBootstrap {
  private readonly logger = new Logger(PackageBuilder.name);

  constructor(
    private readonly db: DataSource,
    private readonly jobs: JobQueue,
    private readonly audit: AuditLogService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.createQueue(PACKAGE_QUEUE);
    this.jobs.work<{ packageId: string }>(PACKAGE_QUEUE, (job) => this.build(job.packageId));
  }

  static zipPath(dataDir: string, id: string): string {
    return join(dataDir, 'packages', `${id}.zip`);
  }

  async build(packageId: string): Promise<void> {
    const pkg = await this.claim(packageId);
    if (!pkg) return; // ready already: a redelivered job has nothing left to do
    const heartbeat = setInterval(() => void this.beat(packageId), HEARTBEAT_SECONDS * 1000);
    try {
      await this.buildClaimed(packageId, pkg);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Takes the package for this build: a queued or failed one, or one whose builder went silent. A job
   * delivered again while another build is alive (pg-boss expires long jobs) fails, so it retries later
   * and takes over if that build dies.
   */
  private async claim(packageId: string): Promise<PackageRow | undefined> {
    const [claimed]: PackageRow[] = await this.db.query(
      `WITH p AS (UPDATE record_packages SET status = 'building', error = NULL, heartbeat_at = now()
                   WHERE id = $1 AND (status IN ('queued', 'failed') OR (status = 'building' AND heartbeat_at < now() - make_interval(secs => $2)))
               RETURNING id, filter, scope_department)
       SELECT * FROM p`,
      [packageId, STALE_SECONDS],
    );
    if (claimed) return claimed;
    const [row]: { status: string }[] = await this.db.query('SELECT status FROM record_packages WHERE id = $1', [
      packageId,
    ]);
    if (!row || row.status === 'ready') return undefined;
    throw new Error(`package ${packageId} is being built by another worker`);
  }

  private async beat(packageId: string): Promise<void> {
    await this.db
      .query('UPDATE record_packages SET heartbeat_at = now() WHERE id = $1', [packageId])
      .catch((error: unknown) => this.logger.warn({ err: error, packageId }, 'package heartbeat missed'));
  }

  private async buildClaimed(packageId: string, pkg: PackageRow): Promise<void> {
    const staging = join(this.config.dataDir, 'packages', packageId);
    const bag = join(staging, 'bag');
    const markers = join(staging, 'done');
    try {
      await mkdir(markers, { recursive: true });
      const finished = new Set(await readdir(markers));
      const { sql, params } = decisionRowsQuery(pkg.filter, { department: pkg.scope_department ?? undefined });
      const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM (${sql}) r`, params);
      await this.db.query('UPDATE record_packages SET total = $2, done = $3 WHERE id = $1', [
        packageId,
        total,
        finished.size,
      ]);

      let done = finished.size;
      for await (const row of await queryStream(this.db, sql, params, 200)) {
        const decision = row as DecisionExportRow;
        if (finished.has(decision.decision_id)) continue;
        await this.stageDecision(bag, decision);
        await writeFile(join(markers, decision.decision_id), '');
        if (++done % 50 === 0)
          await this.db.query('UPDATE record_packages SET done = $2 WHERE id = $1', [packageId, done]);
      }
      await finishBag(bag, await this.bagInfo(packageId, pkg, sql, params));
      const { bytes, sha256 } = await zipBag(
        bag,
        `privacy-review-package-${packageId}`,
        PackageBuilder.zipPath(this.config.dataDir, packageId),
      );
      await this.db.query(
        `UPDATE record_packages SET status = 'ready', done = $2, bytes = $3, sha256 = $4, finished_at = now() WHERE id = $1`,
        [packageId, done, bytes, sha256],
      );
      await rm(staging, { recursive: true, force: true });
      this.logger.log({ packageId, decisions: done, bytes }, 'archival package ready');
    } catch (error) {
      // The cause stays in the log: file system errors name server paths, which the requester (and the
      // job's stored error, shown to operators through pg-boss) must not see.
      this.logger.error({ err: error, packageId }, 'archival package failed; the job will retry and resume');
      await this.db.query(`UPDATE record_packages SET status = 'failed', error = $2 WHERE id = $1`, [
        packageId,
        BUILD_FAILED,
      ]);
      throw new Error(`archival package ${packageId}: ${BUILD_FAILED}`, { cause: error });
    }
  }

  /**
   * data/<ref>/: per review cycle the decision (as exported) and its signed PDF, public HTML and manifest; the
   * assessment; its full event history. Several cycles of one assessment share the folder.
   */
  private async stageDecision(bag: string, row: DecisionExportRow): Promise<void> {
    const dir = row.assessment_ref;
    const [doc]: { pdf: Buffer; html: string; manifest_jws: string }[] = await this.db.query(
      'SELECT pdf, html, manifest_jws FROM decision_documents WHERE decision_id = $1 ORDER BY version DESC LIMIT 1',
      [row.decision_id],
    );
    await writePayloadFile(bag, `${dir}/decision-cycle-${row.cycle}.json`, `${JSON.stringify(row, null, 2)}\n`);
    if (doc) {
      await writePayloadFile(bag, `${dir}/decision-cycle-${row.cycle}.pdf`, doc.pdf);
      await writePayloadFile(bag, `${dir}/decision-cycle-${row.cycle}.html`, doc.html);
      await writePayloadFile(bag, `${dir}/decision-cycle-${row.cycle}.jws`, doc.manifest_jws);
    }
    const [assessment] = await this.db.query(
      `SELECT id, ref, title, department, owner_id AS "ownerId", state, questionnaire_id AS "questionnaireId", questionnaire_version AS "questionnaireVersion",
              answers, screening, machine_version AS "machineVersion", risk_model_id AS "riskModelId", risk_model_version AS "riskModelVersion",
              risk_findings AS "riskFindings", created_at AS "createdAt", submitted_at AS "submittedAt"
         FROM assessments WHERE id = $1`,
      [row.assessment_id],
    );
    await writePayloadFile(bag, `${dir}/assessment.json`, `${JSON.stringify(assessment, null, 2)}\n`);
    // One event a line, in the very shape that was hashed, so the chain re-computes from this file alone.
    const events = (await this.audit.history(row.assessment_id)).map((e) => JSON.stringify(toHashed(e)));
    await writePayloadFile(bag, `${dir}/events.jsonl`, `${events.join('\n')}\n`);
  }

  private async bagInfo(
    packageId: string,
    pkg: PackageRow,
    sql: string,
    params: unknown[],
  ): Promise<[string, string][]> {
    const [retention]: { classes: string[] | null; earliest: string | null; held: number }[] = await this.db.query(
      `SELECT array_agg(DISTINCT retention_class) AS classes, min(disposition_date) AS earliest, count(*) FILTER (WHERE legal_hold)::int AS held FROM (${sql}) r`,
      params,
    );
    return [
      ['Source-Organization', this.config.decisions.organisation],
      ['Bagging-Date', new Date().toISOString().slice(0, 10)],
      ['External-Identifier', packageId],
      [
        'External-Description',
        `Privacy review decisions with their signed documents and event histories. Filter: ${JSON.stringify(pkg.filter)}`,
      ],
      ...(retention.classes ?? []).map((c): [string, string] => ['Retention-Class', c]),
      ['Earliest-Disposition-Date', retention.earliest ?? 'none'],
      ['Legal-Holds', String(retention.held)],
    ];
  }
}
