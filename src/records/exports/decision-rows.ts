import { DECIDED_STATES } from '../../assessments/assessment-state';
import { type DecisionFilter, filterConditions, filterSql } from './export-filter';

/** One exported decision; the column names are stable (open data portals and archives key on them). */
export interface DecisionExportRow {
  decision_id: string;
  assessment_id: string;
  assessment_ref: string;
  title: string;
  department: string;
  owner: string;
  state: string;
  outcome: string;
  cycle: number;
  decided_at: string;
  decided_by: string | null;
  reasons: string | null;
  document_status: string;
  document_version: number | null;
  pdf_sha256: string | null;
  html_sha256: string | null;
  manifest_key_id: string | null;
  decision_event_hash: string;
  last_event_seq: number;
  last_event_hash: string;
  retention_class: string;
  disposition_date: string;
  legal_hold: boolean;
  disposed_at: string | null;
}

export const EXPORT_COLUMNS: (keyof DecisionExportRow)[] = [
  'decision_id',
  'assessment_id',
  'assessment_ref',
  'title',
  'department',
  'owner',
  'state',
  'outcome',
  'cycle',
  'decided_at',
  'decided_by',
  'reasons',
  'document_status',
  'document_version',
  'pdf_sha256',
  'html_sha256',
  'manifest_key_id',
  'decision_event_hash',
  'last_event_seq',
  'last_event_hash',
  'retention_class',
  'disposition_date',
  'legal_hold',
  'disposed_at',
];

/**
 * Which decisions a filter selects, as FROM and WHERE over decisions `d` and assessments `a`: only decided
 * assessments (a reassessed one is back in draft and leaves the records until it is decided again), within
 * the actor's scope. The export's rows and the records page's count share it, so both name the same set.
 */
export function decisionSelection(
  filter: DecisionFilter,
  scope: { department?: string } = {},
): { from: string; where: string; params: unknown[] } {
  const { where, params } = filterSql(filter, 2);
  if (scope.department) {
    params.push(scope.department);
    where.push(`a.department = $${params.length + 1}`);
  }
  return {
    from: 'decisions d JOIN assessments a ON a.id = d.assessment_id',
    where: ['a.state = ANY($1)', ...where].join(' AND '),
    params: [[...DECIDED_STATES], ...params],
  };
}

/** The decided states as SQL literals: constants of the code, written in so the partial index's predicate matches. */
const DECIDED_LITERALS = DECIDED_STATES.map((s) => `'${s}'`).join(', ');

/** A decision `d` whose assessment is decided, without joining it: unless it is among the undecided few. */
const DECIDED_ONLY = `NOT EXISTS (SELECT 1 FROM assessments u WHERE u.id = d.assessment_id AND u.state NOT IN (${DECIDED_LITERALS}))`;

/**
 * How many decisions decisionSelection selects. Without a condition on the assessment (department, stage, scope),
 * each decision is not joined to its assessment: it counts unless its assessment is among the few undecided ones
 * (assessments_undecided_idx, a partial index). Every decision has exactly one assessment (a foreign key that is
 * never null), so this counts the same rows as the join. With such a condition the join is the cheaper plan.
 */
export function decisionCountQuery(
  filter: DecisionFilter,
  scope: { department?: string } = {},
): { sql: string; params: unknown[] } {
  const { onDecision, onAssessment, params } = filterConditions(filter, 1);
  if (scope.department) {
    params.push(scope.department);
    onAssessment.push(`a.department = $${params.length}`);
  }
  if (onAssessment.length) {
    const { from, where, params: selected } = decisionSelection(filter, scope);
    return { sql: `SELECT count(*)::int AS n FROM ${from} WHERE ${where}`, params: selected };
  }
  const where = [DECIDED_ONLY, ...onDecision];
  return { sql: `SELECT count(*)::int AS n FROM decisions d WHERE ${where.join(' AND ')}`, params };
}

/**
 * The ids of one page of the decisions a filter selects, in decision order (decided_at, id), with LIMIT and OFFSET
 * left to the caller: the walk of decisions_decided_at_idx that skips the earlier pages touches no document, event
 * or user, and then only the page's rows are read in full (decisionRowsQuery with their ids). Without a condition
 * on the assessment it selects as decisionCountQuery counts (the few undecided assessments, from their partial
 * index, are left out); with one it joins each decision to its assessment as decisionSelection does.
 */
export function decisionPageIdsQuery(
  filter: DecisionFilter,
  scope: { department?: string } = {},
): { sql: string; params: unknown[] } {
  const { onAssessment } = filterConditions(filter, 1);
  if (onAssessment.length || scope.department) {
    const { from, where, params } = decisionSelection(filter, scope);
    return { sql: `SELECT d.id FROM ${from} WHERE ${where} ORDER BY d.decided_at, d.id`, params };
  }
  const { onDecision, params } = filterConditions(filter, 1);
  const where = [DECIDED_ONLY, ...onDecision].join(' AND ');
  return { sql: `SELECT d.id FROM decisions d WHERE ${where} ORDER BY d.decided_at, d.id`, params };
}

/**
 * The decisions a filter selects, in decision order, with the newest document's hashes and the hash of
 * the assessment's last event. The joins added to decisionSelection's are on foreign keys that are never
 * null (an owner, the deciding event, and a decided assessment's events), so they keep every row. Dates
 * come out as ISO 8601 text (UTC), ready to write.
 */
export function decisionRowsQuery(
  filter: DecisionFilter,
  scope: { department?: string } = {},
  ids?: string[],
): { sql: string; params: unknown[] } {
  const selection = decisionSelection(filter, scope);
  const { from, params } = selection;
  let { where } = selection;
  // A page's rows: only the decisions its ids query chose, each still within the selection.
  if (ids) {
    params.push(ids);
    where = `${where} AND d.id = ANY($${params.length}::uuid[])`;
  }
  return {
    sql: `
      SELECT d.id AS decision_id, a.id AS assessment_id, a.ref AS assessment_ref, a.title, a.department, o.display_name AS owner,
             a.state, d.outcome, d.cycle, to_char(d.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS decided_at,
             u.display_name AS decided_by, d.reasons, d.status AS document_status,
             doc.version AS document_version, doc.pdf_sha256, doc.html_sha256, doc.manifest_kid AS manifest_key_id,
             ev.hash AS decision_event_hash, last.seq AS last_event_seq, last.hash AS last_event_hash,
             d.retention_class, to_char(d.disposition_date, 'YYYY-MM-DD') AS disposition_date, d.legal_hold_since IS NOT NULL AS legal_hold,
             to_char(d.disposed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS disposed_at
        FROM ${from}
        JOIN users o ON o.id = a.owner_id
        LEFT JOIN users u ON u.id = d.decided_by
        JOIN assessment_events ev ON ev.id = d.event_id
        LEFT JOIN LATERAL (SELECT version, pdf_sha256, html_sha256, manifest_kid FROM decision_documents
                            WHERE decision_id = d.id ORDER BY version DESC LIMIT 1) doc ON true
        JOIN LATERAL (SELECT seq, hash FROM assessment_events WHERE assessment_id = a.id ORDER BY seq DESC LIMIT 1) last ON true
       WHERE ${where}
       ORDER BY d.decided_at, d.id`,
    params,
  };
}
