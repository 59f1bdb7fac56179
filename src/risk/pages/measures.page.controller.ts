import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AssessmentsService } from '../../assessments/assessments.service';
import { RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { validateBody } from '../../common/validation/validation';
import { assertFormRefusal, type FormProblems, NO_PROBLEMS, isUuid } from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { MeasureDto, UpdateMeasureDto } from '../dto/risk.dto';
import { RiskErrorCode, RiskException } from '../risk.exception';
import { RiskAccess } from '../risk-access.service';
import { RiskMeasuresService } from '../risk-measures.service';
import {
  BLANK_MEASURE,
  type MeasureForm,
  measureFields,
  measureFormOf,
  measureProblems,
  measureSummary,
  measureUpdateInput,
  newMeasureInput,
  storedMeasureForm,
} from './measure-form';
import { baseOf, RiskPagesService } from './risk-pages.service';

/**
 * The register's measures: the list with a form to add one, and each measure's page with a form to change it.
 * RiskAccess decides who may add or change them and when; the form is shown only where it would accept it.
 */
@WebPages()
@Controller('pia/:ref/risk/measures')
export class MeasuresPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assessments: AssessmentsService,
    private readonly riskMeasures: RiskMeasuresService,
    private readonly access: RiskAccess,
    private readonly riskPages: RiskPagesService,
  ) {}

  @Get()
  @RequirePermission(Permission.AssessmentsRead)
  async measures(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Query('done') done?: unknown,
  ) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const notice = done === 'added' ? 'Measure added.' : done === 'saved' ? 'Measure saved.' : null;
    await this.renderMeasures(req, res, actor, id, { notice, typed: null }, NO_PROBLEMS);
  }

  @Post()
  @RequirePermission(Permission.RiskManage)
  async addMeasure(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string, @Body() body: unknown) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const typed = measureFormOf(body);
    try {
      await this.riskMeasures.addMeasure(actor, id, await validateBody(MeasureDto, newMeasureInput(typed)));
    } catch (error) {
      assertFormRefusal(error, [403, 404]);
      return this.renderMeasures(req, res, actor, id, { notice: null, typed }, measureProblems(error), error.status);
    }
    this.pages.redirect(res, `${baseOf(ref)}/risk/measures?done=added`);
  }

  @Get(':measureId')
  @RequirePermission(Permission.AssessmentsRead)
  async measure(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('measureId') measureId: string,
  ) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    await this.renderMeasure(req, res, actor, id, measureId, null, NO_PROBLEMS);
  }

  @Post(':measureId')
  @RequirePermission(Permission.RiskManage)
  async updateMeasure(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('ref') ref: string,
    @Param('measureId') measureId: string,
    @Body() body: unknown,
  ) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    if (!isUuid(measureId))
      throw new RiskException(RiskErrorCode.MeasureNotFound, 'No such measure on this assessment.');
    const typed = measureFormOf(body);
    try {
      const input = await validateBody(UpdateMeasureDto, measureUpdateInput(typed));
      await this.riskMeasures.updateMeasure(actor, id, measureId, input);
    } catch (error) {
      assertFormRefusal(error, [403, 404]);
      const problems = measureProblems(error);
      return this.renderMeasure(req, res, actor, id, measureId, typed, problems, error.status);
    }
    this.pages.redirect(res, `${baseOf(ref)}/risk/measures?done=saved`);
  }

  private async renderMeasures(
    req: PageRequest,
    res: Response,
    actor: Actor,
    id: string,
    form: { notice: string | null; typed: MeasureForm | null },
    problems: FormProblems,
    status = 200,
  ) {
    const { assessment, register } = await this.riskPages.scored(actor, id);
    if (!register)
      throw new RiskException(RiskErrorCode.NoRegisterYet, 'The assessment has not reached risk assessment yet.');
    const heading = this.riskPages.heading(assessment);
    const canMeasure = this.access.managing(actor, assessment).measures;
    const model = {
      ...heading,
      notice: form.notice,
      measures: register.measures.map((m) => measureSummary(register, m, heading.base)),
      canMeasure,
      form: canMeasure ? measureFields(register, form.typed ?? BLANK_MEASURE, problems) : null,
      ...problems,
    };
    await this.pages.render(req, res, 'risk/measures', `Measures: ${assessment.ref}`, model, status);
  }

  private async renderMeasure(
    req: PageRequest,
    res: Response,
    actor: Actor,
    id: string,
    measureId: string,
    typed: MeasureForm | null,
    problems: FormProblems,
    status = 200,
  ) {
    const { assessment, register } = await this.riskPages.scored(actor, id);
    const measure = register?.measures.find((m) => m.id === measureId);
    if (!register || !measure || !isUuid(measureId))
      throw new RiskException(RiskErrorCode.MeasureNotFound, 'No such measure on this assessment.');
    const heading = this.riskPages.heading(assessment);
    const canMeasure = this.access.managing(actor, assessment).measures;
    const model = {
      ...heading,
      measure: measureSummary(register, measure, heading.base),
      canMeasure,
      form: canMeasure ? measureFields(register, typed ?? storedMeasureForm(measure), problems) : null,
      ...problems,
    };
    await this.pages.render(req, res, 'risk/measure', `${measure.title}: ${assessment.ref}`, model, status);
  }
}
