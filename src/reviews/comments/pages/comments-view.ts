import type { AssessmentSummary } from '../../../assessments/assessments.service';
import type { Actor } from '../../../common/auth/actor';
import { counted } from '../../../common/labels';
import type { FormProblems } from '../../../web/forms';
import type { QuestionRef, ThreadView } from '../comments.service';

/** What was typed into the form that was refused, to show it again: the form's field id and its text. */
export interface Typed {
  field: string;
  body: string;
  questionId: string | null;
}

const NOTICES: Record<string, string> = {
  posted: 'Your comment was posted. The others in its thread are notified.',
  replied: 'Your reply was posted. The others in its thread are notified.',
  edited: 'Your comment was changed; its earlier text is kept and shown.',
  resolved: 'The thread was resolved.',
  reopened: 'The thread was reopened.',
};

const iso = (date: Date | string) => new Date(date).toISOString();

/** How a requested change stands, in words. */
function addressedText(thread: ThreadView): string | null {
  if (!thread.requestedChange || thread.status === 'resolved') return null;
  const { answered, replied } = thread.addressed ?? { answered: false, replied: false };
  if (answered && replied) return 'The owner changed the answer and replied.';
  if (answered) return 'The owner changed the answer.';
  if (replied) return 'The owner replied.';
  return 'Waiting for the owner: change the answer, or reply here.';
}

/** The comments page's view model: the threads, each comment with its history, and the forms this person may use. */
export function commentsModel(input: {
  actor: Actor;
  assessment: AssessmentSummary;
  threads: ThreadView[];
  question: QuestionRef | null;
  choices: { id: string; title: string; questions: QuestionRef[] }[];
  mayComment: boolean;
  mayResolve: (thread: ThreadView) => boolean;
  notice: string | null;
  typed: Typed | null;
  problems: FormProblems;
}) {
  const { actor, assessment, typed, problems } = input;
  const base = `/pia/${encodeURIComponent(assessment.ref)}`;
  const typedFor = (field: string) => (typed?.field === field ? typed.body : '');
  const questionHref = (q: QuestionRef) => `${base}/sections/${encodeURIComponent(q.sectionId)}#${q.id}`;
  const open = input.threads.filter((t) => t.status === 'open').length;
  const chosen = typed?.field === 'body' ? typed.questionId : null;

  return {
    ref: assessment.ref,
    title: assessment.title,
    base,
    page: input.question?.id ?? '',
    question: input.question ? { ...input.question, href: questionHref(input.question) } : null,
    notice: input.notice ? NOTICES[input.notice] : null,
    summary:
      input.threads.length === 0
        ? null
        : `${counted(input.threads.length, 'thread')}: ${open} open, ${input.threads.length - open} resolved.`,
    mayComment: input.mayComment,
    newThread: {
      typed: typedFor('body'),
      error: problems.fieldErrors.body ?? null,
      sections: input.question
        ? []
        : input.choices.map((s) => ({
            title: s.title,
            questions: s.questions.map((q) => ({ value: q.id, label: q.label, selected: q.id === chosen })),
          })),
    },
    threads: input.threads.map((thread) => {
      const first = thread.comments[0];
      const replyField = `reply-${first.id}`;
      return {
        id: thread.id,
        anchor: `thread-${thread.id}`,
        about: thread.question ? thread.question.label : 'The assessment as a whole',
        aboutHref: thread.question ? questionHref(thread.question) : null,
        open: thread.status === 'open',
        requestedChange: thread.requestedChange,
        addressed: addressedText(thread),
        openedBy: thread.openedBy.displayName,
        resolvedBy: thread.resolvedBy?.displayName ?? null,
        resolvedAt: thread.resolvedAt ? iso(thread.resolvedAt) : null,
        resolvable: input.mayComment && input.mayResolve(thread),
        comments: thread.comments.map((c) => {
          const editField = `edit-${c.id}`;
          const editing = typed?.field === editField;
          return {
            id: c.id,
            author: c.author.displayName,
            at: iso(c.createdAt),
            body: c.body,
            editedAt: c.editedAt ? iso(c.editedAt) : null,
            earlier: c.earlierVersions.map((v) => ({ body: v.body, writtenAt: iso(v.writtenAt) })),
            editable: input.mayComment && c.author.id === actor.id,
            editField,
            editing,
            editText: editing ? typed.body : c.body,
            editError: problems.fieldErrors[editField] ?? null,
          };
        }),
        reply:
          input.mayComment && thread.status === 'open'
            ? {
                field: replyField,
                parentId: first.id,
                typed: typedFor(replyField),
                error: problems.fieldErrors[replyField] ?? null,
              }
            : null,
      };
    }),
    errors: problems.errors,
    fieldErrors: problems.fieldErrors,
  };
}
