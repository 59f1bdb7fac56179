import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AssessmentsService } from '../../assessments/assessments.service';
import type { Assessment } from '../../assessments/entities/assessment.entity';
import { QuestionnaireRegistry } from '../../assessments/questionnaire/questionnaire.registry';
import { RequirePermission } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Permission } from '../../common/auth/permissions';
import { AppException } from '../../common/errors/app.exception';
import { label } from '../../common/labels';
import { validateBody } from '../../common/validation/validation';
import {
  assertFormRefusal,
  formProblems,
  formText,
  type FormProblems,
  NO_PROBLEMS,
  problemsOf,
  sentence,
} from '../../web/forms';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { WebPages } from '../../web/web-pages.decorator';
import { WorkflowService } from '../../workflow/workflow.service';
import { AdjustRiskDto, MeasureDto, RescoreDto, UpdateMeasureDto } from '../dto/risk.dto';
import { RiskErrorCode, RiskException } from '../risk.exception';
import { RiskService } from '../risk.service';
import {
  type AnswerPlaces,
  factorViews,
  historyView,
  type HistoryRow,
  KIND_LABELS,
  MEASURE_STATUSES,
  pointText,
  POSITION_KINDS,
  positionView,
  type PositionKind,
  type RegisterRisk,
  TREATMENTS,
} from './risk-register-view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Register = Awaited<ReturnType<RiskService['registerOf']>>;
type MeasureView = Register['measures'][number];

/** What the register page says after a change this site sent (?done=...). */
const DONE: Record<string, string> = {
  rescored: 'Rescored under the newest version of the risk model. The reason is kept in each risk’s history.',
};

/** A measure's form as typed: kept when the service refuses it. */
interface MeasureForm {
  title: string;
  description: string;
  riskIds: string[];
  dueDate: string;
  status: string;
}

/** The risks a form names (checkboxes send one value or several); only ids, at most the API's limit and one more. */
function riskIdsOf(body: unknown): string[] {
  const value = (body as Record<string, unknown> | undefined)?.riskIds;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string').slice(0, 51);
}

function measureFormOf(body: unknown): MeasureForm {
  return {
    title: formText(body, 'title', 1000),
    description: formText(body, 'description'),
    riskIds: riskIdsOf(body),
    dueDate: formText(body, 'dueDate', 40).trim(),
    status: formText(body, 'status', 40),
  };
}

