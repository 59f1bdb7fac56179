import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, MoreThan } from 'typeorm';
import { initialTransition } from 'xstate';
import { AccessPolicy } from '../common/auth/access-policy';
import type { Actor } from '../common/auth/actor';
import type { FieldError } from '../common/errors/problem-details';
import { containsPattern, type Page } from '../common/validation/page.query';
import { AuditLogService } from '../audit/audit-log.service';
import { AppConfig } from '../config/app-config';
import { User } from '../identity/entities/user.entity';
import { AssessmentErrorCode, AssessmentException } from './assessment.exception';
import { EDITABLE_STATES, type AssessmentState } from './assessment-state';
import type { CreateAssessmentDto, ListAssessmentsQuery, RevisionsQuery } from './dto/assessment.dto';
import { AnswerRevision } from './entities/answer-revision.entity';
import { Assessment } from './entities/assessment.entity';
import { answerProblems, isEmptyAnswer, normaliseAnswer } from './questionnaire/answer-values';
import { evaluateQuestionnaire, sectionProgress } from './questionnaire/questionnaire-state';
import { questionnaireView } from './questionnaire/questionnaire-view';
import { QuestionnaireRegistry } from './questionnaire/questionnaire.registry';
import type { Question, QuestionnaireTemplate } from './questionnaire/questionnaire.types';
import { screen, type ScreeningResult } from './screening/screening';
import { MachineRegistry } from '../workflow/machine.registry';

type Person = { id: string; displayName: string };

export interface AssessmentSummary {
  id: string;
  ref: string;
  title: string;
  department: string;
  owner: Person;
  state: string;
  version: number;
  questionnaire: { id: string; version: number };
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  lastSaved: { by: Person; at: Date } | null;
}

const SORT_COLUMNS = { updated_at: 'a.updatedAt', created_at: 'a.createdAt', title: 'a.title', ref: 'a.ref' } as const;

function topLevelQuestions(template: QuestionnaireTemplate): Map<string, Question> {
  return new Map(template.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)));
}

