import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AssessmentsService } from '../../assessments/assessments.service';
import { RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { AppException, CommonErrorCode } from '../../common/errors/app.exception';
import {
  assertFormRefusal,
  type FormProblems,
  formProblems,
  formText,
  NO_PROBLEMS,
  problemsOf,
  formVersion,
} from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { parseEvent } from '../dto/parse-event';
import type { UserEventType } from '../dto/workflow-event.dto';
import { WorkflowErrorCode } from '../workflow.exception';
import { WorkflowService } from '../workflow.service';
import { ASSIGNABLE_FROM_PAGE, assignField, ReviewStepsService } from './review-steps.service';
import { CommentErrorCode } from '../../reviews/comments/comment.exception';

/** What a refused form gets back: the fields as typed, the problems, and a refusal of the whole step if any. */
interface Attempt {
  typed: Record<string, string>;
  problems: FormProblems;
  refused: string | null;
  status: number;
}

const FRESH: Attempt = { typed: {}, problems: NO_PROBLEMS, refused: null, status: 200 };

/** A textarea's text as typed; browsers send its line breaks as CRLF. */
const typedText = (body: unknown, name: string, maxLength: number) =>
  formText(body, name, maxLength).replace(/\r\n?/g, '\n');

type Step = 'screening' | 'assign' | 'request-changes' | 'complete' | 'legal';

/** How many questions the request-changes form names at once (the API takes up to 50): five keep the page short. */
const QUESTION_ROWS = 5;
const ROWS = [...Array(QUESTION_ROWS).keys()];

/** A refusal's pointer into REQUEST_CHANGES's questions ("/questions/1/comment") as the form's field ("comment-1"). */
const questionField = (pointer: string) =>
  pointer.replace(/^\/questions\/(\d+)\/(questionId|comment)$/, (_m, i: string, name: string) =>
    name === 'questionId' ? `question-${i}` : `comment-${i}`,
  );

const VIEW: Record<Step, { view: string; title: (ref: string) => string; event: UserEventType }> = {
  screening: { view: 'review/screening', title: (ref) => `Screening of ${ref}`, event: 'CONFIRM_SCREENING' },
  assign: { view: 'review/assign', title: (ref) => `Assign reviewers to ${ref}`, event: 'ASSIGN' },
  'request-changes': {
    view: 'review/request-changes',
    title: (ref) => `Ask for changes to ${ref}`,
    event: 'REQUEST_CHANGES',
  },
  complete: {
    view: 'review/complete',
    title: (ref) => `Complete the risk assessment of ${ref}`,
    event: 'COMPLETE_RISK_ASSESSMENT',
  },
  legal: { view: 'review/legal', title: (ref) => `Legal review of ${ref}`, event: 'LEGAL_CLEAR' },
};

/**
 * The reviewers' steps on one assessment: screening (confirm or override), assigning legal counsel and the
 * approver, asking for changes, completing the risk stage and legal review. Each page offers a step only when
 * WorkflowService lists it among the person's allowed events, and every POST goes through WorkflowService.apply
 * with the version the page was opened at, which decides.
 */
@WebPages()
@Controller('pia/:ref')
export class ReviewStepsPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assessments: AssessmentsService,
    private readonly workflow: WorkflowService,
    private readonly steps: ReviewStepsService,
  ) {}

  @Get('screening')
  @RequirePermission(Permission.WorkflowScreen)
  async screening(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string) {
    await this.show(req, res, ref, 'screening', FRESH);
  }

  @Post('screening')
  @RequirePermission(Permission.WorkflowScreen)
  async confirmScreening(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Body() body: unknown,
  ) {
    const typed = { outcome: formText(body, 'outcome', 40), reason: typedText(body, 'reason', 5000) };
    const reason = typed.reason.trim();
    await this.send(req, res, ref, 'screening', body, typed, async (id) => {
      const { screening } = await this.steps.heading(req.user!, id);
      // Overriding the proposed outcome needs a reason (the machine refuses it without one): say so by the field.
      if (screening && typed.outcome && typed.outcome !== screening.proposedOutcome && !reason)
        return formProblems([
          { field: 'reason', message: 'Say why you choose another outcome than the proposed one.' },
        ]);
      return { type: 'CONFIRM_SCREENING', outcome: typed.outcome, ...(reason ? { reason } : {}) };
    });
  }

  @Get('assign')
  @RequirePermission(Permission.WorkflowScreen)
  async assignment(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string) {
    await this.show(req, res, ref, 'assign', FRESH);
  }

  @Post('assign')
  @RequirePermission(Permission.WorkflowScreen)
  async assign(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string, @Body() body: unknown) {
    const role = formText(body, 'role', 40);
    const field = assignField(role);
    const typed = { role, [field]: formText(body, 'userId', 40) };
    await this.send(req, res, ref, 'assign', body, typed, () => {
      if (!ASSIGNABLE_FROM_PAGE.includes(role as never)) return parseEvent({ type: 'ASSIGN', role, userId: '' });
      if (!typed[field]) return formProblems([{ field, message: 'Choose a person.' }]);
      return { type: 'ASSIGN', role, userId: typed[field] };
    });
  }

  @Get('request-changes')
  @RequirePermission(Permission.WorkflowRequestChanges)
  async changesForm(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string) {
    await this.show(req, res, ref, 'request-changes', FRESH);
  }

  @Post('request-changes')
  @RequirePermission(Permission.WorkflowRequestChanges)
  async requestChanges(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Body() body: unknown,
  ) {
    const typed: Record<string, string> = { reason: typedText(body, 'reason', 5000) };
    for (const i of ROWS) {
      typed[`question-${i}`] = formText(body, `question-${i}`, 64);
      typed[`comment-${i}`] = typedText(body, `comment-${i}`, 10000);
    }
    const reason = typed.reason.trim();
    await this.send(req, res, ref, 'request-changes', body, typed, () => {
      const problems = reason ? [] : [{ field: 'reason', message: 'Say what the owner should change, and why.' }];
      const questions = ROWS.flatMap((i) => {
        const questionId = typed[`question-${i}`];
        const comment = typed[`comment-${i}`].trim();
        if (questionId && !comment)
          problems.push({ field: `comment-${i}`, message: 'Say what should change in this answer.' });
        if (!questionId && comment)
          problems.push({ field: `question-${i}`, message: 'Choose the question this comment is about.' });
        return questionId && comment ? [{ questionId, comment }] : [];
      });
      if (problems.length > 0) return formProblems(problems);
      return { type: 'REQUEST_CHANGES', reason, ...(questions.length ? { questions } : {}) };
    });
  }

  @Get('complete')
  @RequirePermission(Permission.WorkflowScreen)
  async completion(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string) {
    await this.show(req, res, ref, 'complete', FRESH);
  }

  @Post('complete')
  @RequirePermission(Permission.WorkflowScreen)
  async complete(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string, @Body() body: unknown) {
    await this.send(req, res, ref, 'complete', body, {}, () => ({ type: 'COMPLETE_RISK_ASSESSMENT' }));
  }

  @Get('legal')
  @RequirePermission(Permission.WorkflowLegalClear)
  async legalReview(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string) {
    await this.show(req, res, ref, 'legal', FRESH);
  }

  @Post('legal')
  @RequirePermission(Permission.WorkflowLegalClear)
  async clear(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string, @Body() body: unknown) {
    const typed = { findings: typedText(body, 'findings', 20000) };
    const findings = typed.findings.trim();
    await this.send(req, res, ref, 'legal', body, typed, () => ({
      type: 'LEGAL_CLEAR',
      ...(findings ? { findings } : {}),
    }));
  }

  /**
   * Sends the step's event through WorkflowService.apply and goes to the status page; a refusal shows the step's
   * page again with what was typed: a field's problem, a stale page (412), or a step no longer allowed (409).
   */
  private async send(
    req: PageRequest,
    res: Response,
    ref: string,
    step: Step,
    body: unknown,
    typed: Record<string, string>,
    eventOf: (id: string) => unknown,
  ) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const type = VIEW[step].event;
    try {
      const event = await eventOf(id);
      if (isProblems(event))
        return this.show(req, res, ref, step, { typed, problems: event, refused: null, status: 422 }, id);
      await this.workflow.apply(actor, id, await parseEvent(event), formVersion(body));
    } catch (error) {
      assertFormRefusal(error, [403, 404]);
      return this.show(req, res, ref, step, this.refusal(error, typed, step), id);
    }
    this.pages.redirect(res, `/pia/${encodeURIComponent(ref.toUpperCase())}?done=${type}`);
  }

  private refusal(error: AppException, typed: Record<string, string>, step: Step): Attempt {
    switch (error.code) {
      case CommonErrorCode.ValidationFailed:
      case CommentErrorCode.InvalidRequestedChange: {
        const field = step === 'assign' ? assignField(typed.role) : undefined;
        const problems = problemsOf(error, field ?? Object.keys(typed)[0] ?? 'refusal', (pointer) =>
          field && pointer === '/userId' ? field : questionField(pointer).replace(/^\//, ''),
        );
        return { typed, problems, refused: null, status: 422 };
      }
      case WorkflowErrorCode.StaleVersion:
        return {
          typed,
          problems: NO_PROBLEMS,
          refused:
            'Someone acted on this assessment after you opened this page, so nothing was done. The page now shows it as it stands: check it, then send again.',
          status: error.status,
        };
      case WorkflowErrorCode.RiskIncomplete:
        return {
          typed,
          problems: NO_PROBLEMS,
          refused: 'The risk assessment cannot be completed yet: some risks are not treated. Nothing was changed.',
          status: error.status,
        };
      case WorkflowErrorCode.NotAllowedNow:
        return {
          typed,
          problems: NO_PROBLEMS,
          refused: 'This cannot be done now, so nothing was changed.',
          status: error.status,
        };
      default:
        return { typed, problems: NO_PROBLEMS, refused: `${error.message} Nothing was changed.`, status: error.status };
    }
  }

  /** The step's page: the assessment, what the step needs to show, and its form when the step is allowed now. */
  private async show(req: PageRequest, res: Response, ref: string, step: Step, attempt: Attempt, known?: string) {
    const actor = req.user!;
    const id = known ?? (await this.assessments.idForRef(actor, ref));
    const heading = await this.steps.heading(actor, id);
    const { view, title, event } = VIEW[step];
    // In workflow v2's review stage changes are asked for as a named review, from that review's page.
    const allowed = heading.allowed.includes(event) && !(event === 'REQUEST_CHANGES' && heading.state === 'review');
    const model = {
      ...heading,
      allowedHere: allowed,
      notNow: allowed ? null : this.steps.notNow(heading, event),
      others: this.steps.links(heading).filter((link) => link.type !== event),
      typed: { outcome: '', reason: '', findings: '', ...attempt.typed },
      // What was typed but could not be sent stays on the page, even when the form is no longer offered.
      unsent: allowed ? null : (attempt.typed.reason ?? attempt.typed.findings ?? '').trim() || null,
      refused: attempt.refused,
      ...attempt.problems,
      ...(await this.details(actor, id, step, heading, attempt)),
    };
    await this.pages.render(req, res, view, title(heading.ref), model, attempt.status);
  }

  private async details(
    actor: Actor,
    id: string,
    step: Step,
    heading: Awaited<ReturnType<ReviewStepsService['heading']>>,
    attempt: Attempt,
  ) {
    switch (step) {
      case 'screening': {
        const screening = await this.steps.screening(actor, id, heading.screening, heading.base);
        const chosen = attempt.typed.outcome;
        const outcomes = (screening?.outcomes ?? []).map((o) => ({
          ...o,
          checked: chosen ? o.value === chosen : o.proposed,
        }));
        return { screening, outcomes };
      }
      case 'assign': {
        // A refused choice stays chosen.
        const roles = await this.steps.assignment(actor, id);
        for (const role of roles) {
          const typed = attempt.typed[role.field];
          if (typed) for (const choice of role.choices) choice.selected = choice.id === typed;
        }
        // Workflow v2 assigns a reviewer per named review; v1 legal counsel and the approver.
        return { roles, namedReviews: roles.some((r) => r.role === 'privacy_officer') };
      }
      case 'request-changes': {
        // Each row: a question to choose (as typed when refused) and the comment on it.
        const sections = heading.allowed.includes('REQUEST_CHANGES') ? await this.steps.questionChoices(actor, id) : [];
        const rows = ROWS.map((i) => ({
          number: i + 1,
          questionField: `question-${i}`,
          commentField: `comment-${i}`,
          comment: attempt.typed[`comment-${i}`] ?? '',
          questionError: attempt.problems.fieldErrors[`question-${i}`] ?? null,
          commentError: attempt.problems.fieldErrors[`comment-${i}`] ?? null,
          sections: sections.map((section) => ({
            ...section,
            questions: section.questions.map((q) => ({ ...q, selected: q.value === attempt.typed[`question-${i}`] })),
          })),
        }));
        return { rows };
      }
      case 'complete':
        return { completion: heading.state === 'risk_assessment' ? await this.steps.completion(actor, id) : null };
      case 'legal':
        return {
          legal:
            heading.state === 'legal_review' || heading.allowed.includes('LEGAL_CLEAR')
              ? await this.steps.legal(actor, id, heading.base)
              : null,
        };
      default:
        return {};
    }
  }
}

function isProblems(value: unknown): value is FormProblems {
  return typeof value === 'object' && value !== null && 'fieldErrors' in value;
}
