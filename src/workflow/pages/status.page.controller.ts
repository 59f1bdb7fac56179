import { Body, Controller, Get, Next, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { AssessmentsService } from '../../assessments/assessments.service';
import { RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { AppException, CommonErrorCode } from '../../common/errors/app.exception';
import { formText, NO_PROBLEMS, type FormProblems, problemsOf, assertFormRefusal, formVersion } from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { parseEvent } from '../dto/parse-event';
import { WorkflowService } from '../workflow.service';
import { refusal } from './refusal';
import { StatusPageService } from './status-page.service';

/** A ref as the engine numbers them; any other segment after /pia/ (such as "new") belongs to another page. */
const REF_SHAPE = /^PIA-\d{4}-\d{4,}$/i;

/** What the status page says after an event this site sent was applied (?done=TYPE). */
const DONE: Record<string, string> = {
  SUBMIT: 'Submitted for review. The privacy office screens it next; you will be told of each step.',
  RESUBMIT: 'Resubmitted with your changes. The privacy office reviews it again.',
  WITHDRAW: 'Withdrawn. It stays on record with its history, and can no longer be reviewed.',
  REASSESS: 'Reopened for reassessment: update the answers, then submit it again.',
  CONFIRM_SCREENING:
    'Screening confirmed and its outcome recorded: a full assessment goes on to risk assessment; otherwise it is closed.',
  ASSIGN: 'Reviewer assigned. They are notified that the assessment is theirs to review.',
  COMPLETE_RISK_ASSESSMENT:
    'Risk assessment completed. The stage on this page says whether legal review or the approver is next.',
  REQUEST_CHANGES: 'Sent back to the owner with your reasons. It returns to review when they resubmit.',
  LEGAL_CLEAR: 'Legal review cleared, with your findings on record. It goes to the approver next.',
  CLEAR_REVIEW: 'Review cleared. The approver decides once every review that applies is cleared.',
  APPROVE: 'Approved and signed. The signed decision document is being produced.',
  REJECT: 'Rejected and signed. The signed decision document is being produced.',
};

/**
 * Following an assessment: its status page, the events its owner sends from it (resubmit, reassess) and the
 * withdrawal with its confirmation. Every change goes through WorkflowService.apply, which decides.
 */
@WebPages()
@Controller('pia/:ref')
export class StatusPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assessments: AssessmentsService,
    private readonly workflow: WorkflowService,
    private readonly status: StatusPageService,
  ) {}

  @Get()
  @RequirePermission(Permission.AssessmentsRead)
  async show(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Next() next: NextFunction,
    @Param('ref') ref: string,
    @Query('done') done?: unknown,
  ) {
    if (!REF_SHAPE.test(ref)) {
      req.webPage = false; // not this page after all: the next route, or the router's own 404
      return next();
    }
    const actor = req.user!;
    const model = await this.status.model(actor, await this.assessments.idForRef(actor, ref));
    const notice = typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : null;
    await this.pages.render(req, res, 'workflow/status', `${model.assessment.ref}: ${model.assessment.title}`, {
      ...model,
      notice,
    });
  }

  /** A button of the status page: the event's type in a hidden field; the service says whether it may happen. */
  @Post('events')
  @RequirePermission(Permission.AssessmentsRead) // each event's own permission is checked by WorkflowService
  async send(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string, @Body() body: unknown) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const type = formText(body, 'type', 40);
    try {
      await this.workflow.apply(actor, id, await parseEvent({ type }), formVersion(body));
    } catch (error) {
      return this.refuse(req, res, actor, id, error, type);
    }
    this.pages.redirect(res, `/pia/${encodeURIComponent(ref.toUpperCase())}?done=${type}`);
  }

  @Get('withdraw')
  @RequirePermission(Permission.AssessmentsEdit)
  async confirmWithdrawal(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const { state, version, allowedEvents } = await this.workflow.allowedEvents(actor, id);
    if (!allowedEvents.includes('WITHDRAW')) {
      const { model, status } = await refusal(this.assessments, actor, id, 'WITHDRAW', { state, allowedEvents });
      return this.pages.render(req, res, 'workflow/refused', model.heading, model, status);
    }
    await this.showWithdrawal(req, res, actor, id, { reason: '', version }, NO_PROBLEMS);
  }

  @Post('withdraw')
  @RequirePermission(Permission.AssessmentsEdit)
  async withdraw(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string, @Body() body: unknown) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const reason = formText(body, 'reason').trim();
    const version = formVersion(body);
    try {
      const event = await parseEvent({ type: 'WITHDRAW', ...(reason ? { reason } : {}) });
      await this.workflow.apply(actor, id, event, version);
    } catch (error) {
      if (error instanceof AppException && error.code === CommonErrorCode.ValidationFailed) {
        return this.showWithdrawal(req, res, actor, id, { reason, version }, problemsOf(error, 'reason'), 422);
      }
      return this.refuse(req, res, actor, id, error, 'WITHDRAW');
    }
    this.pages.redirect(res, `/pia/${encodeURIComponent(ref.toUpperCase())}?done=WITHDRAW`);
  }

  private async showWithdrawal(
    req: PageRequest,
    res: Response,
    actor: Actor,
    id: string,
    form: { reason: string; version: number | undefined },
    problems: FormProblems,
    status = 200,
  ) {
    const { ref, title } = await this.assessments.get(actor, id);
    const model = { ref, title, base: `/pia/${encodeURIComponent(ref)}`, ...form, ...problems };
    await this.pages.render(req, res, 'workflow/withdraw', `Withdraw ${ref}`, model, status);
  }

  /** The service's refusal as a page that says why in words and what can be done instead; anything else is thrown. */
  private async refuse(req: PageRequest, res: Response, actor: Actor, id: string, error: unknown, type: string) {
    assertFormRefusal(error, [403, 404]);
    const { model, status } = await refusal(this.assessments, actor, id, type, error);
    await this.pages.render(req, res, 'workflow/refused', model.heading, model, status);
  }
}
