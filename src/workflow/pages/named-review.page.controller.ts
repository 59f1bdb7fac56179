import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AssessmentException } from '../../assessments/assessment.exception';
import { AssessmentsService } from '../../assessments/assessments.service';
import { RequirePermission } from '../../common/auth/access.decorators';
import { Permission } from '../../common/auth/permissions';
import type { AppException } from '../../common/errors/app.exception';
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
import { REVIEW_NAMES, type ReviewName, storedContextOf } from '../assessment-machine.types';
import { parseEvent } from '../dto/parse-event';
import { WorkflowErrorCode } from '../workflow.exception';
import { WorkflowService } from '../workflow.service';
import { ReviewStepsService } from './review-steps.service';
import { namedReviewsOf } from './status-view';

interface Attempt {
  typed: Record<string, string>;
  problems: FormProblems;
  refused: string | null;
  status: number;
}
const FRESH: Attempt = { typed: {}, problems: NO_PROBLEMS, refused: null, status: 200 };

const typedText = (body: unknown, name: string, maxLength: number) =>
  formText(body, name, maxLength).replace(/\r\n?/g, '\n');

/** A review named in the address; any other name is a page that does not exist. */
function reviewOf(name: string): ReviewName {
  if (!REVIEW_NAMES.includes(name as ReviewName)) throw AssessmentException.notFound();
  return name as ReviewName;
}

/**
 * Workflow v2's named review pages: /pia/:ref/review/:review shows one review (why it applies, where it stands) and,
 * to its reviewer while it is open, the forms to clear it with findings or to ask the owner for changes. Each form is
 * offered only when WorkflowService says the person may send that very event, and every POST goes through
 * WorkflowService.apply with the version the page was opened at.
 */
@WebPages()
@Controller('pia/:ref/review')
export class NamedReviewPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assessments: AssessmentsService,
    private readonly workflow: WorkflowService,
    private readonly steps: ReviewStepsService,
  ) {}

  @Get(':review')
  @RequirePermission(Permission.WorkflowReviewClear)
  async page(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string, @Param('review') name: string) {
    await this.show(req, res, ref, reviewOf(name), FRESH);
  }

  @Post(':review')
  @RequirePermission(Permission.WorkflowReviewClear)
  async clear(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('review') name: string,
    @Body() body: unknown,
  ) {
    const review = reviewOf(name);
    const typed = { findings: typedText(body, 'findings', 20000) };
    const findings = typed.findings.trim();
    await this.send(req, res, ref, review, body, typed, {
      type: 'CLEAR_REVIEW',
      review,
      ...(findings ? { findings } : {}),
    });
  }

  @Post(':review/changes')
  @RequirePermission(Permission.WorkflowRequestChanges)
  async askChanges(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('review') name: string,
    @Body() body: unknown,
  ) {
    const review = reviewOf(name);
    const typed = { reason: typedText(body, 'reason', 5000) };
    const reason = typed.reason.trim();
    if (!reason)
      return this.show(req, res, ref, review, {
        typed,
        problems: formProblems([{ field: 'reason', message: 'Say what the owner should change, and why.' }]),
        refused: null,
        status: 422,
      });
    await this.send(req, res, ref, review, body, typed, { type: 'REQUEST_CHANGES', review, reason });
  }

  private async send(
    req: PageRequest,
    res: Response,
    ref: string,
    review: ReviewName,
    body: unknown,
    typed: Record<string, string>,
    event: { type: 'CLEAR_REVIEW' | 'REQUEST_CHANGES' } & Record<string, unknown>,
  ) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    try {
      await this.workflow.apply(actor, id, await parseEvent(event), formVersion(body));
    } catch (error) {
      assertFormRefusal(error, [403, 404]);
      return this.show(req, res, ref, review, refusal(error, typed), id);
    }
    this.pages.redirect(res, `/pia/${encodeURIComponent(ref.toUpperCase())}?done=${event.type}`);
  }

  private async show(
    req: PageRequest,
    res: Response,
    ref: string,
    review: ReviewName,
    attempt: Attempt,
    known?: string,
  ) {
    const actor = req.user!;
    const id = known ?? (await this.assessments.idForRef(actor, ref));
    const heading = await this.steps.heading(actor, id);
    const row = await this.assessments.visible(actor, id);
    const reviews = storedContextOf(row.snapshot).reviews;
    const people = await this.assessments.people(
      Object.values(reviews ?? {}).flatMap((r) => (r.clearedBy ? [r.clearedBy] : [])),
    );
    const names = new Map([...people].map(([personId, person]) => [personId, person.displayName]));
    const shown = namedReviewsOf(reviews, names)?.find((r) => r.review === review) ?? null;
    const [mayClear, mayAsk] = await Promise.all([
      this.workflow.may(actor, id, { type: 'CLEAR_REVIEW', review }),
      this.workflow.may(actor, id, { type: 'REQUEST_CHANGES', review, reason: 'asking' }),
    ]);
    const label = `${review.charAt(0).toUpperCase()}${review.slice(1)} review`;
    const model = {
      ...heading,
      review: { name: review, label, shown },
      mayClear,
      mayAsk,
      notNow: mayClear || mayAsk ? null : this.steps.notNow(heading, 'CLEAR_REVIEW'),
      others: this.steps.links(heading).filter((link) => link.type !== 'REQUEST_CHANGES'),
      typed: { findings: '', reason: '', ...attempt.typed },
      unsent: mayClear || mayAsk ? null : (attempt.typed.reason ?? attempt.typed.findings ?? '').trim() || null,
      refused: attempt.refused,
      ...attempt.problems,
    };
    await this.pages.render(req, res, 'review/named-review', `${label} of ${heading.ref}`, model, attempt.status);
  }
}

function refusal(error: AppException, typed: Record<string, string>): Attempt {
  const refused =
    error.code === WorkflowErrorCode.StaleVersion
      ? 'Someone acted on this assessment after you opened this page, so nothing was done. The page now shows it as it stands: check it, then send again.'
      : error.code === WorkflowErrorCode.NotAllowedNow
        ? 'This cannot be done now, so nothing was changed.'
        : `${error.message} Nothing was changed.`;
  return { typed, problems: NO_PROBLEMS, refused, status: error.status };
}