/**
 * Intake: creating assessments, saving answers (with revisions and optimistic locking), the
 * questionnaire view and submission with screening. Reach is decided by AccessPolicy; only the owner
 * writes, and only while the assessment is a draft or has changes requested.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly db: DataSource,
    private readonly registry: QuestionnaireRegistry,
    private readonly policy: AccessPolicy,
    private readonly config: AppConfig,
    private readonly machines: MachineRegistry,
    private readonly audit: AuditLogService,
  ) {}

  async create(actor: Actor, input: CreateAssessmentDto): Promise<AssessmentSummary> {
    const templateId = input.templateId ?? this.config.templates.defaultQuestionnaire;
    const template = this.registry.latest(templateId);
    if (!template) {
      throw new AssessmentException(AssessmentErrorCode.UnknownTemplate, `There is no questionnaire "${templateId}".`, {
        errors: [{ pointer: '/templateId', detail: `templateId "${templateId}" is not an installed questionnaire` }],
      });
    }
    const { version: machineVersion, machine } = this.machines.forNewAssessments(this.config.workflow.startVersion);
    const [initial] = initialTransition(machine, { ownerId: actor.id });
    const id = await this.db.transaction(async (manager) => {
      const year = new Date().getUTCFullYear();
      const [{ last }]: { last: number }[] = await manager.query(
        `INSERT INTO assessment_ref_counters (year, last) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last = assessment_ref_counters.last + 1 RETURNING last`,
        [year],
      );
      const repository = manager.getRepository(Assessment);
      const { id: assessmentId } = await repository.save(
        repository.create({
          ref: `PIA-${year}-${String(last).padStart(4, '0')}`,
          title: input.title,
          department: input.department,
          ownerId: actor.id,
          questionnaireId: template.id,
          questionnaireVersion: template.version,
          state: String(initial.value),
          version: 1,
          answers: {},
          machineVersion,
          snapshot: machine.getPersistedSnapshot(initial) as Record<string, unknown>,
        }),
      );
      // The chain starts with the assessment's creation.
      await this.audit.append(manager, {
        assessmentId,
        type: 'CREATED',
        fromState: null,
        toState: String(initial.value),
        payload: {
          title: input.title,
          department: input.department,
          questionnaire: { id: template.id, version: template.version },
        },
        actorId: actor.id,
        machineVersion,
        at: new Date(),
      });
      return assessmentId;
    });
    return this.get(actor, id);
  }

  async list(actor: Actor, query: ListAssessmentsQuery): Promise<Page<AssessmentSummary>> {
    const scope = this.policy.condition(actor, 'a');
    const qb = this.db.getRepository(Assessment).createQueryBuilder('a').where(scope.sql, scope.params);
    if (query.state) qb.andWhere('a.state = :state', { state: query.state });
    if (query.department) qb.andWhere('a.department = :department', { department: query.department });
    if (query.owner) qb.andWhere('a.owner_id = :owner', { owner: query.owner === 'me' ? actor.id : query.owner });
    if (query.q) {
      const pattern = containsPattern(query.q);
      qb.andWhere('(a.title ILIKE :pattern OR a.ref ILIKE :pattern)', { pattern });
    }
    const descending = query.sort.startsWith('-');
    const column = SORT_COLUMNS[query.sort.replace('-', '') as keyof typeof SORT_COLUMNS];
    const [rows, total] = await qb
      .orderBy(column, descending ? 'DESC' : 'ASC')
      .addOrderBy('a.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items: await this.summaries(rows), total, page: query.page, pageSize: query.pageSize };
  }

  async get(actor: Actor, id: string): Promise<AssessmentSummary & { screening: unknown }> {
    const assessment = await this.findVisible(this.db.manager, actor, id);
    const [summary] = await this.summaries([assessment]);
    return { ...summary, screening: assessment.screening };
  }

  async questionnaire(actor: Actor, id: string) {
    const assessment = await this.findVisible(this.db.manager, actor, id);
    return { version: assessment.version, view: this.viewOf(assessment) };
  }

  /**
   * A partial save: named questions change, others keep their answers. Every value is checked first
   * and the whole save is refused if any is wrong. Answers of questions that the save hides are
   * dropped. Each change is kept as a revision.
   */
  async saveAnswers(actor: Actor, id: string, expectedVersion: number, patch: Record<string, unknown>) {
    return this.db.transaction(async (manager) => {
      const assessment = await this.lockForOwnerEdit(manager, actor, id, expectedVersion);
      const template = this.templateOf(assessment);
      const questions = topLevelQuestions(template);

      const errors: FieldError[] = Object.entries(patch).flatMap(([questionId, value]) => {
        const question = questions.get(questionId);
        const pointer = `/answers/${questionId}`;
        return question
          ? answerProblems(question, value, pointer)
          : [{ pointer, detail: 'is not a question of this questionnaire' }];
      });
      if (errors.length > 0) {
        throw new AssessmentException(
          AssessmentErrorCode.InvalidAnswers,
          'Some answers are not valid; nothing was saved.',
          { errors },
        );
      }

      const before = assessment.answers;
      const merged = { ...before };
      for (const [questionId, value] of Object.entries(patch)) {
        if (isEmptyAnswer(value)) delete merged[questionId];
        else merged[questionId] = normaliseAnswer(questions.get(questionId)!, value);
      }
      const kept = evaluateQuestionnaire(template, merged).answers;
      const changed = [...new Set([...Object.keys(before), ...Object.keys(kept)])].filter(
        (questionId) => !isDeepStrictEqual(before[questionId], kept[questionId]),
      );
      if (changed.length === 0) return { version: assessment.version, view: this.viewOf(assessment) }; // an autosave with nothing new

      const version = assessment.version + 1;
      const now = new Date();
      await manager.save(
        Object.assign(assessment, { answers: kept, version, lastSavedBy: actor.id, lastSavedAt: now }),
      );
      await manager.getRepository(AnswerRevision).save(
        changed.map((questionId) => ({
          assessmentId: id,
          questionId,
          oldValue: before[questionId] ?? null,
          newValue: kept[questionId] ?? null,
          changedBy: actor.id,
          changedAt: now,
          assessmentVersion: version,
        })),
      );
      return { version, view: questionnaireView(evaluateQuestionnaire(template, kept)) };
    });
  }

  async revisions(actor: Actor, id: string, query: RevisionsQuery) {
    await this.findVisible(this.db.manager, actor, id);
    const [rows, total] = await this.db.getRepository(AnswerRevision).findAndCount({
      where: { assessmentId: id, ...(query.questionId ? { questionId: query.questionId } : {}) },
      order: { id: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    const people = await this.people(rows.map((r) => r.changedBy));
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        questionId: r.questionId,
        oldValue: r.oldValue,
        newValue: r.newValue,
        changedBy: people.get(r.changedBy)!,
        changedAt: r.changedAt,
        version: r.assessmentVersion,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * The answers changed after a version, newest first: what others saved since a form was opened, for the page
   * that shows a stale save's conflicts. Bounded by what one section can hold.
   */
  async revisionsSince(actor: Actor, id: string, version: number) {
    await this.findVisible(this.db.manager, actor, id);
    const rows = await this.db.getRepository(AnswerRevision).find({
      where: { assessmentId: id, assessmentVersion: MoreThan(version) },
      order: { id: 'DESC' },
      take: 1000,
    });
    const people = await this.people(rows.map((r) => r.changedBy));
    return rows.map((r) => ({
      questionId: r.questionId,
      oldValue: r.oldValue,
      newValue: r.newValue,
      changedBy: people.get(r.changedBy)!,
      changedAt: r.changedAt,
      version: r.assessmentVersion,
    }));
  }

  /**
   * For each (question, version): whether the question's answer now differs from what it was at that version. The
   * first revision after the version holds the answer as it was then; no revision since means no change. Reviews use
   * it to tell whether a requested change was answered.
   */
  async answersChangedSince(
    manager: EntityManager,
    assessment: Assessment,
    asked: { questionId: string; version: number }[],
  ): Promise<boolean[]> {
    if (asked.length === 0) return [];
    const rows: { i: string; old_value: unknown }[] = await manager.query(
      `SELECT DISTINCT ON (a.i) a.i, r.old_value
         FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS a(question_id, version, i)
         JOIN answer_revisions r
           ON r.assessment_id = $1 AND r.question_id = a.question_id AND r.assessment_version > a.version
        ORDER BY a.i, r.id`,
      [assessment.id, asked.map((a) => a.questionId), asked.map((a) => a.version)],
    );
    const then = new Map(rows.map((r) => [Number(r.i) - 1, r.old_value ?? null]));
    return asked.map(
      (a, i) => then.has(i) && !isDeepStrictEqual(then.get(i), assessment.answers[a.questionId] ?? null),
    );
  }

  /** Whether the actor may change the answers now (saveAnswers's rule): the owner, in draft or changes requested. */
  canEditAnswers(actor: Actor, assessment: { ownerId: string; state: string }): boolean {
    return this.policy.isOwner(actor, assessment) && EDITABLE_STATES.includes(assessment.state as AssessmentState);
  }

  /**
   * What submitting needs: the sections still incomplete (if any) and, when complete, the screening
   * computed from the answers. The workflow stores the screening with the SUBMIT transition.
   */
  submissionCheck(assessment: Assessment): {
    missing: { id: string; title: string; missing: FieldError[] }[];
    screening?: ScreeningResult;
  } {
    const state = evaluateQuestionnaire(this.templateOf(assessment), assessment.answers);
    const missing = sectionProgress(state)
      .filter((s) => !s.complete)
      .map((s) => ({ id: s.id, title: s.title, missing: s.missing }));
    return missing.length > 0 ? { missing } : { missing, screening: screen(state) };
  }

  /**
   * The questionnaire's template and the sections shown now by its answers, for an assessment already read within
   * reach (a page that links to answers links only to sections whose pages exist).
   */
  questionnaireLayout(assessment: Assessment): { template: QuestionnaireTemplate; shownSections: Set<string> } {
    const template = this.templateOf(assessment);
    const progress = sectionProgress(evaluateQuestionnaire(template, assessment.answers));
    return { template, shownSections: new Set(progress.filter((s) => s.visible).map((s) => s.id)) };
  }

  /**
   * The assessment, locked for the caller's transaction, when the actor may reach it. This and lock() are the one way
   * to lock an assessment row: every change that must not interleave with a transition takes this lock first.
   */
  lockVisible(manager: EntityManager, actor: Actor, id: string): Promise<Assessment> {
    return this.findVisible(manager, actor, id, true);
  }

  /** The assessment, locked for the engine's own work (a job, a records step that checked reach itself); null if none. */
  lock(manager: EntityManager, id: string): Promise<Assessment | null> {
    return manager.getRepository(Assessment).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The assessment when the actor may reach it (404 otherwise), for reading. */
  visible(actor: Actor, id: string): Promise<Assessment> {
    return this.findVisible(this.db.manager, actor, id);
  }

  /**
   * The id behind a ref ("PIA-2026-0042"), the pages' readable address, when the actor may reach it; the same
   * 404 as for an id otherwise, so a ref that exists but is out of reach reveals nothing.
   */
  async idForRef(actor: Actor, ref: string): Promise<string> {
    if (!/^[A-Za-z0-9-]{1,20}$/.test(ref)) throw AssessmentException.notFound();
    const assessment = await this.db.getRepository(Assessment).findOne({ where: { ref: ref.toUpperCase() } });
    if (!assessment || !this.policy.canSee(actor, assessment)) throw AssessmentException.notFound();
    return assessment.id;
  }

  /**
   * Refs and titles by id, for lists that point at assessments (a person's notifications): only those the actor
   * may still reach, since reach changes after a notification is sent.
   */
  async refsOf(actor: Actor, ids: string[]): Promise<Map<string, { ref: string; title: string }>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.db.getRepository(Assessment).find({ where: unique.map((id) => ({ id })) });
    const reachable = rows.filter((a) => this.policy.canSee(actor, a));
    return new Map(reachable.map((a) => [a.id, { ref: a.ref, title: a.title }]));
  }

  /** People's display names by id. */
  async people(ids: string[]): Promise<Map<string, Person>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const users = await this.db.getRepository(User).find({
      where: unique.map((id) => ({ id })),
      select: { id: true, displayName: true },
      loadEagerRelations: false,
    });
    return new Map(users.map((u) => [u.id, { id: u.id, displayName: u.displayName }]));
  }

  /** Pins the risk model the register was scored under, with its findings, in the caller's transaction (risk's). */
  async pinRiskModel(
    manager: EntityManager,
    id: string,
    pinned: Pick<Assessment, 'riskModelId' | 'riskModelVersion' | 'riskFindings'>,
  ): Promise<void> {
    await manager.query(
      'UPDATE assessments SET risk_model_id = $2, risk_model_version = $3, risk_findings = $4 WHERE id = $1',
      [id, pinned.riskModelId, pinned.riskModelVersion, JSON.stringify(pinned.riskFindings)],
    );
  }

  private templateOf(assessment: Assessment): QuestionnaireTemplate {
    return this.registry.get(assessment.questionnaireId, assessment.questionnaireVersion);
  }

  private viewOf(assessment: Assessment) {
    return questionnaireView(evaluateQuestionnaire(this.templateOf(assessment), assessment.answers));
  }

  private async findVisible(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<Assessment> {
    const assessment = await manager
      .getRepository(Assessment)
      .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!assessment || !this.policy.canSee(actor, assessment)) throw AssessmentException.notFound();
    return assessment;
  }

  private async lockForOwnerEdit(
    manager: EntityManager,
    actor: Actor,
    id: string,
    expectedVersion: number,
  ): Promise<Assessment> {
    const assessment = await this.findVisible(manager, actor, id, true);
    if (!this.policy.isOwner(actor, assessment)) {
      throw new AssessmentException(
        AssessmentErrorCode.NotOwner,
        'Only the owner of the assessment can change its answers.',
      );
    }
    if (!EDITABLE_STATES.includes(assessment.state as AssessmentState)) {
      throw new AssessmentException(
        AssessmentErrorCode.NotEditable,
        `The assessment is in ${assessment.state}; answers can change only in draft or changes_requested.`,
        {
          extensions: { state: assessment.state },
        },
      );
    }
    if (assessment.version !== expectedVersion) {
      const by = assessment.lastSavedBy
        ? (await this.people([assessment.lastSavedBy])).get(assessment.lastSavedBy)!
        : null;
      throw new AssessmentException(
        AssessmentErrorCode.StaleVersion,
        `The assessment changed since version ${expectedVersion}${by ? `: ${by.displayName} saved it last` : ''}. Reload and apply your changes again.`,
        {
          extensions: { currentVersion: assessment.version, lastSavedBy: by, lastSavedAt: assessment.lastSavedAt },
        },
      );
    }
    return assessment;
  }

  private async summaries(rows: Assessment[]): Promise<AssessmentSummary[]> {
    const people = await this.people(rows.flatMap((a) => [a.ownerId, ...(a.lastSavedBy ? [a.lastSavedBy] : [])]));
    return rows.map((a) => ({
      id: a.id,
      ref: a.ref,
      title: a.title,
      department: a.department,
      owner: people.get(a.ownerId)!,
      state: a.state,
      version: a.version,
      questionnaire: { id: a.questionnaireId, version: a.questionnaireVersion },
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
      submittedAt: a.submittedAt,
      lastSaved: a.lastSavedBy && a.lastSavedAt ? { by: people.get(a.lastSavedBy)!, at: a.lastSavedAt } : null,
    }));
  }
}
