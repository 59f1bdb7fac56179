import { type Readable, Transform } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy';
import { queryStream, throughStages } from '../../database/query-stream';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/roles';
import type { Page, PageQuery } from '../../common/validation/page.query';
import { csvStage } from './csv';
import {
  decisionCountQuery,
  type DecisionExportRow,
  decisionPageIdsQuery,
  decisionRowsQuery,
  EXPORT_COLUMNS,
} from './decision-rows';
import type { DecisionFilter } from './export-filter';
import { RecordsErrorCode, RecordsException } from '../records.exception';

export type ExportFormat = 'jsonl' | 'csv';

/** Decisions as JSONL or CSV, streamed from a cursor (database/query-stream.ts): memory stays flat. */
@Injectable()
export class DecisionExportService {
  constructor(
    private readonly db: DataSource,
    private readonly policy: AccessPolicy,
  ) {}

  /** How many rows an export will have (for a progress bar, and the records page's total). */
  async count(actor: Actor, filter: DecisionFilter): Promise<number> {
    const { sql, params } = decisionCountQuery(filter, this.scopeOf(actor));
    const [{ n }] = await this.db.query(sql, params);
    return n;
  }

  /**
   * One page of the export's rows: the very query the downloads stream, in the same order, so a page shows
   * exactly the rows a download of its filter starts with.
   */
  async page(actor: Actor, filter: DecisionFilter, page: PageQuery): Promise<Page<DecisionExportRow>> {
    const scope = this.scopeOf(actor);
    const [items, total] = await Promise.all([this.pageRows(filter, scope, page), this.count(actor, filter)]);
    return { items, total, page: page.page, pageSize: page.pageSize };
  }

  /**
   * A deferred join: the page's ids first (the narrow walk in decision order, paying nothing per skipped row),
   * then the export's own query for those ids only, in the same order.
   */
  private async pageRows(
    filter: DecisionFilter,
    scope: { department?: string },
    page: PageQuery,
  ): Promise<DecisionExportRow[]> {
    const chosen = decisionPageIdsQuery(filter, scope);
    const n = chosen.params.length;
    const ids = (
      (await this.db.query(`${chosen.sql} LIMIT $${n + 1} OFFSET $${n + 2}`, [
        ...chosen.params,
        page.pageSize,
        (page.page - 1) * page.pageSize,
      ])) as { id: string }[]
    ).map((r) => r.id);
    if (!ids.length) return [];
    const { sql, params } = decisionRowsQuery(filter, scope, ids);
    return this.db.query(sql, params) as Promise<DecisionExportRow[]>;
  }

  /** The rows, as a stream of text in the format asked for; the connection is released when it ends or fails. */
  async stream(actor: Actor, filter: DecisionFilter, format: ExportFormat, onRow?: () => void): Promise<Readable> {
    const { sql, params } = decisionRowsQuery(filter, this.scopeOf(actor));
    const rows = await queryStream(this.db, sql, params);
    const formatted = format === 'csv' ? csvStage(EXPORT_COLUMNS) : jsonl();
    return onRow
      ? throughStages(
          rows,
          new Transform({ objectMode: true, transform: (row, _e, done) => (onRow(), done(null, row)) }),
          formatted,
        )
      : throughStages(rows, formatted);
  }

  /** A records officer limited to their department (DEPARTMENT_SCOPED_ROLES) exports only it; an admin exports all. */
  scopeOf(actor: Actor): { department?: string } {
    if (actor.roles.includes(Role.Admin)) return {};
    if (!this.policy.rules.some((r) => r.role === Role.RecordsOfficer && r.departmentScoped)) return {};
    if (!actor.department)
      throw new RecordsException(
        RecordsErrorCode.NoDepartment,
        "Records officers export their own department's decisions, and your account has no department.",
      );
    return { department: actor.department };
  }
}

function jsonl(): Transform {
  return new Transform({
    writableObjectMode: true,
    transform(row: DecisionExportRow, _encoding, done) {
      done(null, `${JSON.stringify(row)}\n`);
    },
  });
}
