import { REVIEW_NAMES, REVIEW_ROLE, storedContextOf } from '../assessment-machine.types';
import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '../../assessments/assessments.service';
import { answerText } from '../../assessments/pages/answer-text';
import type { Trigger } from '../../assessments/questionnaire/conditions';
import type { Question } from '../../assessments/questionnaire/questionnaire.types';
import type { Actor } from '../../common/auth/actor';
import { label, ROLE_LABELS, SCREENING_OUTCOME_LABELS, WP248_CRITERION_LABELS } from '../../common/labels';
import { RiskRegisterService } from '../../risk/risk-register.service';
import { atLeast } from '../../risk/scoring/scoring';
import type { AssignableRole, ScreeningOutcome } from '../assessment-machine.types';
import type { UserEventType } from '../dto/workflow-event.dto';
import { WorkflowService } from '../workflow.service';
import { mayActOn, regionsOf, reviewHref, REVIEW_WORDS } from './named-review-view';
import { stageLabel } from './status-view';

/** The roles a privacy officer assigns from the page, in the order of the review. */
const ASSIGNED_FROM_PAGE: readonly AssignableRole[] = ['legal_counsel', 'approver'];

/** On workflow v2, each named review's reviewer and the approver (once the reviews are set, those that apply). */
const ASSIGNED_FROM_PAGE_V2: readonly AssignableRole[] = [
  'privacy_officer',
  'legal_counsel',
  'security_reviewer',
  'equity_reviewer',
  'approver',
];

/** Every role the page may assign, on any workflow version. */
export const ASSIGNABLE_FROM_PAGE: readonly AssignableRole[] = ASSIGNED_FROM_PAGE_V2;

/** The form field that names the person for a role. */
export const assignField = (role: string) => ROLE_WORDS[role]?.field ?? 'legalCounsel';

/** How the assignment page speaks of each role. */
const ROLE_WORDS: Record<string, { field: string; noun: string; question: string; button: string }> = {
  legal_counsel: {
    field: 'legalCounsel',
    noun: 'legal counsel',
    question: 'Who should do the legal review?',
    button: 'Assign legal counsel',
  },
  approver: { field: 'approver', noun: 'approver', question: 'Who should decide?', button: 'Assign the approver' },
  privacy_officer: {
    field: 'privacyOfficer',
    noun: 'privacy officer',
    question: 'Who should do the privacy review?',
    button: 'Assign the privacy officer',
  },
  security_reviewer: {
    field: 'securityReviewer',
    noun: 'security reviewer',
    question: 'Who should do the security review?',
    button: 'Assign the security reviewer',
  },
  equity_reviewer: {
    field: 'equityReviewer',
    noun: 'equity reviewer',
    question: 'Who should do the equity review?',
    button: 'Assign the equity reviewer',
  },
};

type QuestionRef = { question: Question; sectionId: string };

/** A sentence naming an answer: inventory matches come as a list of "name (category)" already. */
const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function answerWords(question: Question | undefined, answer: unknown): string {
  if (typeof answer === 'number') return answer.toLocaleString('en-US');
  if (Array.isArray(answer) && answer.every((a) => typeof a === 'string') && question?.type === 'data_inventory')
    return answer.join('; ');
  if (!question) return typeof answer === 'string' ? answer : JSON.stringify(answer);
  return answerText(question, answer);
}

/**
 * What the reviewers' step pages show, gathered from the services the API uses (the assessment, its allowed
 * events, its screening, its risk register, who may be assigned) and put in words. It decides nothing: the
 * allowed events come from WorkflowService, and every POST goes back through WorkflowService.apply.
 */
