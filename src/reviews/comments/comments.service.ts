import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AssessmentsService } from '../../assessments/assessments.service';
import type { Assessment } from '../../assessments/entities/assessment.entity';
import { AccessPolicy } from '../../common/auth/access-policy';
import type { Actor } from '../../common/auth/actor';
import { Permission, permissionsOf } from '../../common/auth/permissions';
import { UsersService } from '../../identity/users.service';
import { NotificationsService } from '../../workflow/notifications/notifications.service';
import type { OpenThread } from '../../decisions/record/decision-record';
import { COMMENT_MAX_LENGTH } from './comment.dto';
import { CommentErrorCode, CommentException } from './comment.exception';

type Person = { id: string; displayName: string };

interface ThreadRow {
  id: string;
  question_id: string | null;
  opened_by: string;
  requested_change: boolean;
  opened_at_version: number;
  created_at: Date;
  resolved: boolean | null;
  resolved_by: string | null;
  resolved_at: Date | null;
}

interface CommentRow {
  id: string;
  thread_id: string;
  author_id: string;
  body: string;
  created_at: Date;
  edited_at: Date | null;
}

interface RevisionRow {
  comment_id: string;
  body: string;
  written_at: Date;
  replaced_at: Date;
}

export interface QuestionRef {
  id: string;
  label: string;
  sectionId: string;
}

export interface CommentView {
  id: string;
  author: Person;
  body: string;
  createdAt: Date;
  /** null: never edited. */
  editedAt: Date | null;
  /** The earlier texts, oldest first: each as written, and when it was replaced. */
  earlierVersions: { body: string; writtenAt: Date; replacedAt: Date }[];
}

export interface ThreadView {
  id: string;
  questionId: string | null;
  question: QuestionRef | null;
  /** Opened by a reviewer's REQUEST_CHANGES: resubmitting waits until it is answered or replied to. */
  requestedChange: boolean;
  /** For a requested change: whether the answer changed since, and whether the owner replied. */
  addressed: { answered: boolean; replied: boolean } | null;
  status: 'open' | 'resolved';
  openedBy: Person;
  createdAt: Date;
  resolvedBy: Person | null;
  resolvedAt: Date | null;
  comments: CommentView[];
}

/** A requested change that keeps the assessment from being resubmitted. */
export interface UnaddressedChange {
  threadId: string;
  questionId: string;
  question: string;
}

const THREADS = `
  SELECT t.id, t.question_id, t.opened_by, t.requested_change, t.opened_at_version, t.created_at,
         r.resolved, r.by_id AS resolved_by, r.at AS resolved_at
    FROM comment_threads t
    LEFT JOIN LATERAL (
      SELECT resolved, by_id, at FROM comment_resolutions WHERE thread_id = t.id ORDER BY id DESC LIMIT 1
    ) r ON true`;

const isResolved = (t: ThreadRow) => t.resolved === true;

/**
 * Comment threads on an assessment's questions, or on the assessment as a whole. The owner and every reviewer who
 * can reach the assessment (AccessPolicy) comment; each comment notifies the others in its thread. Nothing is
 * deleted: an edit keeps the earlier text, resolving and reopening are kept as rows. Whoever opened a thread
 * resolves or reopens it; so may the privacy office (comments:moderate), for anyone's.
 */
@Injectable()
export class CommentsService {
  constructor(
    private readonly db: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
    private readonly policy: AccessPolicy,
  ) {}

  async list(
    actor: Actor,
    assessmentId: string,
    filter: { questionId?: string; status?: 'open' | 'resolved' } = {},
  ): Promise<ThreadView[]> {
    const assessment = await this.assessments.visible(actor, assessmentId);
    const questions = this.questionsOf(assessment);
    if (filter.questionId !== undefined && !questions.has(filter.questionId)) throw questionNotFound();
    const rows = await this.threadRows(this.db.manager, assessmentId, filter.questionId);
    const wanted = filter.status ? rows.filter((t) => isResolved(t) === (filter.status === 'resolved')) : rows;
    return this.views(this.db.manager, assessment, wanted);
  }

