import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AssessmentsService } from '../assessments/assessments.service';
import type { Assessment } from '../assessments/entities/assessment.entity';
import type { Actor } from '../common/auth/actor';
import { type HeatmapLayout, heatmapLayout, type HeatmapOptions, heatmapSvg } from './heatmap';
import { RiskModelRegistry } from './model/risk-model.registry';
import type { RiskModel } from './model/risk-model.types';
import { RiskErrorCode, RiskException } from './risk.exception';
import { type RiskRouting, riskRouting } from './risk-routing';
import { measuresOf, risksOf } from './risk-rows';
import { type MeasureRow, measureView, type RiskRow, riskView } from './risk-view';
import { highest } from './scoring/scoring';

/**
 * Reading an assessment's risk register: its risks and measures under the pinned model, the heat map drawn
 * from them, and the routing that follows (which the workflow reads while the assessment is in the risk stage).
 */
@Injectable()
export class RiskRegisterService {
  constructor(
    private readonly db: DataSource,
    private readonly models: RiskModelRegistry,
    private readonly assessments: AssessmentsService,
  ) {}

  async register(actor: Actor, assessmentId: string) {
    return this.registerOf(await this.scored(actor, assessmentId));
  }

  /** The register of a scored assessment, for the caller that has already checked reach (the decision document). */
  async registerOf(assessment: Assessment) {
    return (await this.registerWithHeatmap(assessment)).register;
  }

  /** The register and its heat map drawn from the same rows (the register's page shows both). */
  async registerWithHeatmap(assessment: Assessment, options?: HeatmapOptions) {
    const model = this.modelOf(assessment);
    const [risks, measures] = await Promise.all([
      risksOf(this.db.manager, assessment.id),
      measuresOf(this.db.manager, assessment.id),
    ]);
    const current = risks.filter((r) => r.status !== 'retired');
    const heatmap = options
      ? heatmapSvg(model, current, `Risk heat map: ${assessment.ref} ${assessment.title}`, options)
      : null;
    return { register: this.registerFrom(model, assessment, risks, measures), heatmap };
  }

  async heatmap(actor: Actor, assessmentId: string): Promise<string> {
    return (await this.heatmapOf(await this.scored(actor, assessmentId))).svg;
  }

  /** The heat map of a scored assessment as SVG and as layout data (for drawing it in a PDF). */
  async heatmapOf(assessment: Assessment): Promise<{ svg: string; layout: HeatmapLayout }> {
    const model = this.modelOf(assessment);
    const risks = (await risksOf(this.db.manager, assessment.id))
      .filter((r) => r.status !== 'retired')
      .map((r) => ({ label: r.label, inherent: r.inherent, residual: r.residual }));
    return {
      svg: heatmapSvg(model, risks, `Risk heat map: ${assessment.ref} ${assessment.title}`),
      layout: heatmapLayout(model, risks),
    };
  }

  /** For the workflow: whether the risk stage is done, and where it leads. */
  async routingFor(manager: EntityManager, assessment: Assessment): Promise<RiskRouting | undefined> {
    if (!assessment.riskModelId) return undefined;
    return riskRouting(
      this.modelOf(assessment),
      assessment,
      await risksOf(manager, assessment.id),
      await measuresOf(manager, assessment.id),
    );
  }

  /** The assessment when the actor may reach it and it has a register (404 otherwise). */
  private async scored(actor: Actor, assessmentId: string): Promise<Assessment> {
    const assessment = await this.assessments.visible(actor, assessmentId);
    if (!assessment.riskModelId)
      throw new RiskException(RiskErrorCode.NoRegisterYet, 'The assessment has not reached risk assessment yet.');
    return assessment;
  }

  private modelOf(assessment: Assessment): RiskModel {
    return this.models.get(assessment.riskModelId!, assessment.riskModelVersion!);
  }

  private registerFrom(model: RiskModel, assessment: Assessment, risks: RiskRow[], measures: MeasureRow[]) {
    const routing = riskRouting(model, assessment, risks, measures);
    const current = risks.filter((r) => r.status !== 'retired');
    return {
      model: {
        id: model.id,
        version: model.version,
        title: model.title,
        dimensions: model.dimensions,
        axes: model.axes,
        thresholds: model.thresholds,
      },
      findings: assessment.riskFindings,
      summary: {
        inherentLevel: highest(current.map((r) => r.inherent.level)),
        residualLevel: highest(current.flatMap((r) => (r.residual ? [r.residual.level] : []))),
        targetLevel: highest(current.flatMap((r) => (r.target ? [r.target.level] : []))),
        ...routing,
      },
      risks: risks.map((r) => riskView(r, measures)),
      measures: measures.map(measureView),
    };
  }
}
