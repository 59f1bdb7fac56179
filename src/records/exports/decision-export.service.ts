import { type Readable, Transform } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../../common/auth/access-policy';
import { queryStream } from '../../database/query-stream';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/roles';
import { neutraliseFormula } from './csv-safety';
import { type DecisionExportRow, decisionRowsQuery, EXPORT_COLUMNS } from './decision-rows';
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

  /** How many rows an export will have (for a progress bar). */
  async count(actor: Actor, filter: DecisionFilter): Promise<number> {
    const { sql, params } = decisionRowsQuery(filter, this.scopeOf(actor));
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM (${sql}) rows`, params);
    return n;
  }

  /** The rows, as a stream of text in the format asked for; the connection is released when it ends or fails. */
  async stream(actor: Actor, filter: DecisionFilter, format: ExportFormat, onRow?: () => void): Promise<Readable> {
    const { sql, params } = decisionRowsQuery(filter, this.scopeOf(actor));
    const rows = await queryStream(this.db, sql, params);
    const counted = onRow ? rows.pipe(new Transform({ objectMode: true, transform: (row, _e, done) => (onRow(), done(null, row)) })) : rows;
    const out = counted.pipe(format === 'csv' ? csv() : jsonl());
    // An early stop (the client went away) closes the cursor and frees the connection.
    out.once('close', () => rows.destroy());
    rows.once('error', (error) => out.destroy(error));
    return out;
  }

  /** A records officer limited to their department (DEPARTMENT_SCOPED_ROLES) exports only it; an admin exports all. */
  scopeOf(actor: Actor): { department?: string } {
    if (actor.roles.includes(Role.Admin)) return {};
    if (!this.policy.rules.some((r) => r.role === Role.RecordsOfficer && r.departmentScoped)) return {};
    if (!actor.department) throw new RecordsException(403, RecordsErrorCode.NoDepartment, 'Records officers export their own department\'s decisions, and your account has no department.');
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

function csv(): Transform {
  return stringify({
    header: true,
    columns: EXPORT_COLUMNS,
    record_delimiter: '\r\n', // RFC 4180
    cast: { string: neutraliseFormula, boolean: (value) => String(value), number: (value) => String(value) },
  });
}