  /** Opens a thread, or replies in one when parentId names a comment of it. Answers the whole thread. */
  async post(
    actor: Actor,
    assessmentId: string,
    input: { questionId?: string; body: string; parentId?: string },
  ): Promise<ThreadView> {
    const assessment = await this.assessments.visible(actor, assessmentId);
    const threadId = await this.db.transaction(async (manager) => {
      // What the comment is about first (404s), then its text (422).
      let existing: string | undefined;
      if (input.parentId !== undefined) {
        const [parent]: { thread_id: string; question_id: string | null }[] = await manager.query(
          `SELECT c.thread_id, t.question_id FROM comments c JOIN comment_threads t ON t.id = c.thread_id
            WHERE c.id = $1 AND t.assessment_id = $2`,
          [input.parentId, assessmentId],
        );
        if (!parent) throw commentNotFound();
        if (input.questionId !== undefined && input.questionId !== parent.question_id) {
          throw invalid('/questionId', 'is not the question of the thread you reply in; leave it out to reply');
        }
        const [current] = await this.threadRows(manager, assessmentId, undefined, parent.thread_id, true);
        if (isResolved(current)) {
          throw new CommentException(
            CommentErrorCode.ThreadResolved,
            'This thread is resolved; it is reopened before anyone replies in it.',
          );
        }
        existing = parent.thread_id;
      } else if (input.questionId !== undefined && !this.questionsOf(assessment).has(input.questionId)) {
        throw questionNotFound();
      }
      const body = bodyOf(input.body);
      const thread =
        existing ??
        (
          await manager.query(
            `INSERT INTO comment_threads (assessment_id, question_id, opened_by, opened_at_version)
             VALUES ($1, $2, $3, $4) RETURNING id`,
            [assessmentId, input.questionId ?? null, actor.id, assessment.version],
          )
        )[0].id;
      const [comment]: { id: string }[] = await manager.query(
        `INSERT INTO comments (thread_id, author_id, body) VALUES ($1, $2, $3) RETURNING id`,
        [thread, actor.id, body],
      );
      await this.notifyThread(manager, assessment, thread, comment.id, actor.id);
      return thread as string;
    });
    return this.one(assessment, threadId);
  }

  /** The author changes their comment's text; the earlier text is kept and the comment shows as edited. */
  async edit(actor: Actor, assessmentId: string, commentId: string, text: string): Promise<ThreadView> {
    const assessment = await this.assessments.visible(actor, assessmentId);
    const threadId = await this.db.transaction(async (manager) => {
      const [comment]: CommentRow[] = await manager.query(
        `SELECT c.id, c.thread_id, c.author_id, c.body, c.created_at, c.edited_at
           FROM comments c JOIN comment_threads t ON t.id = c.thread_id
          WHERE c.id = $1 AND t.assessment_id = $2 FOR UPDATE OF c`,
        [commentId, assessmentId],
      );
      if (!comment) throw commentNotFound();
      if (comment.author_id !== actor.id) {
        throw new CommentException(CommentErrorCode.NotYourComment, 'Only its author changes a comment.');
      }
      const body = bodyOf(text);
      if (body === comment.body) return comment.thread_id;
      await manager.query(`INSERT INTO comment_revisions (comment_id, body, written_at) VALUES ($1, $2, $3)`, [
        comment.id,
        comment.body,
        comment.edited_at ?? comment.created_at,
      ]);
      await manager.query(`UPDATE comments SET body = $2, edited_at = clock_timestamp() WHERE id = $1`, [
        comment.id,
        body,
      ]);
      return comment.thread_id;
    });
    return this.one(assessment, threadId);
  }

  /** Resolves (or reopens) a thread: whoever opened it, or the privacy office; again is harmless. */
  async setResolved(actor: Actor, assessmentId: string, threadId: string, resolved: boolean): Promise<ThreadView> {
    const assessment = await this.assessments.visible(actor, assessmentId);
    await this.db.transaction(async (manager) => {
      const [thread] = await this.threadRows(manager, assessmentId, undefined, threadId, true);
      if (!thread) throw new CommentException(CommentErrorCode.ThreadNotFound, 'No such thread on this assessment.');
      if (!this.mayResolve(actor, thread)) {
        throw new CommentException(
          CommentErrorCode.NotYourThread,
          `Only whoever opened a thread, or the privacy office, ${resolved ? 'resolves' : 'reopens'} it.`,
        );
      }
      if (isResolved(thread) === resolved) return;
      await manager.query(`INSERT INTO comment_resolutions (thread_id, resolved, by_id) VALUES ($1, $2, $3)`, [
        threadId,
        resolved,
        actor.id,
      ]);
    });
    return this.one(assessment, threadId);
  }

