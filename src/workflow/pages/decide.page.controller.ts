import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AssessmentsService } from '../../assessments/assessments.service';
import { RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { AppException, CommonErrorCode } from '../../common/errors/app.exception';
import { IdentityErrorCode } from '../../identity/identity.exception';
import { assertFormRefusal, formProblems, formText, NO_PROBLEMS, type FormProblems } from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { parseEvent } from '../dto/parse-event';
import { WorkflowErrorCode } from '../workflow.exception';
import { WorkflowService } from '../workflow.service';
import { DecidePageService } from './decide-page.service';
import {
  type Choice,
  type DecisionForm,
  decisionProblems,
  emptyForm,
  eventOfForm,
  MAX_CONDITION_ROWS,
  readDecisionForm,
  rowField,
  unsentOf,
  withAnotherRow,
} from './decide-view';
import { refusal } from './refusal';
import { stageLabel } from './status-view';

const CHOICE_WORDS: Record<Choice, { outcome: string; button: string }> = {
  approve: { outcome: 'Approve', button: 'Sign and approve' },
  conditions: { outcome: 'Approve with conditions', button: 'Sign and approve with conditions' },
  reject: { outcome: 'Reject', button: 'Sign and reject' },
};

/**
 * The approver's decision: a summary of the whole assessment, the choice (approve, approve with conditions,
 * reject) and then the signing ceremony, which states what the signature means and asks for the password again.
 * Only an approver whose stage it is gets the forms; WorkflowService.apply decides and checks the password.
 */
@WebPages()
@Controller('pia/:ref/decide')
export class DecidePageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assessments: AssessmentsService,
    private readonly workflow: WorkflowService,
    private readonly decide: DecidePageService,
  ) {}

  @Get()
  @RequirePermission(Permission.WorkflowDecide)
  async show(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const standing = await this.decide.standing(actor, id);
    if (!standing.mayDecide) return this.notYours(req, res, actor, id, standing);
    await this.showForm(req, res, actor, id, emptyForm(standing.version), NO_PROBLEMS);
  }

  /** The form's own buttons: another condition row, back from the ceremony, or on to the ceremony. */
  @Post()
  @RequirePermission(Permission.WorkflowDecide)
  async review(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string, @Body() body: unknown) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const standing = await this.decide.standing(actor, id);
    const form = readDecisionForm(body);
    if (!standing.mayDecide) return this.notYours(req, res, actor, id, standing, form);
    const action = formText(body, 'action', 20);
    if (action === 'add') {
      const more = withAnotherRow(form);
      return this.showForm(req, res, actor, id, more, NO_PROBLEMS, 200, { focusRow: more.rows.length - 1 });
    }
    if (action !== 'review') return this.showForm(req, res, actor, id, form, NO_PROBLEMS);
    const checked = await this.check(actor, id, form);
    if (checked.problems.errors.length) return this.showForm(req, res, actor, id, form, checked.problems, 422);
    await this.showCeremony(req, res, actor, id, form, NO_PROBLEMS);
  }

  /** The signature: the password again, then WorkflowService.apply, exactly as the API's APPROVE and REJECT. */
  @Post('sign')
  @RequirePermission(Permission.WorkflowDecide)
  async sign(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string, @Body() body: unknown) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const standing = await this.decide.standing(actor, id);
    const form = readDecisionForm(body);
    if (!standing.mayDecide) return this.notYours(req, res, actor, id, standing, form);
    const checked = await this.check(actor, id, form);
    if (checked.problems.errors.length) return this.showForm(req, res, actor, id, form, checked.problems, 422);
    const { event, rowOf } = checked;
    try {
      const signed = await parseEvent({ ...event, password: formText(body, 'password', 1024) });
      await this.workflow.apply(actor, id, signed, form.version);
    } catch (error) {
      assertFormRefusal(error, [404]);
      switch (error.code) {
        case IdentityErrorCode.LockedOut: // told beside the password, as a wrong password is
        case IdentityErrorCode.ReauthenticationFailed:
          if (error.code === IdentityErrorCode.LockedOut)
            res.setHeader('Retry-After', String(error.extensions.retryAfter));
          return this.showCeremony(
            req,
            res,
            actor,
            id,
            form,
            this.passwordProblem(`${error.message} Nothing was signed.`),
            error.status,
          );
        case CommonErrorCode.ValidationFailed:
          if (error.errors?.every((e) => e.pointer === '/password'))
            return this.showCeremony(
              req,
              res,
              actor,
              id,
              form,
              this.passwordProblem('Enter your password to sign.'),
              422,
            );
          return this.showForm(req, res, actor, id, form, decisionProblems(error.errors, error.message, rowOf), 422);
        case WorkflowErrorCode.InvalidConditionOwner:
          return this.showForm(req, res, actor, id, form, decisionProblems(error.errors, error.message, rowOf), 422);
        case WorkflowErrorCode.StaleVersion: {
          // Changed since the page was opened: the form again as typed, at the version it now stands, if still theirs.
          const now = await this.decide.standing(actor, id);
          if (!now.mayDecide) return this.notYours(req, res, actor, id, now, form);
          const fresh = { ...form, version: now.version };
          return this.showForm(req, res, actor, id, fresh, NO_PROBLEMS, error.status, { changed: true });
        }
        default: {
          const { model, status } = await refusal(this.assessments, actor, id, event.type, error);
          const unsent = await this.unsent(actor, id, form);
          return this.pages.render(req, res, 'workflow/refused', model.heading, { ...model, unsent }, status);
        }
      }
    }
    this.pages.redirect(res, `/pia/${encodeURIComponent(ref.toUpperCase())}?done=${event.type}`);
  }

  /** The page's own checks, then the API's payload checks (with a stand-in password: the real one is asked later). */
  private async check(actor: Actor, id: string, form: DecisionForm) {
    const owners = new Set((await this.decide.owners(actor, id)).map((o) => o.id));
    const checked = eventOfForm(form, owners);
    if (checked.problems.errors.length) return checked;
    try {
      await parseEvent({ ...checked.event, password: 'checked-when-signing' });
    } catch (error) {
      if (!(error instanceof AppException) || error.code !== CommonErrorCode.ValidationFailed) throw error;
      return { ...checked, problems: decisionProblems(error.errors, error.message, checked.rowOf) };
    }
    return checked;
  }

  private passwordProblem(message: string): FormProblems {
    return formProblems([{ field: 'password', message }]);
  }

  /** What was typed but not signed, for a refusal to keep in view: the decision's words, reasons and conditions. */
  private async unsent(actor: Actor, id: string, form: DecisionForm) {
    const owners = new Map((await this.decide.owners(actor, id)).map((o) => [o.id, o.name]));
    const typed = unsentOf(form, owners);
    return typed && { ...typed, choice: form.choice ? CHOICE_WORDS[form.choice].outcome : null };
  }

  private async showForm(
    req: PageRequest,
    res: Response,
    actor: Actor,
    id: string,
    form: DecisionForm,
    problems: FormProblems,
    status = 200,
    { focusRow, changed = false }: { focusRow?: number; changed?: boolean } = {},
  ) {
    const [summary, owners] = await Promise.all([this.decide.summary(actor, id), this.decide.owners(actor, id)]);
    const model = {
      ...summary,
      form: {
        ...form,
        rows: form.rows.map((row, i) => ({
          ...row,
          n: i + 1,
          ids: { text: rowField(i, 'text'), owner: rowField(i, 'owner'), due: rowField(i, 'due') },
          errors: {
            text: problems.fieldErrors[rowField(i, 'text')],
            owner: problems.fieldErrors[rowField(i, 'owner')],
            due: problems.fieldErrors[rowField(i, 'due')],
          },
          owners: owners.map((o) => ({ ...o, selected: o.id === row.ownerId })),
          focus: i === focusRow,
        })),
        rowCount: form.rows.length,
        canAdd: form.rows.length < MAX_CONDITION_ROWS,
      },
      noOwners: owners.length === 0,
      changed,
      ...problems,
    };
    const { ref } = summary.assessment;
    await this.pages.render(req, res, 'workflow/decide', `Decide on ${ref}`, model, status);
  }

  private async showCeremony(
    req: PageRequest,
    res: Response,
    actor: Actor,
    id: string,
    form: DecisionForm,
    problems: FormProblems,
    status = 200,
  ) {
    const choice = form.choice as Choice;
    const { ref, title } = await this.assessments.get(actor, id);
    const owners = new Map((await this.decide.owners(actor, id)).map((o) => [o.id, o.name]));
    const { event } = eventOfForm(form, new Set(owners.keys()));
    const conditions = (
      (event as { conditions?: { text: string; ownerId?: string; dueDate?: string }[] }).conditions ?? []
    ).map((c) => ({ text: c.text, owner: owners.get(c.ownerId ?? '') ?? '', dueDate: c.dueDate ?? null }));
    const model = {
      ref,
      title,
      base: `/pia/${encodeURIComponent(ref)}`,
      choice,
      words: CHOICE_WORDS[choice],
      reject: choice === 'reject',
      reason: form.reason.trim(),
      conditions,
      signer: this.decide.signing(actor, choice),
      hidden: [
        { name: 'choice', value: form.choice },
        { name: 'reason', value: form.reason },
        { name: 'rows', value: String(form.rows.length) },
        ...(form.version !== undefined ? [{ name: 'version', value: String(form.version) }] : []),
        ...form.rows.flatMap((row, i) => [
          { name: rowField(i, 'text'), value: row.text },
          { name: rowField(i, 'owner'), value: row.ownerId },
          { name: rowField(i, 'due'), value: row.dueDate },
        ]),
      ],
      ...problems,
    };
    await this.pages.render(req, res, 'workflow/decide-sign', `Sign the decision on ${ref}`, model, status);
  }

  /** Someone who may not decide now: why, in words, and nothing else of the page but what they typed, if any. */
  private async notYours(
    req: PageRequest,
    res: Response,
    actor: Actor,
    id: string,
    standing: { state: string; allowedEvents: string[] },
    form?: DecisionForm,
  ) {
    const { ref, title } = await this.assessments.get(actor, id);
    const atApproval = standing.state === 'approval';
    const model = {
      ref,
      title,
      base: `/pia/${encodeURIComponent(ref)}`,
      heading: atApproval ? 'This decision is not yours to sign' : 'There is no decision to make now',
      message: atApproval
        ? `${ref} is waiting for an approver's decision, but not yours: the approver is the one assigned to it, and never its owner nor the legal counsel who cleared it. Nothing was changed.`
        : `${ref} is at the stage “${stageLabel(standing.state)}”. An approver decides only once it reaches approval. Nothing was changed.`,
      allowed: [],
      missing: [],
      unsent: form ? await this.unsent(actor, id, form) : null,
    };
    await this.pages.render(req, res, 'workflow/refused', model.heading, model, atApproval ? 403 : 409);
  }
}
