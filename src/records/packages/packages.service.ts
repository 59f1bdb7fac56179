import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import type { Page, PageQuery } from '../../common/validation/page.query';
import { AppConfig } from '../../config/app-config';
import { JobQueue } from '../../jobs/job-queue.service';
import { DecisionExportService } from '../exports/decision-export.service';
import type { DecisionFilter } from '../exports/export-filter';
import { RecordsErrorCode, RecordsException } from '../records.exception';
import { PACKAGE_QUEUE, PackageBuilder } from './package-builder';

interface PackageRecord {
  id: string;
  filter: DecisionFilter;
  status: string;
  total: number | null;
  done: number;
  bytes: string | null;
  sha256: string | null;
  error: string | null;
  created_by: string;
  created_at: Date;
  finished_at: Date | null;
}

/** Archival packages: asked for here, built by PackageBuilder's job, downloaded by whoever asked. */
@Injectable()
export class PackagesService {
  constructor(
    private readonly db: DataSource,
    private readonly jobs: JobQueue,
    private readonly exports: DecisionExportService,
    private readonly config: AppConfig,
  ) {}

  /** The package row and its job are written in one transaction: a package is never asked for and forgotten. */
  async request(actor: Actor, filter: DecisionFilter): Promise<{ id: string; status: string }> {
    const scope = this.exports.scopeOf(actor);
    return this.db.transaction(async (manager) => {
      const [{ id }] = await manager.query(
        'INSERT INTO record_packages (filter, scope_department, created_by) VALUES ($1, $2, $3) RETURNING id',
        [JSON.stringify(filter), scope.department ?? null, actor.id],
      );
      await this.jobs.insertInTransaction(manager, [{ name: PACKAGE_QUEUE, data: { packageId: id } }]);
      return { id, status: 'queued' };
    });
  }

  async get(actor: Actor, id: string) {
    return this.view(await this.mine(actor, id));
  }

  /** The packages this person asked for, newest first (a package is seen only by whoever asked for it). */
  async list(actor: Actor, page: PageQuery): Promise<Page<ReturnType<PackagesService['view']>>> {
    const [rows, [{ total }]]: [PackageRecord[], { total: number }[]] = await Promise.all([
      this.db.query(
        'SELECT * FROM record_packages WHERE created_by = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3',
        [actor.id, page.pageSize, (page.page - 1) * page.pageSize],
      ),
      this.db.query('SELECT count(*)::int AS total FROM record_packages WHERE created_by = $1', [actor.id]),
    ]);
    return { items: rows.map((row) => this.view(row)), total, page: page.page, pageSize: page.pageSize };
  }

  private view(row: PackageRecord) {
    return {
      id: row.id,
      filter: row.filter,
      // queued, building (done of total), ready, or failed (the job retries and resumes).
      status: row.status,
      progress: { done: row.done, total: row.total },
      bytes: row.bytes === null ? null : Number(row.bytes),
      sha256: row.sha256,
      error: row.error,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      links: { download: `/records/packages/${row.id}/download` },
    };
  }

  async download(actor: Actor, id: string): Promise<{ stream: Readable; bytes: number; sha256: string }> {
    const row = await this.mine(actor, id);
    if (row.status !== 'ready') {
      throw new RecordsException(
        RecordsErrorCode.PackageNotReady,
        `The package is ${row.status}${row.total !== null ? ` (${row.done} of ${row.total})` : ''}; download it once it is ready.`,
        {
          extensions: { packageStatus: row.status },
        },
      );
    }
    return {
      stream: createReadStream(PackageBuilder.zipPath(this.config.dataDir, id)),
      bytes: Number(row.bytes),
      sha256: row.sha256!,
    };
  }

  /** A package is seen only by the person who asked for it. */
  private async mine(actor: Actor, id: string): Promise<PackageRecord> {
    const [row]: PackageRecord[] = await this.db.query(
      'SELECT * FROM record_packages WHERE id = $1 AND created_by = $2',
      [id, actor.id],
    );
    if (!row) throw new RecordsException(RecordsErrorCode.PackageNotFound, 'No such package of yours.');
    return row;
  }
}