@Injectable()
export class ReviewStepsService {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly workflow: WorkflowService,
    private readonly risk: RiskRegisterService,
  ) {}

  /** The assessment as every step page heads it, with what this person may do now. */
  async heading(actor: Actor, id: string) {
    const [summary, actions, row] = await Promise.all([
      this.assessments.get(actor, id),
      this.workflow.allowedEvents(actor, id),
      this.assessments.visible(actor, id),
    ]);
    const base = `/pia/${encodeURIComponent(summary.ref)}`;
    const context = storedContextOf(row.snapshot);
    const regions = regionsOf(row.snapshot);
    return {
      ref: summary.ref,
      title: summary.title,
      department: summary.department,
      owner: summary.owner.displayName,
      own: summary.owner.id === actor.id,
      state: actions.state,
      stage: stageLabel(actions.state),
      version: actions.version,
      allowed: actions.allowedEvents,
      base,
      screening: summary.screening as ScreeningLike | null,
      // Workflow v2's review stage: the named reviews this person may give, each on its own page.
      reviewLinks: REVIEW_NAMES.filter((name) =>
        mayActOn(name, context, regions, actor, actions.allowedEvents, 'CLEAR_REVIEW'),
      ).map((name) => ({
        type: 'CLEAR_REVIEW' as const,
        label: `Give the ${REVIEW_WORDS[name].title.toLowerCase()}`,
        href: reviewHref(base, name),
      })),
    };
  }

  /** Why a step is not offered: the stage it is at, and what the person may do there instead (as links). */
  notNow(heading: Awaited<ReturnType<ReviewStepsService['heading']>>, type: UserEventType) {
    const action = label.eventAction(type).toLowerCase();
    const reason = heading.own
      ? `You own ${heading.ref}, so you cannot review it: another privacy officer, legal counsel and approver do.`
      : type === 'REQUEST_CHANGES' && heading.state === 'review'
        ? `${heading.ref} is in review: each reviewer asks for changes from their own review's page.`
        : `You cannot ${action} now: ${heading.ref} is at the stage “${heading.stage}”, and this step is not yours there.`;
    return { reason, instead: this.links(heading).filter((link) => link.type !== type) };
  }

  /**
   * The step pages this person may use now, from the allowed events. In workflow v2's review stage, changes are asked
   * for from a named review's page, so its links stand for REQUEST_CHANGES.
   */
  links(heading: {
    base: string;
    state: string;
    allowed: UserEventType[];
    reviewLinks: { type: UserEventType; label: string; href: string }[];
  }) {
    const pages: Partial<Record<UserEventType, string>> = {
      CONFIRM_SCREENING: 'screening',
      ASSIGN: 'assign',
      REQUEST_CHANGES: 'request-changes',
      COMPLETE_RISK_ASSESSMENT: 'complete',
      LEGAL_CLEAR: 'legal',
    };
    const inReview = heading.state === 'review';
    return [
      ...heading.reviewLinks,
      ...heading.allowed
        .filter((type) => pages[type] && !(inReview && type === 'REQUEST_CHANGES'))
        .map((type) => ({ type, label: label.eventAction(type), href: `${heading.base}/${pages[type]}` })),
    ];
  }

  /** The screening in words: criteria met with the answers behind each, sensitive data, surveillance, proposal. */
  async screening(actor: Actor, id: string, result: ScreeningLike | null, base: string) {
    if (!result) return null;
    const questions = await this.questions(actor, id);
    const triggers = (list: Trigger[]) => this.triggers(list, questions, base);
    return {
      proposedOutcome: result.proposedOutcome,
      proposed: SCREENING_OUTCOME_LABELS[result.proposedOutcome],
      rationale: result.rationale,
      criteriaMet: result.criteriaMet,
      criteria: result.criteria
        .filter((c) => c.met)
        .map((c) => ({ label: capitalised(WP248_CRITERION_LABELS[c.criterion]), triggers: triggers(c.triggeredBy) })),
      sensitive: result.sensitiveCategories.map((c) => ({
        label: label.inventory('category', c.category),
        sources: c.sources.map((source) =>
          source.startsWith('inventory: ')
            ? `in the data inventory (${source.slice('inventory: '.length)})`
            : `declared in “${questions.get(source)?.question.label ?? source}”`,
        ),
      })),
      surveillance: { flagged: result.surveillance.flagged, triggers: triggers(result.surveillance.triggeredBy) },
      outcomes: (Object.keys(SCREENING_OUTCOME_LABELS) as ScreeningOutcome[]).map((value) => ({
        value,
        label: SCREENING_OUTCOME_LABELS[value],
        proposed: value === result.proposedOutcome,
      })),
    };
  }

  /** Who is assigned now, and whom the person may choose for each role (WorkflowService's rule). */
  async assignment(actor: Actor, id: string) {
    const row = await this.assessments.visible(actor, id);
    const { assignees = {}, reviews } = storedContextOf(row.snapshot);
    const people = await this.assessments.people(Object.values(assignees));
    const roles =
      row.machineVersion === 'v1'
        ? ASSIGNED_FROM_PAGE
        : ASSIGNED_FROM_PAGE_V2.filter((role) => {
            const review = REVIEW_NAMES.find((name) => REVIEW_ROLE[name] === role);
            return !review || !reviews || reviews[review].applies;
          });
    return Promise.all(
      roles.map(async (role) => {
        const current = assignees[role];
        const choices = await this.workflow.assignable(actor, id, role);
        return {
          role,
          label: ROLE_LABELS[role as keyof typeof ROLE_LABELS],
          ...ROLE_WORDS[role],
          current: current ? (people.get(current)?.displayName ?? 'Someone no longer active') : null,
          currentId: current ?? null,
          choices: choices.map((person) => ({
            id: person.id,
            name: person.displayName,
            // Two people may share a name: the e-mail address tells them apart.
            email: person.email,
            department: person.department,
            selected: person.id === current,
          })),
        };
      }),
    );
  }

  /** Where completing the risk stage leads and why, and what blocks it (the 422's list), from the register. */
  async completion(actor: Actor, id: string) {
    const [register, refusal] = await Promise.all([
      this.risk.register(actor, id),
      this.workflow.blockedBy(actor, id, { type: 'COMPLETE_RISK_ASSESSMENT' }),
    ]);
    const { summary } = register;
    return {
      legal: summary.legalReviewRequired,
      next: stageLabel(summary.legalReviewRequired ? 'legal_review' : 'approval'),
      reasons: summary.legalReasons,
      escalation: summary.escalationReasons,
      // The 422 COMPLETE_RISK_ASSESSMENT would answer: each untreated risk.
      blockers: (refusal?.extensions.incomplete as string[] | undefined) ?? [],
      risks: register.risks.filter((r) => r.status !== 'retired').length,
    };
  }

  /** What sent the assessment to legal review: its legal flags (with their answers) and its high risks. */
  async legal(actor: Actor, id: string, base: string) {
    const register = await this.risk.register(actor, id);
    const questions = await this.questions(actor, id);
    const flags = (
      (register.findings?.legalFlags as { label: string; triggeredBy?: Trigger[] }[] | undefined) ?? []
    ).map((flag) => ({ label: flag.label, triggers: this.triggers(flag.triggeredBy ?? [], questions, base) }));
    const high = register.risks
      .filter((r) => r.status !== 'retired' && atLeast((r.residual ?? r.inherent).level, 'high'))
      .map((r) => ({
        label: r.label,
        category: label.riskCategory(r.category),
        level: capitalised((r.residual ?? r.inherent).level),
        which: r.residual ? 'residual' : 'inherent',
        treatment: label.treatment(r.treatment),
      }));
    return { flags, high };
  }

  /** The questions shown now, by section: what a request for changes can name. */
  async questionChoices(actor: Actor, id: string) {
    const { view } = await this.assessments.questionnaire(actor, id);
    return view.sections
      .filter((section) => section.visible)
      .map((section) => ({
        title: section.title,
        questions: section.questions
          .filter((question) => question.visible)
          .map((question) => question as unknown as Question)
          .map((question) => ({ value: question.id, label: question.label })),
      }));
  }

  private async questions(actor: Actor, id: string): Promise<Map<string, QuestionRef>> {
    const { view } = await this.assessments.questionnaire(actor, id);
    const map = new Map<string, QuestionRef>();
    for (const section of view.sections)
      for (const question of section.questions as unknown as Question[])
        map.set(question.id, { question, sectionId: section.id });
    return map;
  }

  private triggers(list: Trigger[], questions: Map<string, QuestionRef>, base: string) {
    return list.map((trigger) => {
      const found = questions.get(trigger.questionId);
      return {
        question: found?.question.label ?? trigger.questionId,
        answer: answerWords(found?.question, trigger.answer),
        href: found
          ? `${base}/sections/${encodeURIComponent(found.sectionId)}#${encodeURIComponent(trigger.questionId)}`
          : null,
      };
    });
  }
}

/** The stored screening, as the assessment carries it. */
export interface ScreeningLike {
  criteria: { criterion: keyof typeof WP248_CRITERION_LABELS; met: boolean; triggeredBy: Trigger[] }[];
  criteriaMet: number;
  sensitiveCategories: { category: string; sources: string[] }[];
  surveillance: { flagged: boolean; triggeredBy: Trigger[] };
  proposedOutcome: ScreeningOutcome;
  rationale: string;
}
