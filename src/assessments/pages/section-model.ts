import { counted } from '../../common/labels';
import { formatDateTime } from '../../decisions/templates/handlebars-helpers';
import type { AssessmentSummary } from '../assessments.service';
import { referencedQuestions } from '../questionnaire/conditions';
import type { questionnaireView } from '../questionnaire/questionnaire-view';
import type { Condition, QuestionnaireTemplate, Section } from '../questionnaire/questionnaire.types';
import type { Conflict } from './answer-conflicts';
import { type FormInput, inputOf } from './answer-form';
import type { PlacedProblem } from './problem-messages';
import { questionView, type QuestionView } from './question-fields';

export type QuestionnaireView = ReturnType<typeof questionnaireView>;

/** What a section page is about: the assessment, its questionnaire as it stands, and the section. */
export interface SectionContext {
  id: string;
  /** "/pia/PIA-2026-0042" */
  base: string;
  summary: AssessmentSummary;
  version: number;
  view: QuestionnaireView;
  template: QuestionnaireTemplate;
  section: Section;
  answers: Record<string, unknown>;
  editable: boolean;
  /** The owner's own assessment (for wording only: what they may do is `editable`). */
  ownView: boolean;
  comments: SectionComments;
}

/** The comment threads by question, and the open requested changes, which the page lists first. */
export interface SectionComments {
  byQuestion: Map<string, { total: number; open: number; requested: boolean }>;
  requested: {
    threadId: string;
    questionId: string;
    label: string;
    sectionId: string;
    comment: string;
    by: string;
    addressed: boolean;
  }[];
  /** Whether this person may comment (then each question offers it). */
  mayComment: boolean;
}

/** How a save went when the page shows it again. */
export interface SectionProblems {
  notice: string | null;
  /** What the person typed, shown instead of the saved answers. */
  inputs: Map<string, FormInput>;
  problems: PlacedProblem[];
  /** The version the form saves against next (after a stale save: the current one). */
  version: number;
  stale: { by: string; at: Date | null; conflicts: Conflict[]; takenFromThem: number } | null;
}

export interface NavSection {
  href: string;
  title: string;
  status: string;
  current: boolean;
  visible: boolean;
  visibleWhen: string | null;
}

/** A section's completeness in words (never colour alone). */
function statusOf(section: QuestionnaireView['sections'][number]): string {
  if (section.complete) return 'Complete';
  const started = section.questions.some((q) => q.answer !== null);
  if (!started) return 'Not started';
  return `In progress: ${section.answeredRequiredQuestions} of ${section.requiredQuestions} answered`;
}

/**
 * A section's condition, for the side navigation's script: a section is shown when any of its questions is,
 * so only a section whose every question has a condition can appear or disappear.
 */
function sectionCondition(section: Section): Condition | null {
  const conditions = section.questions.map((q) => q.visibleWhen);
  if (conditions.some((c) => c === undefined)) return null;
  const distinct = [...new Map(conditions.map((c) => [JSON.stringify(c), c!])).values()];
  return distinct.length === 1 ? distinct[0] : { any: distinct };
}

export function navigation(context: Pick<SectionContext, 'base' | 'view' | 'template'>, current: string | null) {
  return context.template.sections.map((section, i): NavSection => {
    const state = context.view.sections[i];
    const condition = sectionCondition(section);
    return {
      href: `${context.base}/sections/${section.id}`,
      title: section.title,
      status: statusOf(state),
      current: section.id === current,
      visible: state.visible,
      visibleWhen: condition ? JSON.stringify(condition) : null,
    };
  });
}

/** The view model of a section page. */
export function sectionModel(context: SectionContext, outcome: Partial<SectionProblems>) {
  const index = context.template.sections.indexOf(context.section);
  const sectionState = context.view.sections[index];
  const fieldErrors: Record<string, string> = {};
  for (const problem of outcome.problems ?? []) fieldErrors[problem.field] ??= problem.message;
  const conflicts = new Map((outcome.stale?.conflicts ?? []).map((c) => [c.questionId, c]));

  const questions: QuestionView[] = context.section.questions.map((question, i) => {
    const state = sectionState.questions[i];
    const input = outcome.inputs?.get(question.id) ?? inputOf(question, state.answer);
    const conflict = conflicts.get(question.id);
    return questionView(
      { question, visible: state.visible, required: state.required, answer: state.answer },
      input,
      fieldErrors,
      conflict ? { theirs: conflict.theirs, by: conflict.by, at: formatDateTime(conflict.at.toISOString()) } : null,
    );
  });

  // The saved answers the page's conditions read, for the script to judge them with this page's inputs.
  const nav = navigation(context, context.section.id);
  const referenced = new Set(
    [
      ...context.section.questions.map((q) => q.visibleWhen),
      ...context.template.sections.map(sectionCondition),
    ].flatMap((c) => (c ? referencedQuestions(c) : [])),
  );
  const conditionAnswers = Object.fromEntries(
    [...referenced].filter((id) => context.answers[id] != null).map((id) => [id, context.answers[id]]),
  );
  const visibleIds = nav.filter((s) => s.visible).map((s) => s.title);
  const commentsOf = (questionId: string) => {
    const threads = context.comments.byQuestion.get(questionId);
    // While filling in answers, only questions that have threads link to them: a link after every field would sit in
    // the keyboard's way from one answer to the next.
    const linked = !!threads || (context.comments.mayComment && !context.editable);
    return {
      requested: threads?.requested ?? false,
      link: linked
        ? {
            href: `${context.base}/comments?question=${encodeURIComponent(questionId)}`,
            text: threads
              ? `${counted(threads.total, 'comment thread')}${threads.open ? `, ${threads.open} open` : ''}`
              : 'Comment on this question',
          }
        : null,
    };
  };
  const stale = outcome.stale ?? null;

  return {
    assessment: { ref: context.summary.ref, title: context.summary.title },
    section: { id: context.section.id, title: context.section.title, description: context.section.description ?? null },
    action: `${context.base}/sections/${context.section.id}`,
    submitHref: `${context.base}/submit`,
    statusHref: context.base,
    nav,
    progress: context.view.progress,
    isLast: visibleIds[visibleIds.length - 1] === context.section.title,
    version: outcome.version ?? context.version,
    editable: context.editable,
    ownView: context.ownView,
    notice: outcome.notice ?? null,
    stale: stale
      ? {
          by: stale.by,
          at: stale.at ? formatDateTime(stale.at.toISOString()) : 'just now',
          count: stale.conflicts.length,
          takenFromThem: stale.takenFromThem,
        }
      : null,
    questions: questions.map((q) => ({ ...q, comments: commentsOf(q.id) })),
    requestedChanges: context.comments.requested.map((r) => ({
      ...r,
      href: `${context.base}/sections/${encodeURIComponent(r.sectionId)}#question-${r.questionId}`,
      threadHref: `${context.base}/comments?question=${encodeURIComponent(r.questionId)}#thread-${r.threadId}`,
    })),
    conditionContext: JSON.stringify(conditionAnswers),
  };
}