  /** Whether this person may resolve or reopen the thread (the page shows the button only then). */
  mayResolve(actor: Actor, thread: { opened_by: string } | { openedBy: Person }): boolean {
    const openedBy = 'opened_by' in thread ? thread.opened_by : thread.openedBy.id;
    return openedBy === actor.id || permissionsOf(actor.roles).has(Permission.CommentsModerate);
  }

  /** Whether this person may write comments here: the route's permission and reach (pages show the form only then). */
  mayComment(actor: Actor): boolean {
    return permissionsOf(actor.roles).has(Permission.CommentsWrite);
  }

  /**
   * REQUEST_CHANGES naming questions: each must be a question of the assessment's questionnaire and carry a comment
   * (422 naming the field otherwise), checked before the transition.
   */
  checkRequestedChanges(assessment: Assessment, questions: { questionId: string; comment: string }[]): void {
    const known = this.questionsOf(assessment);
    const errors = questions.flatMap((q, i) => [
      ...(known.has(q.questionId)
        ? []
        : [{ pointer: `/questions/${i}/questionId`, detail: 'is not a question of this questionnaire' }]),
      ...(q.comment.trim() ? [] : [{ pointer: `/questions/${i}/comment`, detail: 'is empty' }]),
    ]);
    if (errors.length > 0) {
      throw new CommentException(
        CommentErrorCode.InvalidRequestedChange,
        'Some of the questions named for changes are not valid; nothing was sent.',
        { errors },
      );
    }
  }

  /**
   * Inside the REQUEST_CHANGES transaction, after its event: one thread per named question, marked as a requested
   * change, opened by the reviewer at the assessment's new version. The transition itself notifies the owner.
   */
  async openRequestedChanges(
    manager: EntityManager,
    request: {
      assessmentId: string;
      version: number;
      eventId: string;
      actorId: string;
      questions: { questionId: string; comment: string }[];
    },
  ): Promise<void> {
    for (const [i, q] of request.questions.entries()) {
      const [thread]: { id: string }[] = await manager.query(
        `INSERT INTO comment_threads (assessment_id, question_id, opened_by, requested_change, source_event_id, opened_at_version)
         VALUES ($1, $2, $3, true, $4, $5) RETURNING id`,
        [request.assessmentId, q.questionId, request.actorId, request.eventId, request.version],
      );
      await manager.query(`INSERT INTO comments (thread_id, author_id, body) VALUES ($1, $2, $3)`, [
        thread.id,
        request.actorId,
        bodyOf(q.comment, `/questions/${i}/comment`),
      ]);
    }
  }

  /**
   * The requested changes still open that the owner has neither answered (the answer differs from what it was when
   * the change was asked for) nor replied to. Resubmitting waits for none to be left.
   */
  async unaddressedChanges(manager: EntityManager, assessment: Assessment): Promise<UnaddressedChange[]> {
    const open = (await this.threadRows(manager, assessment.id)).filter((t) => t.requested_change && !isResolved(t));
    const addressed = await this.addressed(manager, assessment, open);
    const questions = this.questionsOf(assessment);
    return open
      .filter((t) => {
        const a = addressed.get(t.id)!;
        return !a.answered && !a.replied;
      })
      .map((t) => ({
        threadId: t.id,
        questionId: t.question_id!,
        question: questions.get(t.question_id!)?.label ?? t.question_id!,
      }));
  }

  /** The requested changes still waiting, for a page that checks the assessment before it is resubmitted. */
  async unaddressedFor(actor: Actor, assessmentId: string): Promise<UnaddressedChange[]> {
    const assessment = await this.assessments.visible(actor, assessmentId);
    return assessment.state === 'changes_requested' ? this.unaddressedChanges(this.db.manager, assessment) : [];
  }

  /** RESUBMIT's check: 422 listing each requested change still unaddressed. */
  async refuseUnaddressed(manager: EntityManager, assessment: Assessment): Promise<void> {
    const unaddressed = await this.unaddressedChanges(manager, assessment);
    if (unaddressed.length === 0) return;
    throw new CommentException(
      CommentErrorCode.ChangesUnaddressed,
      'A reviewer asked for changes that are not addressed yet: change each answer, or reply in its thread.',
      {
        errors: unaddressed.map((u) => ({
          pointer: `/answers/${u.questionId}`,
          detail: `a change was requested here (${u.question}): change the answer or reply in its thread`,
        })),
        extensions: { unaddressed },
      },
    );
  }

