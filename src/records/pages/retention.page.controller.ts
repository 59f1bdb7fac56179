import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { AppException, CommonErrorCode, ValidationException } from '../../common/errors/app.exception';
import { IdParam } from '../../common/validation/id.param';
import { validateBody } from '../../common/validation/validation';
import {
  assertFormRefusal,
  type FormError,
  formProblems,
  type FormProblems,
  formText,
  NO_PROBLEMS,
  problemsOf,
} from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { RetentionReasonDto } from '../retention/retention.dto';
import { RetentionService } from '../retention/retention.service';
import { pageNumber, pagingOf } from './decision-list';
import { confirmationMatches, DONE_NOTICES, retentionView } from './retention-view';

const PAGE_SIZE = 25;

/** What was typed into a retention form, kept when it is refused. */
interface Typed {
  reason: string;
  confirm: string;
}

/**
 * Retention from the records pages: what is due for disposition, what is under a legal hold, and for one decision
 * its hold (placed and released with a reason) and its disposition behind a confirmation that names what is
 * destroyed. RetentionService decides every act, as it does for the API.
 */
@WebPages()
@Controller('records/retention')
export class RetentionPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly retention: RetentionService,
  ) {}

  @Get()
  @RequirePermission(Permission.RecordsManage)
  async overview(@Req() req: PageRequest, @Res() res: Response, @Query() query: unknown) {
    const actor = req.user!;
    const page = pageNumber(query);
    const [due, held] = await Promise.all([
      this.retention.dueForDisposition(actor, { page, pageSize: PAGE_SIZE }),
      this.retention.underHold(actor, { page: 1, pageSize: 100 }),
    ]);
    const paging = pagingOf(due.total, page, PAGE_SIZE);
    await this.pages.render(req, res, 'records/retention', 'Retention', {
      manages: true,
      due: due.items.map((d) => ({
        ...d,
        decidedAt: d.decidedAt instanceof Date ? d.decidedAt.toISOString() : String(d.decidedAt),
      })),
      held: held.items.map((h) => ({ ...h, legalHoldSince: h.legalHoldSince.toISOString() })),
      heldTotal: held.total,
      heldMore: held.total > held.items.length,
      paging: {
        ...paging,
        previousHref: paging.previous ? `/records/retention?page=${paging.previous}` : null,
        nextHref: paging.next ? `/records/retention?page=${paging.next}` : null,
      },
    });
  }

  @Get(':id')
  @RequirePermission(Permission.RecordsManage)
  async show(@Req() req: PageRequest, @Res() res: Response, @Param() { id }: IdParam, @Query('done') done?: unknown) {
    const notice = typeof done === 'string' && Object.hasOwn(DONE_NOTICES, done) ? DONE_NOTICES[done] : null;
    await this.showDecision(req, res, req.user!, id, { reason: '', confirm: '' }, NO_PROBLEMS, 200, notice);
  }

  @Post(':id/hold')
  @RequirePermission(Permission.RecordsManage)
  hold(@Req() req: PageRequest, @Res() res: Response, @Param() { id }: IdParam, @Body() body: unknown) {
    return this.holdAct(req, res, id, body, 'held');
  }

  @Post(':id/release')
  @RequirePermission(Permission.RecordsManage)
  release(@Req() req: PageRequest, @Res() res: Response, @Param() { id }: IdParam, @Body() body: unknown) {
    return this.holdAct(req, res, id, body, 'released');
  }

  @Get(':id/dispose')
  @RequirePermission(Permission.RecordsManage)
  async confirmDisposal(@Req() req: PageRequest, @Res() res: Response, @Param() { id }: IdParam) {
    await this.showDisposal(req, res, req.user!, id, { reason: '', confirm: '' }, NO_PROBLEMS);
  }

  /** Destroys the documents once the ref is typed back and a reason given; a wrong ref changes nothing. */
  @Post(':id/dispose')
  @RequirePermission(Permission.RecordsManage)
  async dispose(@Req() req: PageRequest, @Res() res: Response, @Param() { id }: IdParam, @Body() body: unknown) {
    const actor = req.user!;
    const typed = { reason: formText(body, 'reason'), confirm: formText(body, 'confirm', 200) };
    const decision = await this.retention.retentionOf(actor, id);
    const errors: FormError[] = [];
    if (!confirmationMatches(typed.confirm, decision.ref))
      errors.push({
        field: 'confirm',
        message: typed.confirm.trim()
          ? `That is not this decision's reference: type ${decision.ref} to confirm.`
          : `Type ${decision.ref} to confirm.`,
      });
    try {
      const { reason } = await this.reasonOf(typed.reason, 'Say why the documents are destroyed.');
      if (errors.length) return this.showDisposal(req, res, actor, id, typed, formProblems(errors), 422);
      await this.retention.dispose(actor, id, reason);
    } catch (error) {
      assertFormRefusal(error, [403, 404]);
      const problems = formProblems([...problemsOf(error, 'reason').errors, ...errors]);
      return this.showDisposal(req, res, actor, id, typed, problems, statusOf(error));
    }
    this.pages.redirect(res, `/records/retention/${id}?done=disposed`);
  }

  private async holdAct(req: PageRequest, res: Response, id: string, body: unknown, act: 'held' | 'released') {
    const actor = req.user!;
    const typed = { reason: formText(body, 'reason'), confirm: '' };
    try {
      const missing = act === 'held' ? 'Say why the decision is held.' : 'Say why the hold is released.';
      const { reason } = await this.reasonOf(typed.reason, missing);
      if (act === 'held') await this.retention.placeHold(actor, id, reason);
      else await this.retention.releaseHold(actor, id, reason);
    } catch (error) {
      assertFormRefusal(error, [403, 404]);
      return this.showDecision(req, res, actor, id, typed, problemsOf(error, 'reason'), statusOf(error), null);
    }
    this.pages.redirect(res, `/records/retention/${id}?done=${act}`);
  }

  /** The API's check of a reason (RetentionReasonDto), with the page's own words for an empty one. */
  private reasonOf(typed: string, missing: string): Promise<RetentionReasonDto> {
    const reason = typed.trim();
    if (!reason) return Promise.reject(new ValidationException([{ pointer: '/reason', detail: missing }]));
    return validateBody(RetentionReasonDto, { reason });
  }

  private async showDecision(
    req: PageRequest,
    res: Response,
    actor: Actor,
    id: string,
    typed: Typed,
    problems: FormProblems,
    status: number,
    notice: string | null,
  ) {
    const decision = retentionView(await this.retention.retentionOf(actor, id));
    await this.pages.render(
      req,
      res,
      'records/retention-decision',
      `Retention of ${decision.ref}`,
      { manages: true, decision, typed, notice, ...problems },
      status,
    );
  }

  private async showDisposal(
    req: PageRequest,
    res: Response,
    actor: Actor,
    id: string,
    typed: Typed,
    problems: FormProblems,
    status = 200,
  ) {
    const decision = retentionView(await this.retention.retentionOf(actor, id));
    await this.pages.render(
      req,
      res,
      'records/dispose',
      `Dispose of ${decision.ref}`,
      { manages: true, decision, typed, ...problems },
      status,
    );
  }
}

/** A form that is refused for what was typed answers 422; the service's other refusals keep their status (409). */
function statusOf(error: AppException): number {
  return error.code === CommonErrorCode.ValidationFailed ? 422 : error.status;
}
