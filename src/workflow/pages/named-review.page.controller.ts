import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AssessmentsService } from '../../assessments/assessments.service';
import { RequirePermission } from '../../common/auth/access.decorators';
import { Permission } from '../../common/auth/permissions';
import { AppException, CommonErrorCode } from '../../common/errors/app.exception';
import {
  assertFormRefusal,
  type FormProblems,
  formProblems,
  formText,
  formVersion,
  NO_PROBLEMS,
} from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { type ReviewName, storedContextOf } from '../assessment-machine.types';
import { parseEvent } from '../dto/parse-event';
import { WorkflowHistoryService } from '../workflow-history.service';
import { WorkflowErrorCode } from '../workflow.exception';
import { WorkflowService } from '../workflow.service';
import { isReviewName, namedReviewView, regionsOf, reviewHref } from './named-review-view';
import { ReviewStepsService } from './review-steps.service';
import type { ChainEvent } from './status-view';

type Action = 'clear' | 'request-changes';

/** What a refused form gets back: the fields as typed, the problems, and a refusal of the whole step if any. */
interface Attempt {
  action: Action | null;
  typed: { findings: string; reason: string };
  problems: FormProblems;
  refused: string | null;
  status: number;
}

const FRESH: Attempt = {
  action: null,
  typed: { findings: '', reason: '' },
  problems: NO_PROBLEMS,
  refused: null,
  status: 200,
};

/** A textarea's text as typed; browsers send its line breaks as CRLF. */
const typedText = (body: unknown, name: string, maxLength: number) =>
  formText(body, name, maxLength).replace(/\r\n?/g, '\n');

/**
 * Workflow v2's named reviews, one page each (privacy, legal, security, equity): why the review applies, its
 * assignee, where it stands, the other reviews at a glance, and, when the workflow would take that very event from this
 * person, the forms to clear it with findings or to ask the owner for changes for it. Every POST goes through
 * WorkflowService.apply with the version the page was opened at; a refusal shows the page again with what was typed.
 */