  /** Per question: how many threads, and how many open; and the open requested changes, for the questionnaire page. */
  async summary(actor: Actor, assessmentId: string) {
    const threads = await this.list(actor, assessmentId);
    const byQuestion = new Map<string, { total: number; open: number; requested: boolean }>();
    for (const t of threads) {
      if (!t.questionId) continue;
      const entry = byQuestion.get(t.questionId) ?? { total: 0, open: 0, requested: false };
      entry.total += 1;
      if (t.status === 'open') entry.open += 1;
      if (t.status === 'open' && t.requestedChange) entry.requested = true;
      byQuestion.set(t.questionId, entry);
    }
    const requested = threads.filter((t) => t.requestedChange && t.status === 'open');
    return { byQuestion, requested, total: threads.length };
  }

  /**
   * The threads open at a moment (a decision), for the decision record: opened by then and not resolved then, with
   * who opened them and the question they are about.
   */
  async openAt(assessment: Assessment, at: Date): Promise<OpenThread[]> {
    const rows: { question_id: string | null; opened_by: string; created_at: Date; requested_change: boolean }[] =
      await this.db.query(
        `SELECT t.question_id, t.opened_by, t.created_at, t.requested_change
           FROM comment_threads t
          WHERE t.assessment_id = $1 AND t.created_at <= $2
            AND NOT coalesce((SELECT resolved FROM comment_resolutions
                               WHERE thread_id = t.id AND at <= $2 ORDER BY id DESC LIMIT 1), false)
          ORDER BY t.created_at`,
        [assessment.id, at],
      );
    const people = await this.assessments.people(rows.map((r) => r.opened_by));
    const questions = this.questionsOf(assessment);
    return rows.map((r) => ({
      question: r.question_id ? (questions.get(r.question_id)?.label ?? r.question_id) : null,
      openedBy: people.get(r.opened_by)?.displayName ?? 'Unknown person',
      openedAt: r.created_at.toISOString(),
      requestedChange: r.requested_change,
    }));
  }

  private async one(assessment: Assessment, threadId: string): Promise<ThreadView> {
    const rows = await this.threadRows(this.db.manager, assessment.id, undefined, threadId);
    const [view] = await this.views(this.db.manager, assessment, rows);
    return view;
  }

  private threadRows(
    manager: EntityManager,
    assessmentId: string,
    questionId?: string,
    threadId?: string,
    lock = false,
  ): Promise<ThreadRow[]> {
    return manager.query(
      `${THREADS}
        WHERE t.assessment_id = $1 AND ($2::text IS NULL OR t.question_id = $2) AND ($3::uuid IS NULL OR t.id = $3)
        ORDER BY t.created_at${lock ? ' FOR UPDATE OF t' : ''}`,
      [assessmentId, questionId ?? null, threadId ?? null],
    );
  }

  private async views(manager: EntityManager, assessment: Assessment, threads: ThreadRow[]): Promise<ThreadView[]> {
    if (threads.length === 0) return [];
    const ids = threads.map((t) => t.id);
    const comments: CommentRow[] = await manager.query(
      `SELECT id, thread_id, author_id, body, created_at, edited_at FROM comments
        WHERE thread_id = ANY($1::uuid[]) ORDER BY created_at`,
      [ids],
    );
    const revisions: RevisionRow[] = await manager.query(
      `SELECT r.comment_id, r.body, r.written_at, r.replaced_at FROM comment_revisions r
         JOIN comments c ON c.id = r.comment_id WHERE c.thread_id = ANY($1::uuid[]) ORDER BY r.id`,
      [ids],
    );
    const people = await this.assessments.people([
      ...threads.flatMap((t) => [t.opened_by, ...(t.resolved_by ? [t.resolved_by] : [])]),
      ...comments.map((c) => c.author_id),
    ]);
    const person = (id: string) => people.get(id) ?? { id, displayName: 'Unknown person' };
    const addressed = await this.addressed(
      manager,
      assessment,
      threads.filter((t) => t.requested_change),
    );
    const questions = this.questionsOf(assessment);
    return threads.map((t) => ({
      id: t.id,
      questionId: t.question_id,
      question: t.question_id ? (questions.get(t.question_id) ?? null) : null,
      requestedChange: t.requested_change,
      addressed: addressed.get(t.id) ?? null,
      status: isResolved(t) ? 'resolved' : 'open',
      openedBy: person(t.opened_by),
      createdAt: t.created_at,
      resolvedBy: isResolved(t) && t.resolved_by ? person(t.resolved_by) : null,
      resolvedAt: isResolved(t) ? t.resolved_at : null,
      comments: comments
        .filter((c) => c.thread_id === t.id)
        .map((c) => ({
          id: c.id,
          author: person(c.author_id),
          body: c.body,
          createdAt: c.created_at,
          editedAt: c.edited_at,
          earlierVersions: revisions
            .filter((r) => r.comment_id === c.id)
            .map((r) => ({ body: r.body, writtenAt: r.written_at, replacedAt: r.replaced_at })),
        })),
    }));
  }

