import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { label } from '../../common/labels';

/** One line of "My work": an assessment, where it stands, what is due when, and the next thing to do. */
export interface WorkItem {
  ref: string;
  title: string;
  stage: string;
  /** The stage deadline, or the earliest open condition's due date; null when nothing is dated. */
  due: string | null;
  overdue: boolean;
  next: { label: string; href: string };
}

export interface MyWork {
  /** What waits for this person now, overdue first, then by date. */
  waiting: WorkItem[];
  /** Their assessments in review: nothing for them to do, but worth watching. */
  inReview: WorkItem[];
}

interface Row {
  ref: string;
  title: string;
  state: string;
  stage_deadline_at: Date | null;
  /** Reminders sent in this stage: after one, the deadline column holds the next reminder, not the passed deadline. */
  reminders: number;
  open_items: number | null;
  next_due: string | null;
}

const LIMIT = 100;

/**
 * The home page's read model over assessments and their action items, for a project owner: drafts, changes
 * requested and decisions with open conditions wait for them; their assessments in review are listed apart.
 * Each query reads through the owner index, so it stays flat however many assessments the city holds.
 */
@Injectable()
export class MyWorkService {
  constructor(private readonly db: DataSource) {}

  async forOwner(actor: Actor, today = new Date()): Promise<MyWork> {
    const rows: Row[] = await this.db.query(
      `SELECT a.ref, a.title, a.state, a.stage_deadline_at, i.open_items, i.next_due::text,
              coalesce((a.snapshot -> 'context' ->> 'overdueCount')::int, 0) AS reminders
         FROM assessments a
         LEFT JOIN LATERAL (
           SELECT count(*)::int AS open_items, min(due_date) AS next_due
             FROM action_items ai WHERE ai.assessment_id = a.id AND ai.status = 'open'
         ) i ON a.state = 'remediation'
        WHERE a.owner_id = $1
          AND a.state IN ('draft', 'changes_requested', 'remediation', 'screening', 'risk_assessment', 'legal_review', 'review', 'approval')
        ORDER BY a.updated_at DESC
        LIMIT ${LIMIT * 2}`,
      [actor.id],
    );
    const day = today.toISOString().slice(0, 10);
    const items = rows.map((row) => ({ row, item: this.item(row, day) }));
    const waiting = items
      .filter(({ row }) => ['draft', 'changes_requested'].includes(row.state) || (row.open_items ?? 0) > 0)
      .map(({ item }) => item);
    const inReview = items
      .filter(({ row }) => !['draft', 'changes_requested', 'remediation'].includes(row.state))
      .map(({ item }) => item);
    return { waiting: byUrgency(waiting).slice(0, LIMIT), inReview: byUrgency(inReview).slice(0, LIMIT) };
  }

  private item(row: Row, day: string): WorkItem {
    const page = `/pia/${encodeURIComponent(row.ref)}`;
    const base = { ref: row.ref, title: row.title, stage: label.stage(row.state) };
    if (row.state === 'remediation') {
      const n = row.open_items ?? 0;
      const next = {
        label: `Close ${n === 1 ? 'the open condition' : `${n} open conditions`}`,
        href: `${page}/conditions`,
      };
      return { ...base, due: row.next_due, overdue: row.next_due !== null && row.next_due < day, next };
    }
    const due = row.stage_deadline_at?.toISOString() ?? null;
    const overdue = (due !== null && due.slice(0, 10) < day) || row.reminders > 0;
    if (row.state === 'draft') return { ...base, due, overdue, next: { label: 'Finish and submit', href: page } };
    if (row.state === 'changes_requested')
      return { ...base, due, overdue, next: { label: 'Make the changes asked for', href: page } };
    return { ...base, due, overdue, next: { label: 'Follow the review', href: page } };
  }
}

/** Overdue first, then the nearest date, then undated. */
function byUrgency(items: WorkItem[]): WorkItem[] {
  return [...items].sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    if (a.due && b.due) return a.due.localeCompare(b.due);
    return a.due ? -1 : b.due ? 1 : 0;
  });
}