@WebPages()
@Controller('pia/:ref/reviews/:review')
export class NamedReviewPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assessments: AssessmentsService,
    private readonly workflow: WorkflowService,
    private readonly history: WorkflowHistoryService,
    private readonly steps: ReviewStepsService,
  ) {}

  @Get()
  @RequirePermission(Permission.AssessmentsRead)
  async page(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('review') review: string,
  ) {
    await this.show(req, res, ref, reviewNamed(review), FRESH);
  }

  @Post('clear')
  @RequirePermission(Permission.WorkflowReviewClear)
  async clear(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('review') review: string,
    @Body() body: unknown,
  ) {
    const name = reviewNamed(review);
    const typed = { findings: typedText(body, 'findings', 20000), reason: '' };
    const findings = typed.findings.trim();
    await this.send(req, res, ref, name, body, { ...FRESH, action: 'clear', typed }, () => ({
      type: 'CLEAR_REVIEW',
      review: name,
      ...(findings ? { findings } : {}),
    }));
  }

  @Post('request-changes')
  @RequirePermission(Permission.WorkflowRequestChanges)
  async requestChanges(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('review') review: string,
    @Body() body: unknown,
  ) {
    const name = reviewNamed(review);
    const typed = { findings: '', reason: typedText(body, 'reason', 5000) };
    const reason = typed.reason.trim();
    await this.send(req, res, ref, name, body, { ...FRESH, action: 'request-changes', typed }, () =>
      reason
        ? { type: 'REQUEST_CHANGES', review: name, reason }
        : formProblems([{ field: 'reason', message: 'Say what the owner should change, and why.' }]),
    );
  }

  /** Sends the event and goes to the status page; a refusal shows this page again with what was typed. */
  private async send(
    req: PageRequest,
    res: Response,
    ref: string,
    name: ReviewName,
    body: unknown,
    attempt: Attempt,
    eventOf: () => unknown,
  ) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const event = eventOf();
    if (isProblems(event)) return this.show(req, res, ref, name, { ...attempt, problems: event, status: 422 }, id);
    try {
      await this.workflow.apply(actor, id, await parseEvent(event), formVersion(body));
    } catch (error) {
      assertFormRefusal(error, [403, 404]);
      return this.show(req, res, ref, name, { ...attempt, ...refusalOf(error) }, id);
    }
    const type = attempt.action === 'clear' ? 'CLEAR_REVIEW' : 'REQUEST_CHANGES';
    this.pages.redirect(res, `/pia/${encodeURIComponent(ref.toUpperCase())}?done=${type}`);
  }

  private async show(req: PageRequest, res: Response, ref: string, name: ReviewName, attempt: Attempt, known?: string) {
    const actor = req.user!;
    const id = known ?? (await this.assessments.idForRef(actor, ref));
    const row = await this.assessments.visible(actor, id);
    if (row.machineVersion === 'v1')
      throw new AppException(CommonErrorCode.NotFound, `${row.ref} runs on workflow v1: it has no named reviews.`);
    const [heading, events] = await Promise.all([
      this.steps.heading(actor, id),
      this.history.history(actor, id) as Promise<ChainEvent[]>,
    ]);
    const context = storedContextOf(row.snapshot);
    const regions = regionsOf(row.snapshot);
    const named = Object.values(context.reviews ?? {}).flatMap((r) => (r.clearedBy ? [r.clearedBy] : []));
    const people = await this.assessments.people([...named, ...Object.values(context.assignees ?? {})]);
    const names = new Map([...people].map(([personId, person]) => [personId, person.displayName]));
    const review = namedReviewView({ name, base: heading.base, context, events, names });
    // The forms are offered when the machine would take that very event from this person now (WorkflowService.may).
    const [mayClear, mayAsk] =
      regions[name] === 'open'
        ? await Promise.all([
            this.workflow.may(actor, id, { type: 'CLEAR_REVIEW', review: name }),
            this.workflow.may(actor, id, { type: 'REQUEST_CHANGES', review: name, reason: 'asking' }),
          ])
        : [false, false];
    // What was typed but could not be sent stays on the page, even when its form is no longer offered.
    const typedHere = attempt.action === 'clear' ? attempt.typed.findings : attempt.typed.reason;
    const offered = attempt.action === 'clear' ? mayClear : mayAsk;
    await this.pages.render(
      req,
      res,
      'review/named-review',
      `${review.title} of ${heading.ref}`,
      {
        ...heading,
        review,
        action: reviewHref(heading.base, name),
        mayClear,
        mayAsk,
        notYours: !mayClear && !mayAsk && regions[name] === 'open' ? notYours(heading.own, review.roleNoun) : null,
        others: this.steps.links(heading).filter((link) => link.href !== reviewHref(heading.base, name)),
        typed: attempt.typed,
        unsent: attempt.action && !offered ? typedHere.trim() || null : null,
        refused: attempt.refused,
        ...attempt.problems,
      },
      attempt.status,
    );
  }
}

/** The review the address names; any other word is no page (404), never a 500. */
function reviewNamed(review: string): ReviewName {
  if (!isReviewName(review)) throw new AppException(CommonErrorCode.NotFound, 'No such review.');
  return review;
}

function notYours(own: boolean, roleNoun: string) {
  return own
    ? 'You own this assessment, so you cannot review it.'
    : `This review is open, and it is not yours to give: its reviewer is a ${roleNoun} who is assigned to it (or any, while none is) and cleared no other review of this cycle.`;
}

/** A refusal in words: a stale page (412), a step no longer allowed (409), or a field's problem (422). */
function refusalOf(error: AppException): Pick<Attempt, 'problems' | 'refused' | 'status'> {
  switch (error.code) {
    case WorkflowErrorCode.StaleVersion:
      return {
        problems: NO_PROBLEMS,
        refused:
          'Someone acted on this assessment after you opened this page, so nothing was done. The page now shows it as it stands: check it, then send again.',
        status: error.status,
      };
    case WorkflowErrorCode.NotAllowedNow:
      return {
        problems: NO_PROBLEMS,
        refused: 'This cannot be done now, so nothing was changed.',
        status: error.status,
      };
    default:
      return { problems: NO_PROBLEMS, refused: `${error.message} Nothing was changed.`, status: error.status };
  }
}

function isProblems(value: unknown): value is FormProblems {
  return typeof value === 'object' && value !== null && 'fieldErrors' in value;
}
