import { type Readable, Transform } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DECIDED_STATES } from '../../assessments/assessment-state';
import { QuestionnaireRegistry } from '../../assessments/questionnaire/questionnaire.registry';
import { AppConfig } from '../../config/app-config';
import { queryStream, throughStages } from '../../database/query-stream';
import { DocumentTemplateRegistry } from '../../decisions/templates/document-template.registry';
import { csvStage } from '../exports/csv';
import { type DecisionFilter, filterSql } from '../exports/export-filter';
import {
  type RegisterContext,
  type RegisterEntry,
  type RegisterRow,
  registerColumns,
  registerEntry,
} from './register-entry';

/** Every decided assessment's latest decision, with the newest document of each. */
const REGISTER_SQL = `
  SELECT d.id AS decision_id, a.ref AS assessment_ref, a.title, a.department, a.questionnaire_id, a.questionnaire_version,
         (SELECT jsonb_object_agg(q, a.answers -> q) FROM unnest($2::text[]) q WHERE a.answers ? q) AS answers,
         d.outcome, to_char(d.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS decided_at, d.cycle AS review_cycle, d.reasons,
         doc.version AS document_version, doc.template_id AS document_template_id, doc.template_version AS document_template_version, doc.html_sha256, doc.pdf_sha256,
         to_char(d.disposed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS disposed_at
    FROM decisions d
    JOIN assessments a ON a.id = d.assessment_id
    LEFT JOIN LATERAL (SELECT version, template_id, template_version, html_sha256, pdf_sha256 FROM decision_documents WHERE decision_id = d.id ORDER BY version DESC LIMIT 1) doc ON true
   WHERE a.state = ANY($1)
     AND d.decided_at = (SELECT max(decided_at) FROM decisions WHERE assessment_id = a.id)`;

/**
 * The public register (no login): decided assessments, only their public fields, each withheld field
 * with its exemption cited, and links to the public document and its signed manifest. For open data
 * portals: stable column names, ISO 8601 dates, UTF-8; JSON and CSV are streamed.
 */
@Injectable()
export class PublicRegisterService {
  readonly columns: string[];

  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly questionnaires: QuestionnaireRegistry,
    private readonly documentTemplates: DocumentTemplateRegistry,
  ) {
    this.columns = registerColumns(config.records.registerQuestions);
  }

  /** One page, newest first, for the HTML page. */
  async page(
    filter: DecisionFilter,
    page: number,
    pageSize: number,
  ): Promise<{ entries: RegisterEntry[]; total: number }> {
    const { sql, params } = this.query(filter);
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM (${sql}) r`, params);
    const rows: RegisterRow[] = await this.db.query(
      `${sql} ORDER BY d.decided_at DESC, d.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    const context = this.context();
    return { entries: rows.map((row) => registerEntry(row, context)), total };
  }

  /** Every entry, oldest first, as a JSON array or CSV. */
  async stream(format: 'json' | 'csv', filter: DecisionFilter): Promise<Readable> {
    const { sql, params } = this.query(filter);
    const rows = await queryStream(this.db, `${sql} ORDER BY d.decided_at, d.id`, params);
    const context = this.context();
    const entries = new Transform({
      objectMode: true,
      transform: (row: RegisterRow, _e, done) => done(null, registerEntry(row, context)),
    });
    return throughStages(rows, entries, format === 'csv' ? csvStage(this.columns) : jsonArray());
  }

  /** The register's rows narrowed by the same filter, validated the same way, as the records exports. */
  private query(filter: DecisionFilter): { sql: string; params: unknown[] } {
    const { where, params } = filterSql(filter, 3);
    return {
      sql: [REGISTER_SQL, ...where].join('\n     AND '),
      params: [[...DECIDED_STATES], this.config.records.registerQuestions, ...params],
    };
  }

  private context(): RegisterContext {
    const latest = this.documentTemplates.latest(this.config.decisions.template)!;
    return {
      baseUrl: this.config.records.publicBaseUrl,
      questions: this.config.records.registerQuestions,
      // A decision not rendered yet (or whose documents were disposed of) goes by the template in use now.
      reasonsDisclosure: (id, version) =>
        (id && version ? this.documentTemplates.get(id, version) : latest).disclosure.reasons,
      questionnaire: (id, version) => this.questionnaires.get(id, version),
    };
  }
}

/** A top-level JSON array, written as entries arrive. */
function jsonArray(): Transform {
  let first = true;
  return new Transform({
    writableObjectMode: true,
    transform(entry: RegisterEntry, _encoding, done) {
      done(null, `${first ? '[\n' : ',\n'}${JSON.stringify(entry)}`);
      first = false;
    },
    flush(done) {
      done(null, first ? '[]\n' : '\n]\n');
    },
  });
}
