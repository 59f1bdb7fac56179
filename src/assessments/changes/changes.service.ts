import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLogService } from '../../audit/audit-log.service';
import type { Actor } from '../../common/auth/actor';
import { AssessmentsService } from '../assessments.service';
import type { Question } from '../questionnaire/questionnaire.types';
import { currentCycle, parseSince, windowStart } from './changes-window';
import { type DiffPart, wordDiff } from './word-diff';

type Person = { id: string; displayName: string };

/** One answer that differs between the window's start and now. */
export interface AnswerChange {
  questionId: string;
  /** The question as the assessment's questionnaire version has it; null for an id it no longer holds. */
  question: Question | null;
  section: { id: string; title: string } | null;
  /** The answer at the window's start (null: none), and now (null: cleared). */
  before: unknown;
  after: unknown;
  /** The latest change's author and time, and how many saves changed it in the window. */
  changedBy: Person;
  changedAt: Date;
  revisions: number;
  /** Long text answered before and after: the words removed and added; null otherwise or when rewritten. */
  diff: DiffPart[] | null;
}

export interface AnswerChanges {
  assessment: { id: string; ref: string; title: string; state: string; ownerId: string };
  /** The event the window starts after (null only for a chain without events): its author, cycle and why chosen. */
  since: {
    seq: number;
    type: string;
    at: Date;
    by: Person | null;
    cycle: number;
    chosen: 'default' | 'cycle' | 'seq';
  } | null;
  /** The cycle the assessment is in now. */
  cycle: number;
  items: AnswerChange[];
}

interface CollapsedRow {
  question_id: string;
  before: unknown;
  after: unknown;
  changed_by: string;
  changed_at: Date;
  revisions: number;
}

/**
 * What changed in the answers since a point of the assessment's chain: built from answer_revisions (this module's
 * table) and the chain (read through the audit log). Several saves of one answer in the window collapse into its
 * value at the window's start and its value now; an answer changed and changed back is not listed.
 */
@Injectable()
export class ChangesService {
  constructor(
    private readonly db: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly audit: AuditLogService,
  ) {}

  /** `since` as the request sent it (cycle:N, seq:N, or absent); a bad one is refused before anything is read. */
  async changes(actor: Actor, id: string, since: unknown, options = { diffs: true }): Promise<AnswerChanges> {
    const asked = parseSince(since);
    const assessment = await this.assessments.visible(actor, id); // 404 when out of reach
    const events = await this.audit.history(id);
    const start = windowStart(events, asked);
    const rows: CollapsedRow[] = await this.db.query(
      `WITH w AS (
         SELECT id, question_id, old_value, new_value, changed_by, changed_at FROM answer_revisions
          WHERE assessment_id = $1 AND ($2::timestamptz IS NULL OR changed_at > $2 OR (changed_at = $2 AND $3))
       )
       SELECT f.question_id, f.old_value AS before, l.new_value AS after, l.changed_by, l.changed_at, c.revisions
         FROM (SELECT DISTINCT ON (question_id) question_id, old_value FROM w ORDER BY question_id, id) f
         JOIN (SELECT DISTINCT ON (question_id) question_id, new_value, changed_by, changed_at
                 FROM w ORDER BY question_id, id DESC) l USING (question_id)
         JOIN (SELECT question_id, count(*)::int AS revisions FROM w GROUP BY question_id) c USING (question_id)
        WHERE f.old_value IS DISTINCT FROM l.new_value`,
      [id, start?.at ?? null, start?.sameInstantIsAfter ?? true],
    );
    const people = await this.assessments.people([
      ...rows.map((r) => r.changed_by),
      ...(start?.actorId ? [start.actorId] : []),
    ]);
    const { template } = this.assessments.questionnaireLayout(assessment);
    const order = template.sections.flatMap((section) => section.questions.map((question) => ({ section, question })));
    const place = (questionId: string) => {
      const index = order.findIndex((o) => o.question.id === questionId);
      return index < 0 ? order.length : index;
    };
    const items = rows
      .sort((a, b) => place(a.question_id) - place(b.question_id) || a.question_id.localeCompare(b.question_id))
      .map((row): AnswerChange => {
        const found = order[place(row.question_id)];
        const question = found?.question ?? null;
        const longText =
          question?.type === 'long_text' && typeof row.before === 'string' && typeof row.after === 'string';
        return {
          questionId: row.question_id,
          question,
          section: found ? { id: found.section.id, title: found.section.title } : null,
          before: row.before,
          after: row.after,
          changedBy: people.get(row.changed_by) ?? { id: row.changed_by, displayName: 'A former user' },
          changedAt: row.changed_at,
          revisions: row.revisions,
          diff: longText && options.diffs ? wordDiff(row.before as string, row.after as string) : null,
        };
      });
    return {
      assessment: {
        id,
        ref: assessment.ref,
        title: assessment.title,
        state: assessment.state,
        ownerId: assessment.ownerId,
      },
      since: start && {
        seq: start.seq,
        type: start.type,
        at: start.at,
        by: start.actorId ? (people.get(start.actorId) ?? null) : null,
        cycle: start.cycle,
        chosen: start.chosen,
      },
      cycle: currentCycle(events),
      items,
    };
  }
}
