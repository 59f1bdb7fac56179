import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AssessmentsService } from '../../assessments/assessments.service';
import { RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { validateBody } from '../../common/validation/validation';
import { assertFormRefusal, formProblems, formText, type FormProblems, NO_PROBLEMS, sentence } from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { AdjustRiskDto, RescoreDto } from '../dto/risk.dto';
import { RiskErrorCode, RiskException } from '../risk.exception';
import { RiskAdjustmentsService } from '../risk-adjustments.service';
import { RiskScoringService } from '../risk-scoring.service';
import { adjustmentOf, adjustProblems } from './risk-adjust-form';
import { baseOf, RiskPagesService } from './risk-pages.service';

/** What the register page says after a change this site sent (?done=...). */
const DONE: Record<string, string> = {
  rescored: 'Rescored under the newest version of the risk model. The reason is kept in each risk’s history.',
};

/**
 * The privacy officer's risk register: the heat map, each risk's positions and the factors behind them, what still
 * blocks completion, adjustments with a justification per dimension, treatments and rescoring (the measures have
 * their own controller). RiskAccess decides who may change what and when; these pages show a form only where it
 * would accept it.
 */
@WebPages()
@Controller('pia/:ref/risk')
export class RiskRegisterPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assessments: AssessmentsService,
    private readonly scoring: RiskScoringService,
    private readonly adjustments: RiskAdjustmentsService,
    private readonly riskPages: RiskPagesService,
  ) {}

  @Get()
  @RequirePermission(Permission.AssessmentsRead)
  async show(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string, @Query('done') done?: unknown) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const notice = typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : null;
    await this.renderRegister(req, res, actor, id, { notice, reason: '' }, NO_PROBLEMS);
  }

  @Post('rescore')
  @RequirePermission(Permission.RiskManage)
  async rescore(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string, @Body() body: unknown) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const typed = formText(body, 'reason');
    try {
      const input = await validateBody(RescoreDto, { reason: typed.trim() });
      await this.scoring.rescore(actor, id, input.reason);
    } catch (error) {
      assertFormRefusal(error, [403, 404]);
      const problems = formProblems(
        (error.errors?.length ? error.errors.map((e) => `The reason ${e.detail}`) : [error.message]).map((m) => ({
          field: 'reason',
          message: sentence(m),
        })),
      );
      return this.renderRegister(req, res, actor, id, { notice: null, reason: typed }, problems, error.status);
    }
    this.pages.redirect(res, `${baseOf(ref)}/risk?done=rescored`);
  }

  @Get(':riskId')
  @RequirePermission(Permission.AssessmentsRead)
  async showRisk(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('riskId') riskId: string,
    @Query('saved') saved?: unknown,
  ) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const notice = saved === '1' ? 'Saved. The change and its justifications are in the history below.' : null;
    await this.renderRisk(req, res, actor, id, riskId, { notice, body: null }, NO_PROBLEMS);
  }

  @Post(':riskId')
  @RequirePermission(Permission.RiskManage)
  async adjust(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('riskId') riskId: string,
    @Body() body: unknown,
  ) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const { register, risk } = await this.riskPages.riskOf(actor, id, riskId);
    try {
      const input = adjustmentOf(register.model, risk, body);
      if (!input) {
        throw new RiskException(
          RiskErrorCode.InvalidScores,
          'Change a score (with its justification) or the treatment: nothing was changed.',
        );
      }
      await this.adjustments.adjust(actor, id, riskId, await validateBody(AdjustRiskDto, input));
    } catch (error) {
      assertFormRefusal(error, [403, 404]);
      const problems = adjustProblems(register.model, error);
      return this.renderRisk(req, res, actor, id, riskId, { notice: null, body }, problems, error.status);
    }
    this.pages.redirect(res, `${baseOf(ref)}/risk/${riskId}?saved=1`);
  }

  private async renderRegister(
    req: PageRequest,
    res: Response,
    actor: Actor,
    id: string,
    form: { notice: string | null; reason: string },
    problems: FormProblems,
    status = 200,
  ) {
    const { title, model } = await this.riskPages.registerPage(actor, id, form, problems);
    await this.pages.render(req, res, 'risk/register', title, model, status);
  }

  private async renderRisk(
    req: PageRequest,
    res: Response,
    actor: Actor,
    id: string,
    riskId: string,
    form: { notice: string | null; body: unknown },
    problems: FormProblems,
    status = 200,
  ) {
    const { title, model } = await this.riskPages.riskPage(actor, id, riskId, form, problems);
    await this.pages.render(req, res, 'risk/risk', title, model, status);
  }
}
