import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '../../assessments/assessments.service';
import type { Assessment } from '../../assessments/entities/assessment.entity';
import type { Actor } from '../../common/auth/actor';
import { label } from '../../common/labels';
import type { FormProblems } from '../../web/forms';
import { WorkflowService } from '../../workflow/workflow.service';
import { RiskErrorCode, RiskException } from '../risk.exception';
import { RiskAccess } from '../risk-access.service';
import { RiskAdjustmentsService } from '../risk-adjustments.service';
import { RiskRegisterService } from '../risk-register.service';
import { measureSummary } from './measure-form';
import { positionFields, treatmentChoices } from './risk-adjust-form';
import {
  type AnswerPlaces,
  factorViews,
  historyView,
  type HistoryRow,
  positionView,
  type RegisterRisk,
} from './risk-register-view';
import { isUuid } from '../../web/forms';

export type Register = Awaited<ReturnType<RiskRegisterService['registerOf']>>;

/** /pia/REF: where an assessment's pages are. */
export const baseOf = (ref: string) => `/pia/${encodeURIComponent(ref.toUpperCase())}`;

/**
 * What the risk register's pages read, gathered from the services the API uses (the assessment and its
 * questionnaire, the register with its heat map, a risk's history, whether the workflow lets this person complete
 * the stage), and the register's and a risk's page models. RiskAccess decides who may change what.
 */
@Injectable()
export class RiskPagesService {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly registers: RiskRegisterService,
    private readonly adjustments: RiskAdjustmentsService,
    private readonly access: RiskAccess,
    private readonly workflow: WorkflowService,
  ) {}

  heading(assessment: Assessment) {
    return { ref: assessment.ref, title: assessment.title, base: baseOf(assessment.ref) };
  }

  /** The assessment and its register; one not scored yet has none (the service's 404, said as a page). */
  async scored(actor: Actor, id: string): Promise<{ assessment: Assessment; register: Register | null }> {
    const assessment = await this.assessments.visible(actor, id);
    return { assessment, register: assessment.riskModelId ? await this.registers.registerOf(assessment) : null };
  }

  /** One current risk of the register, or the service's 404. */
  async riskOf(actor: Actor, id: string, riskId: string) {
    const { assessment, register } = await this.scored(actor, id);
    const risk = register?.risks.find((r) => r.id === riskId && r.status !== 'retired');
    if (!register || !risk || !isUuid(riskId))
      throw new RiskException(RiskErrorCode.RiskNotFound, 'No such risk on this assessment.');
    return { assessment, register, risk: risk as RegisterRisk };
  }

  /** Where each answer lives in the questionnaire, and which sections the viewer can open. */
  private answerPlaces(assessment: Assessment): AnswerPlaces {
    const { template, shownSections } = this.assessments.questionnaireLayout(assessment);
    return { template, visibleSections: shownSections, base: baseOf(assessment.ref) };
  }

  /** The register page: the heat map, the levels, what blocks completion, each risk and its factors, the measures. */
  async registerPage(
    actor: Actor,
    id: string,
    form: { notice: string | null; reason: string },
    problems: FormProblems,
  ) {
    const assessment = await this.assessments.visible(actor, id);
    const heading = this.heading(assessment);
    const title = `Risk register: ${assessment.ref}`;
    if (!assessment.riskModelId) {
      return { title, model: { ...heading, stage: label.stage(assessment.state), scored: false, ...problems } };
    }
    const drawn = await this.registers.registerWithHeatmap(assessment, { legend: false, idPrefix: 'heatmap-' });
    const register = drawn.register;
    const inRiskStage = assessment.state === 'risk_assessment';
    // Completing is offered only when nothing blocks it, and only if the workflow allows this person to now.
    const allowed = inRiskStage && register.summary.complete ? await this.workflow.allowedEvents(actor, id) : null;
    const places = this.answerPlaces(assessment);
    const managing = this.access.managing(actor, assessment);
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
      // The same list as the 422 that COMPLETE_RISK_ASSESSMENT answers: the register's routing.
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
      measures: register.measures.map((m) => measureSummary(register, m, heading.base)),
      canScore: managing.scores,
      canMeasure: managing.measures,
      notice: form.notice,
      reason: form.reason,
      reasonError: problems.fieldErrors.reason ?? null,
      ...problems,
    };
    return { title, model };
  }

  /** A risk's page: its positions and factors, the adjustment form (as typed, when refused) and its history. */
  async riskPage(
    actor: Actor,
    id: string,
    riskId: string,
    form: { notice: string | null; body: unknown },
    problems: FormProblems,
  ) {
    const { assessment, register, risk } = await this.riskOf(actor, id, riskId);
    const heading = this.heading(assessment);
    const places = this.answerPlaces(assessment);
    const history = (await this.adjustments.history(actor, id, riskId)) as HistoryRow[];
    const names = await this.assessments.people(history.flatMap((h) => (h.actorId ? [h.actorId] : [])));
    const canScore = this.access.managing(actor, assessment).scores;
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
          .map((m) => measureSummary(register, m, heading.base)),
      },
      positions: positionFields(register.model, risk, form.body, problems.fieldErrors),
      canScore,
      action: `${heading.base}/risk/${risk.id}`,
      treatments: treatmentChoices(risk, form.body),
      treatmentError: problems.fieldErrors.treatment ?? null,
      history: historyView(register.model, history, new Map([...names].map(([k, v]) => [k, v.displayName]))),
      ...problems,
    };
    return { title: `${risk.label}: ${assessment.ref}`, model };
  }
}