/** A JSON pointer of AdjustRiskDto ("/residual/severity/justification") as the form field it came from. */
const adjustField = (pointer: string) =>
  pointer
    .slice(1)
    .replace(/\/value$/, '')
    .replace(/\//g, '-');

/** A JSON pointer of MeasureDto ("/riskIds/0") as its field: the risks' checkboxes are one field. */
const measureField = (pointer: string) => pointer.slice(1).replace(/\/.*$/, '');

/**
 * The privacy officer's risk register: the heat map, each risk's positions and the factors behind them, what still
 * blocks completion, adjustments with a justification per dimension, treatments, measures and rescoring. RiskService
 * decides who may change what and when; these pages show a form only where it would accept it.
 */
@WebPages()
@Controller('pia/:ref/risk')
export class RiskRegisterPageController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly assessments: AssessmentsService,
    private readonly questionnaires: QuestionnaireRegistry,
    private readonly risk: RiskService,
    private readonly workflow: WorkflowService,
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
      await this.risk.rescore(actor, id, input.reason);
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
    this.pages.redirect(res, `${this.base(ref)}/risk?done=rescored`);
  }

  @Get('measures')
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

  @Post('measures')
  @RequirePermission(Permission.RiskManage)
  async addMeasure(@Req() req: PageRequest, @Res() res: Response, @Param('ref') ref: string, @Body() body: unknown) {
    const actor = req.user!;
    const id = await this.assessments.idForRef(actor, ref);
    const typed = measureFormOf(body);
    try {
      const input = await validateBody(MeasureDto, {
        title: typed.title.trim(),
        riskIds: typed.riskIds,
        ...(typed.description.trim() ? { description: typed.description.trim() } : {}),
        ...(typed.dueDate ? { dueDate: typed.dueDate } : {}),
        ...(typed.status ? { status: typed.status } : {}),
      });
      await this.risk.addMeasure(actor, id, input);
    } catch (error) {
      assertFormRefusal(error, [403, 404]);
      const problems = this.measureProblems(error);
      return this.renderMeasures(req, res, actor, id, { notice: null, typed }, problems, error.status);
    }
    this.pages.redirect(res, `${this.base(ref)}/risk/measures?done=added`);
  }

  @Get('measures/:measureId')
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

  @Post('measures/:measureId')
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
    if (!UUID.test(measureId))
      throw new RiskException(RiskErrorCode.MeasureNotFound, 'No such measure on this assessment.');
    const typed = measureFormOf(body);
    try {
      const input = await validateBody(UpdateMeasureDto, {
        title: typed.title.trim(),
        description: typed.description.trim(),
        riskIds: typed.riskIds,
        dueDate: typed.dueDate || null,
        ...(typed.status ? { status: typed.status } : {}),
      });
      await this.risk.updateMeasure(actor, id, measureId, input);
    } catch (error) {
      assertFormRefusal(error, [403, 404]);
      const problems = this.measureProblems(error);
      return this.renderMeasure(req, res, actor, id, measureId, typed, problems, error.status);
    }
    this.pages.redirect(res, `${this.base(ref)}/risk/measures?done=saved`);
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
    const { register, risk } = await this.riskOf(actor, id, riskId);
    try {
      const input = this.adjustmentOf(register, risk, body);
      if (!input) {
        throw new RiskException(
          RiskErrorCode.InvalidScores,
          'Change a score (with its justification) or the treatment: nothing was changed.',
        );
      }
      await this.risk.adjust(actor, id, riskId, await validateBody(AdjustRiskDto, input));
    } catch (error) {
      assertFormRefusal(error, [403, 404]);
      const problems = this.adjustProblems(register, error);
      return this.renderRisk(req, res, actor, id, riskId, { notice: null, body }, problems, error.status);
    }
    this.pages.redirect(res, `${this.base(ref)}/risk/${riskId}?saved=1`);
  }

  private base(ref: string) {
    return `/pia/${encodeURIComponent(ref.toUpperCase())}`;
  }

  /** The assessment and its register; one not scored yet has none (the service's 404, said as a page). */
  private async scored(actor: Actor, id: string): Promise<{ assessment: Assessment; register: Register | null }> {
    const assessment = await this.assessments.visible(actor, id);
    return { assessment, register: assessment.riskModelId ? await this.risk.registerOf(assessment) : null };
  }

  private async riskOf(actor: Actor, id: string, riskId: string) {
    const { assessment, register } = await this.scored(actor, id);
    const risk = register?.risks.find((r) => r.id === riskId && r.status !== 'retired');
    if (!register || !risk || !UUID.test(riskId))
      throw new RiskException(RiskErrorCode.RiskNotFound, 'No such risk on this assessment.');
    return { assessment, register, risk: risk as RegisterRisk };
  }

  /** Where each answer lives in the questionnaire, and which sections the viewer can open. */
  private answerPlaces(assessment: Assessment): AnswerPlaces {
    const { template, shownSections } = this.assessments.questionnaireLayout(assessment);
    return { template, visibleSections: shownSections, base: this.base(assessment.ref) };
  }

  private heading(assessment: Assessment) {
    return { ref: assessment.ref, title: assessment.title, base: this.base(assessment.ref) };
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
    const assessment = await this.assessments.visible(actor, id);
    const heading = this.heading(assessment);
    if (!assessment.riskModelId) {
      const model = { ...heading, stage: label.stage(assessment.state), scored: false, ...problems };
      return this.pages.render(req, res, 'risk/register', `Risk register: ${assessment.ref}`, model, status);
    }
    const drawn = await this.risk.registerWithHeatmap(assessment, { legend: false, idPrefix: 'heatmap-' });
    const register = drawn.register;
    const inRiskStage = assessment.state === 'risk_assessment';
    // Completing is offered only when nothing blocks it, and only if the workflow allows this person to now.
    const allowed = inRiskStage && register.summary.complete ? await this.workflow.allowedEvents(actor, id) : null;
    const places = this.answerPlaces(assessment);
    const managing = this.risk.managing(actor, assessment);
    const current = register.risks.filter((r) => r.status !== 'retired');
    const measureTitles = new Map(register.measures.map((m) => [m.id, m.title]));
    const summary = register.summary;
    const model = {
      ...heading,
      scored: true,
      stage: label.stage(assessment.state),
      modelTitle: `${register.model.title}, version ${register.model.version}`,
      heatmapSvg: drawn.heatmap,
      levels: [
        { label: 'Inherent', value: summary.inherentLevel ? label.riskLevel(summary.inherentLevel) : 'Not scored' },
        { label: 'Residual', value: summary.residualLevel ? label.riskLevel(summary.residualLevel) : 'Not scored yet' },
        { label: 'Target', value: summary.targetLevel ? label.riskLevel(summary.targetLevel) : 'None set' },
      ],
      // The same list as the 422 that COMPLETE_RISK_ASSESSMENT answers: RiskService's routing of the register.
      blockers: inRiskStage ? { items: summary.incomplete, none: summary.incomplete.length === 0 } : null,
      completeHref: allowed?.allowedEvents.includes('COMPLETE_RISK_ASSESSMENT') ? `${heading.base}/complete` : null,
      legalReasons: summary.legalReviewRequired ? summary.legalReasons : null,
      escalationReasons: summary.escalation ? summary.escalationReasons : null,
      risks: current.map((r, i) => ({
        n: i + 1,
        id: r.id,
        label: r.label,
        category: label.riskCategory(r.category),
        href: `${heading.base}/risk/${r.id}`,
        inherent: positionView(register.model, r.inherent),
        adjusted: r.inherent.adjusted,
        residual: positionView(register.model, r.residual),
        target: positionView(register.model, r.target),
        treatment: label.treatment(r.treatment),
        factors: factorViews(register.model, r.explanation, places),
        measures: r.measureIds.map((m) => ({
          title: measureTitles.get(m),
          href: `${heading.base}/risk/measures/${m}`,
        })),
      })),
      measures: register.measures.map((m) => this.measureSummary(register, m, heading.base)),
      canScore: managing.scores,
      canMeasure: managing.measures,
      notice: form.notice,
      reason: form.reason,
      reasonError: problems.fieldErrors.reason ?? null,
      ...problems,
    };
    await this.pages.render(req, res, 'risk/register', `Risk register: ${assessment.ref}`, model, status);
  }

  private measureSummary(register: Register, m: MeasureView, base: string) {
    const labels = new Map(register.risks.map((r) => [r.id, r.label]));
    return {
      id: m.id,
      title: m.title,
      description: m.description,
      status: label.measureStatus(m.status),
      dueDate: m.dueDate,
      href: `${base}/risk/measures/${m.id}`,
      risks: m.riskIds.map((r) => labels.get(r) ?? 'A retired risk'),
    };
  }

  /** The measure form's fields: the risks as checkboxes, ticked as typed (or as stored). */
  private measureFields(register: Register, form: MeasureForm, problems: FormProblems) {
    const risks = register.risks.filter((r) => r.status !== 'retired');
    return {
      title: form.title,
      description: form.description,
      dueDate: form.dueDate,
      risks: risks.map((r, i) => ({
        id: i === 0 ? 'riskIds' : `riskIds-${r.id}`,
        value: r.id,
        label: r.label,
        checked: form.riskIds.includes(r.id),
      })),
      statuses: MEASURE_STATUSES.map((s) => ({ value: s, label: label.measureStatus(s), selected: s === form.status })),
      errors: problems.fieldErrors,
    };
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
    const { assessment, register } = await this.scored(actor, id);
    if (!register)
      throw new RiskException(RiskErrorCode.NoRegisterYet, 'The assessment has not reached risk assessment yet.');
    const heading = this.heading(assessment);
    const canMeasure = this.risk.managing(actor, assessment).measures;
    const blank: MeasureForm = { title: '', description: '', riskIds: [], dueDate: '', status: 'planned' };
    const model = {
      ...heading,
      notice: form.notice,
      measures: register.measures.map((m) => this.measureSummary(register, m, heading.base)),
      canMeasure,
      form: canMeasure ? this.measureFields(register, form.typed ?? blank, problems) : null,
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
    const { assessment, register } = await this.scored(actor, id);
    const measure = register?.measures.find((m) => m.id === measureId);
    if (!register || !measure || !UUID.test(measureId))
      throw new RiskException(RiskErrorCode.MeasureNotFound, 'No such measure on this assessment.');
    const heading = this.heading(assessment);
    const canMeasure = this.risk.managing(actor, assessment).measures;
    const stored: MeasureForm = {
      title: measure.title,
      description: measure.description ?? '',
      riskIds: measure.riskIds,
      dueDate: measure.dueDate ?? '',
      status: measure.status,
    };
    const model = {
      ...heading,
      measure: this.measureSummary(register, measure, heading.base),
      canMeasure,
      form: canMeasure ? this.measureFields(register, typed ?? stored, problems) : null,
      ...problems,
    };
    await this.pages.render(req, res, 'risk/measure', `${measure.title}: ${assessment.ref}`, model, status);
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
    const { assessment, register, risk } = await this.riskOf(actor, id, riskId);
    const heading = this.heading(assessment);
    const places = this.answerPlaces(assessment);
    const history = (await this.risk.history(actor, id, riskId)) as HistoryRow[];
    const names = await this.assessments.people(history.flatMap((h) => (h.actorId ? [h.actorId] : [])));
    const canScore = this.risk.managing(actor, assessment).scores;
    const body = form.body;
    const positions = POSITION_KINDS.map((kind) => {
      const position = risk[kind];
      return {
        kind,
        label: KIND_LABELS[kind],
        position: positionView(register.model, position),
        dimensions: register.model.dimensions.map((d) => {
          const field = `${kind}-${d.id}`;
          const chosen = body ? formText(body, field, 12) : position ? String(position.dimensions[d.id]) : '';
          return {
            id: field,
            fieldLabel: `${KIND_LABELS[kind]} ${d.label.toLowerCase()}`,
            justificationLabel: `Why this ${KIND_LABELS[kind].toLowerCase()} ${d.label.toLowerCase()}`,
            justificationId: `${field}-justification`,
            justification: body ? formText(body, `${field}-justification`) : '',
            options: [
              ...(position ? [] : [{ value: '', label: 'Not scored', selected: chosen === '' }]),
              ...Array.from({ length: d.max - d.min + 1 }, (_, i) => d.min + i).map((v) => ({
                value: String(v),
                label: pointText(d, v),
                selected: chosen === String(v),
              })),
            ],
            error: problems.fieldErrors[field] ?? null,
            justificationError: problems.fieldErrors[`${field}-justification`] ?? null,
          };
        }),
      };
    });
    const chosenTreatment = body ? formText(body, 'treatment', 40) : (risk.treatment ?? '');
    const model = {
      ...heading,
      notice: form.notice,
      risk: {
        id: risk.id,
        label: risk.label,
        category: label.riskCategory(risk.category),
        computed: positionView(register.model, risk.computed),
        adjusted: risk.inherent.adjusted,
        treatment: label.treatment(risk.treatment),
        factors: factorViews(register.model, risk.explanation, places),
        measures: register.measures
          .filter((m) => m.riskIds.includes(risk.id))
          .map((m) => this.measureSummary(register, m, heading.base)),
      },
      positions,
      canScore,
      action: `${heading.base}/risk/${risk.id}`,
      treatments: TREATMENTS.map((t, i) => ({
        id: i === 0 ? 'treatment' : `treatment-${t}`,
        value: t,
        label: label.treatment(t),
        checked: chosenTreatment === t,
      })),
      treatmentError: problems.fieldErrors.treatment ?? null,
      history: historyView(register.model, history, new Map([...names].map(([k, v]) => [k, v.displayName]))),
      ...problems,
    };
    await this.pages.render(req, res, 'risk/risk', `${risk.label}: ${assessment.ref}`, model, status);
  }

  /**
   * The form as AdjustRiskDto: a dimension is sent when its value differs from the one in force or a justification
   * was written for it (the service then requires both); the treatment when one is chosen. Null when nothing would
   * change.
   */
  private adjustmentOf(register: Register, risk: RegisterRisk, body: unknown): Record<string, unknown> | null {
    const input: Record<string, unknown> = {};
    for (const kind of POSITION_KINDS) {
      const scores: Record<string, { value: unknown; justification: string }> = {};
      for (const d of register.model.dimensions) {
        const field = `${kind}-${d.id}`;
        const raw = formText(body, field, 12).trim();
        const justification = formText(body, `${field}-justification`);
        const value = /^-?\d{1,6}$/.test(raw) ? Number(raw) : raw === '' ? undefined : raw;
        const changed = value !== undefined && value !== risk[kind]?.dimensions[d.id];
        if (changed || justification.trim()) scores[d.id] = { value, justification: justification.trim() };
      }
      if (Object.keys(scores).length > 0) input[kind] = scores;
    }
    const treatment = formText(body, 'treatment', 40);
    if (treatment && treatment !== risk.treatment) input.treatment = treatment;
    else if (treatment && input.residual) input.treatment = treatment;
    return Object.keys(input).length > 0 ? input : null;
  }

  /** The service's refusal of an adjustment, each message naming the score and dimension it is about. */
  private adjustProblems(register: Register, error: AppException): FormProblems {
    if (!error.errors?.length) return problemsOf(error, 'treatment');
    return formProblems(
      error.errors.map((e) => {
        const [kind, dimension, part] = e.pointer.slice(1).split('/');
        const d = register.model.dimensions.find((x) => x.id === dimension);
        const kindLabel = Object.hasOwn(KIND_LABELS, kind) ? KIND_LABELS[kind as PositionKind] : undefined;
        const subject = !kindLabel
          ? kind === 'treatment'
            ? 'The treatment'
            : null
          : !d
            ? `${kindLabel} score`
            : part === 'justification'
              ? `The justification for the ${kindLabel.toLowerCase()} ${d.label.toLowerCase()}`
              : `${kindLabel} ${d.label.toLowerCase()}`;
        const field = kindLabel && !d ? `${kind}-${register.model.dimensions[0].id}` : adjustField(e.pointer);
        return { field: field || 'treatment', message: sentence(subject ? `${subject} ${e.detail}` : e.detail) };
      }),
    );
  }

  private measureProblems(error: AppException): FormProblems {
    const problems = problemsOf(error, 'title', measureField);
    const names: Record<string, string> = {
      title: 'The title',
      description: 'The description',
      riskIds: 'The risks it treats',
      dueDate: 'The due date',
      status: 'The status',
    };
    return formProblems(
      problems.errors.map((e, i) => {
        const detail = error.errors?.[i]?.detail;
        return detail && names[e.field] ? { field: e.field, message: sentence(`${names[e.field]} ${detail}`) } : e;
      }),
    );
  }
}
