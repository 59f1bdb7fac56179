import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AssessmentsService } from '../../../assessments/assessments.service';
import { RequirePermission } from '../../../common/auth/access.decorators';
import type { Actor } from '../../../common/auth/actor';
import { Permission } from '../../../common/auth/permissions';
import { AppException } from '../../../common/errors/app.exception';
import { ACTION_ITEM_STATUS_LABELS } from '../../../common/labels';
import { validateBody } from '../../../common/validation/validation';
import { formProblems, formText, type FormProblems, NO_PROBLEMS, assertFormRefusal, isUuid } from '../../../web/forms';
import { PageRenderer } from '../../../web/page-renderer.service';
import type { PageRequest } from '../../../web/page-request';
import { WebPages } from '../../../web/web-pages.decorator';
import { UpdateActionItemDto } from '../action-item.dto';
import { ActionItemErrorCode, ActionItemException } from '../action-item.exception';
import { ActionItemsService } from '../action-items.service';

/** The service's refusal, pinned to the item's evidence field: its details name that field ("is required ..."). */
function evidenceProblems(error: AppException, field: string): FormProblems {
  const messages = error.errors?.length ? error.errors.map((e) => `Evidence ${e.detail}.`) : [error.message];
  return formProblems(messages.map((message) => ({ field, message })));
}

/** The evidence being typed for one item, kept when the service refuses it. */
interface Typed {
  itemId: string;
  evidence: string;
}

/**
 * The conditions of an approval, as action items: each with its due date and status, and for an open one
 * a form to close it with evidence. ActionItemsService decides who may close what and that evidence is needed.
 */
@WebPages()
@Controller('pia/:ref/conditions')
export class ConditionsPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assessments: AssessmentsService,
    private readonly items: ActionItemsService,
  ) {}

  @Get()
  @RequirePermission(Permission.AssessmentsRead)
  async show(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Query('closed') closed?: unknown,
  ) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    await this.render(req, res, actor, id, { closed: closed === '1', typed: null }, NO_PROBLEMS);
  }

  @Post(':itemId')
  @RequirePermission(Permission.ActionItemsUpdate)
  async close(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('itemId') itemId: string,
    @Body() body: unknown,
  ) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    if (!isUuid(itemId))
      throw new ActionItemException(ActionItemErrorCode.NotFound, 'No such action item on this assessment.');
    const typed = formText(body, 'evidence');
    const evidence = typed.trim();
    try {
      // The API's own checks of the body; an empty field is no evidence, which the service refuses by name.
      const input = await validateBody(UpdateActionItemDto, { status: 'done', ...(evidence ? { evidence } : {}) });
      await this.items.update(actor, id, itemId, input);
    } catch (error) {
      assertFormRefusal(error, [403, 404]);
      const problems = evidenceProblems(error, `evidence-${itemId}`);
      return this.render(
        req,
        res,
        actor,
        id,
        { closed: false, typed: { itemId, evidence: typed } },
        problems,
        error.status,
      );
    }
    this.pages.redirect(res, `/pia/${encodeURIComponent(ref.toUpperCase())}/conditions?closed=1`);
  }

  private async render(
    req: PageRequest,
    res: Response,
    actor: Actor,
    id: string,
    form: { closed: boolean; typed: Typed | null },
    problems: FormProblems,
    status = 200,
  ) {
    const [assessment, items] = await Promise.all([this.assessments.get(actor, id), this.items.list(actor, id)]);
    const people = await this.assessments.people(
      items.flatMap((item) => [item.ownerId, item.closedBy].filter((p): p is string => !!p)),
    );
    const base = `/pia/${encodeURIComponent(assessment.ref)}`;
    const canClose = this.items.canUpdate(actor, { ownerId: assessment.owner.id });
    const model = {
      ref: assessment.ref,
      title: assessment.title,
      base,
      closed: form.closed,
      allDone: items.length > 0 && items.every((item) => item.status === 'done'),
      items: items.map((item) => ({
        id: item.id,
        fieldId: `evidence-${item.id}`,
        text: item.text,
        dueDate: item.dueDate,
        status: ACTION_ITEM_STATUS_LABELS[item.status],
        open: item.status === 'open',
        closable: item.status === 'open' && canClose,
        responsible: item.ownerId ? (people.get(item.ownerId)?.displayName ?? null) : null,
        evidence: item.evidence,
        closedBy: item.closedBy ? (people.get(item.closedBy)?.displayName ?? null) : null,
        closedAt: item.closedAt ? new Date(item.closedAt).toISOString() : null,
        typed: form.typed?.itemId === item.id ? form.typed.evidence : '',
        error: problems.fieldErrors[`evidence-${item.id}`] ?? null,
      })),
      ...problems,
    };
    await this.pages.render(
      req,
      res,
      'reviews/action-items/conditions',
      `Conditions: ${assessment.ref}`,
      model,
      status,
    );
  }
}
