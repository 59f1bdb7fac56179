import type { AssessmentsService } from '../../assessments/assessments.service';
import type { Actor } from '../../common/auth/actor';
import { AppException, CommonErrorCode } from '../../common/errors/app.exception';
import { label } from '../../common/labels';
import { CommentErrorCode } from '../../reviews/comments/comment.exception';
import type { UnaddressedChange } from '../../reviews/comments/comments.service';
import { WorkflowErrorCode } from '../workflow.exception';
import { stageLabel } from './status-view';

type Allowed = { state: string; allowedEvents: string[] };

/**
 * Why the workflow refused an event, in words for the refused page: its status stays the service's (409 not
 * allowed now, 412 changed meanwhile, 422 incomplete, 400 not an event this form can send).
 */
export async function refusal(
  assessments: AssessmentsService,
  actor: Actor,
  id: string,
  type: string,
  cause: AppException | Allowed,
) {
  const { ref, title } = await assessments.get(actor, id);
  const base = `/pia/${encodeURIComponent(ref)}`;
  const action = label.eventAction(type).toLowerCase();
  const model = {
    ref,
    title,
    base,
    heading: 'This cannot be done now',
    message: '',
    allowed: [] as string[],
    missingIntro: 'Answer what is missing in:',
    missing: [] as { title: string; href: string }[],
  };
  const notNow = (allowed: Allowed) => {
    model.message = `You cannot ${action} ${ref} now: it is at the stage “${stageLabel(allowed.state)}”. Nothing was changed.`;
    model.allowed = allowed.allowedEvents.map((event) => label.eventAction(event));
    return { model, status: 409 };
  };
  if (!(cause instanceof AppException)) return notNow(cause);
  switch (cause.code) {
    case WorkflowErrorCode.NotAllowedNow:
      return notNow(cause.extensions as Allowed);
    case WorkflowErrorCode.StaleVersion:
      model.heading = 'It changed since you opened it';
      model.message = `Someone acted on ${ref} after you opened its page, so nothing was done. Look at it again before you ${action} it.`;
      break;
    case WorkflowErrorCode.Incomplete:
      model.heading = 'Some required answers are missing';
      model.message = `${ref} cannot be sent for review until every required question is answered. Nothing was changed.`;
      model.missing = ((cause.extensions.sections ?? []) as { id: string; title: string }[]).map((section) => ({
        title: section.title,
        href: `${base}/sections/${encodeURIComponent(section.id)}`,
      }));
      break;
    case CommentErrorCode.ChangesUnaddressed:
      model.heading = 'Some requested changes are not addressed yet';
      model.message = `A reviewer asked for changes to answers of ${ref}. Change each answer, or reply in its thread to say why it stands; then resubmit. Nothing was changed.`;
      model.missingIntro = 'Still waiting for a changed answer or your reply:';
      model.missing = ((cause.extensions.unaddressed ?? []) as UnaddressedChange[]).map((change) => ({
        title: change.question,
        href: `${base}/comments?question=${encodeURIComponent(change.questionId)}#thread-${change.threadId}`,
      }));
      break;
    case CommonErrorCode.ValidationFailed:
      model.heading = 'This cannot be sent from here';
      model.message = `This page sends only the steps it shows. Nothing was changed on ${ref}.`;
      break;
    default:
      model.message = cause.message;
  }
  return { model, status: cause.status };
}