  /** For requested changes: answered since (the answer differs from then), and replied to by the owner. */
  private async addressed(
    manager: EntityManager,
    assessment: Assessment,
    threads: ThreadRow[],
  ): Promise<Map<string, { answered: boolean; replied: boolean }>> {
    if (threads.length === 0) return new Map();
    const answered = await this.assessments.answersChangedSince(
      manager,
      assessment,
      threads.map((t) => ({ questionId: t.question_id!, version: t.opened_at_version })),
    );
    const replies: { thread_id: string }[] = await manager.query(
      `SELECT DISTINCT thread_id FROM comments WHERE thread_id = ANY($1::uuid[]) AND author_id = $2`,
      [threads.map((t) => t.id), assessment.ownerId],
    );
    const replied = new Set(replies.map((r) => r.thread_id));
    return new Map(threads.map((t, i) => [t.id, { answered: answered[i], replied: replied.has(t.id) }]));
  }

  /** Everyone in the thread (its assessment's owner, whoever opened it, whoever wrote in it) but the writer. */
  private async notifyThread(
    manager: EntityManager,
    assessment: Assessment,
    threadId: string,
    commentId: string,
    writerId: string,
  ): Promise<void> {
    const rows: { id: string }[] = await manager.query(
      `SELECT opened_by AS id FROM comment_threads WHERE id = $1
       UNION SELECT author_id FROM comments WHERE thread_id = $1`,
      [threadId],
    );
    const ids = [...new Set([assessment.ownerId, ...rows.map((r) => r.id)])].filter((id) => id !== writerId);
    const reachable: string[] = [];
    // Only people who are active and can still reach the assessment hear of it.
    for (const id of ids) {
      const person = await this.users.findActiveActor(id);
      if (person && this.policy.canSee(person, assessment)) reachable.push(id);
    }
    await this.notifications.notifyOfComment(manager, {
      commentId,
      assessmentId: assessment.id,
      userIds: reachable,
    });
  }

  /** The questionnaire's sections and their questions, in order: what a thread can be opened on. */
  questionChoices(assessment: Assessment): { id: string; title: string; questions: QuestionRef[] }[] {
    const { template } = this.assessments.questionnaireLayout(assessment);
    return template.sections.map((s) => ({
      id: s.id,
      title: s.title,
      questions: s.questions.map((q) => ({ id: q.id, label: q.label, sectionId: s.id })),
    }));
  }

  /** The questionnaire's top-level questions, by id, with their section (for links). */
  private questionsOf(assessment: Assessment): Map<string, QuestionRef> {
    const { template } = this.assessments.questionnaireLayout(assessment);
    return new Map(
      template.sections.flatMap((s) =>
        s.questions.map((q) => [q.id, { id: q.id, label: q.label, sectionId: s.id }] as const),
      ),
    );
  }
}

/** The body as kept: trimmed, at least one character and at most COMMENT_MAX_LENGTH (422 naming the field). */
function bodyOf(text: string, pointer = '/body'): string {
  const body = text.trim();
  if (!body) throw invalid(pointer, 'is empty');
  if (body.length > COMMENT_MAX_LENGTH)
    throw invalid(pointer, `is longer than ${COMMENT_MAX_LENGTH.toLocaleString('en-US')} characters`);
  return body;
}

function invalid(pointer: string, detail: string): CommentException {
  return new CommentException(CommentErrorCode.InvalidComment, 'The comment is not valid; nothing was saved.', {
    errors: [{ pointer, detail }],
  });
}

function questionNotFound(): CommentException {
  return new CommentException(
    CommentErrorCode.QuestionNotFound,
    "No such question in this assessment's questionnaire.",
  );
}

function commentNotFound(): CommentException {
  return new CommentException(CommentErrorCode.CommentNotFound, 'No such comment on this assessment.');
}
