import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AssessmentsService } from '../assessments/assessments.service';
import type { Assessment } from '../assessments/entities/assessment.entity';
import type { DataElement } from '../assessments/inventory/data-element';
import { evaluateQuestionnaire } from '../assessments/questionnaire/questionnaire-state';
import { QuestionnaireRegistry } from '../assessments/questionnaire/questionnaire.registry';
import { AuditLogService } from '../audit/audit-log.service';
import type { Actor } from '../common/auth/actor';
import { Permission, permissionsOf } from '../common/auth/permissions';
import type { FieldError } from '../common/errors/problem-details';
import { AppConfig } from '../config/app-config';
import { storedContextOf } from '../workflow/assessment-machine.types';
import { isReviewer } from '../workflow/reviewer-rule';
import type { AdjustRiskDto, MeasureDto, UpdateMeasureDto } from './dto/risk.dto';
import { type HeatmapLayout, heatmapLayout, type HeatmapOptions, heatmapSvg } from './heatmap';
import { RiskModelRegistry } from './model/risk-model.registry';
import type { RiskModel } from './model/risk-model.types';
import { RiskErrorCode, RiskException } from './risk.exception';
import { type MeasureRow, measureView, type RiskRow, riskView } from './risk-view';
import {
  atLeast,
  type Dimensions,
  highest,
  type InherentScoring,
  position,
  type Position,
  scoreInherent,
} from './scoring/scoring';

/** What routing after the risk stage needs to know. */
export interface RiskRouting {
  /** Every risk has a treatment and a residual position (and a measure, where the model asks for one). */
  complete: boolean;
  incomplete: string[];
  /** Residual risk at high or above, or a legal flag: legal review is required. */
  legalReviewRequired: boolean;
  legalReasons: string[];
  /** An accepted residual risk at high or above: the approver must see it (GDPR Art. 36 pattern). */
  escalation: boolean;
  escalationReasons: string[];
}

const SCORABLE_STATES = ['risk_assessment'];
/** Measures are planned in the risk stage and their progress is kept up during remediation. */
const MEASURE_STATES = ['risk_assessment', 'remediation'];

/**
 * The risk register of an assessment: inherent risk computed from the answers under a pinned model,
 * the privacy officer's adjustments (each justified and kept), residual and target positions, the
 * measures that treat risks, and the routing that follows from them.
 */
@Injectable()
export class RiskService {
  constructor(
    private readonly db: DataSource,
    private readonly models: RiskModelRegistry,
    private readonly questionnaires: QuestionnaireRegistry,
    private readonly assessments: AssessmentsService,
    private readonly audit: AuditLogService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Scores inherent risk inside the transition that enters risk_assessment. A second cycle keeps the
   * pinned model and any adjusted inherent scores; unadjusted ones follow the new answers.
   */
  async scoreOnEntry(
    manager: EntityManager,
    assessment: Assessment,
  ): Promise<Pick<Assessment, 'riskModelId' | 'riskModelVersion' | 'riskFindings'>> {
    const model = assessment.riskModelId
      ? this.models.get(assessment.riskModelId, assessment.riskModelVersion!)
      : this.defaultModel();
    return this.writeScoring(manager, assessment, model, this.score(model, assessment));
  }

  async register(actor: Actor, assessmentId: string) {
    const assessment = await this.assessments.visible(actor, assessmentId);
    if (!assessment.riskModelId)
      throw new RiskException(RiskErrorCode.NoRegisterYet, 'The assessment has not reached risk assessment yet.');
    return this.registerOf(assessment);
  }

  /** The register of a scored assessment, for the caller that has already checked reach (the decision document). */
  async registerOf(assessment: Assessment) {
    return (await this.registerWithHeatmap(assessment)).register;
  }

  /** The register and its heat map drawn from the same rows (the register's page shows both). */
  async registerWithHeatmap(assessment: Assessment, options?: HeatmapOptions) {
    const model = this.models.get(assessment.riskModelId!, assessment.riskModelVersion!);
    const [risks, measures] = await Promise.all([
      this.risks(this.db.manager, assessment.id),
      this.measures(this.db.manager, assessment.id),
    ]);
    const current = risks.filter((r) => r.status !== 'retired');
    const heatmap = options
      ? heatmapSvg(model, current, `Risk heat map: ${assessment.ref} ${assessment.title}`, options)
      : null;
    return { register: this.registerFrom(model, assessment, risks, measures), heatmap };
  }

  private registerFrom(model: RiskModel, assessment: Assessment, risks: RiskRow[], measures: MeasureRow[]) {
    const routing = this.routing(model, assessment, risks, measures);
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

  async heatmap(actor: Actor, assessmentId: string): Promise<string> {
    const assessment = await this.assessments.visible(actor, assessmentId);
    if (!assessment.riskModelId)
      throw new RiskException(RiskErrorCode.NoRegisterYet, 'The assessment has not reached risk assessment yet.');
    return (await this.heatmapOf(assessment)).svg;
  }

  /** The heat map of a scored assessment as SVG and as layout data (for drawing it in a PDF). */
  async heatmapOf(assessment: Assessment): Promise<{ svg: string; layout: HeatmapLayout }> {
    const model = this.models.get(assessment.riskModelId!, assessment.riskModelVersion!);
    const risks = (await this.risks(this.db.manager, assessment.id))
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
    const model = this.models.get(assessment.riskModelId, assessment.riskModelVersion!);
    return this.routing(
      model,
      assessment,
      await this.risks(manager, assessment.id),
      await this.measures(manager, assessment.id),
    );
  }

  /** The privacy officer's changes to one risk; every score needs a justification and is kept as history. */
  async adjust(actor: Actor, assessmentId: string, riskId: string, input: AdjustRiskDto) {
    await this.db.transaction(async (manager) => {
      const { model } = await this.lockForReviewer(manager, actor, assessmentId, SCORABLE_STATES);
      const [risk] = (await this.risks(manager, assessmentId)).filter((r) => r.id === riskId && r.status !== 'retired');
      if (!risk)
        throw new RiskException(
          RiskErrorCode.RiskNotFound,
          'No such risk on this assessment (or it was retired by a rescore).',
        );

      const errors: FieldError[] = [];
      const inherent = input.inherent
        ? this.scores(model, risk.inherent.dimensions, input.inherent, '/inherent', errors)
        : undefined;
      const residual = input.residual
        ? this.scores(model, (risk.residual ?? risk.inherent).dimensions, input.residual, '/residual', errors)
        : undefined;
      const target = input.target
        ? this.scores(
            model,
            (risk.target ?? risk.residual ?? risk.inherent).dimensions,
            input.target,
            '/target',
            errors,
          )
        : undefined;
      const treatment = input.treatment ?? risk.treatment;
      if (input.residual && !treatment)
        errors.push({ pointer: '/treatment', detail: 'treatment is required with a residual score' });
      if (errors.length > 0)
        throw new RiskException(RiskErrorCode.InvalidScores, 'Some scores are not valid; nothing was changed.', {
          errors,
        });

      // An eliminated risk sits at the bottom of every scale unless scored otherwise.
      const eliminated = input.treatment === 'eliminated' && !residual ? this.lowest(model) : undefined;
      const changes: [kind: string, before: unknown, after: unknown, justifications: Record<string, string>][] = [];
      if (inherent)
        changes.push(['inherent', risk.inherent, { ...inherent.position, adjusted: true }, inherent.justifications]);
      if (residual || eliminated)
        changes.push([
          'residual',
          risk.residual,
          residual?.position ?? eliminated,
          residual?.justifications ?? { all: 'eliminated' },
        ]);
      if (target) changes.push(['target', risk.target, target.position, target.justifications]);
      if (input.target === null) changes.push(['target', risk.target, null, {}]);
      if (input.treatment && input.treatment !== risk.treatment)
        changes.push(['treatment', risk.treatment, input.treatment, {}]);

      await manager.query(
        `UPDATE risks SET
           inherent = coalesce($2, inherent), residual = coalesce($3, residual),
           target = CASE WHEN $4::boolean THEN $5::jsonb ELSE target END,
           treatment = $6, owner_id = CASE WHEN $7::boolean THEN $8::uuid ELSE owner_id END,
           due_date = CASE WHEN $9::boolean THEN $10::date ELSE due_date END, status = coalesce($11, status), updated_at = now()
         WHERE id = $1`,
        [
          riskId,
          inherent ? JSON.stringify({ ...inherent.position, adjusted: true }) : null,
          residual || eliminated ? JSON.stringify(residual?.position ?? eliminated) : null,
          input.target !== undefined,
          target ? JSON.stringify(target.position) : null,
          treatment,
          input.ownerId !== undefined,
          input.ownerId ?? null,
          input.dueDate !== undefined,
          input.dueDate ?? null,
          input.status ?? null,
        ],
      );
      for (const [kind, before, after, justifications] of changes) {
        await manager.query(
          'INSERT INTO risk_adjustments (risk_id, kind, before, after, justifications, actor_id) VALUES ($1, $2, $3, $4, $5, $6)',
          [riskId, kind, JSON.stringify(before), JSON.stringify(after), JSON.stringify(justifications), actor.id],
        );
      }
    });
    return this.register(actor, assessmentId);
  }

  async history(actor: Actor, assessmentId: string, riskId: string) {
    await this.assessments.visible(actor, assessmentId);
    return this.db.query(
      `SELECT a.id::int AS id, a.kind, a.before, a.after, a.justifications, a.actor_id AS "actorId", a.at
         FROM risk_adjustments a JOIN risks r ON r.id = a.risk_id
        WHERE r.assessment_id = $1 AND r.id = $2 ORDER BY a.id`,
      [assessmentId, riskId],
    );
  }

  async addMeasure(actor: Actor, assessmentId: string, input: MeasureDto) {
    const id = await this.db.transaction(async (manager) => {
      await this.lockForReviewer(manager, actor, assessmentId, MEASURE_STATES);
      await this.checkRisksBelong(manager, assessmentId, input.riskIds);
      const [{ id: measureId }] = await manager.query(
        `INSERT INTO measures (assessment_id, title, description, owner_id, due_date, status) VALUES ($1, $2, $3, $4, $5, coalesce($6, 'planned')) RETURNING id`,
        [
          assessmentId,
          input.title,
          input.description ?? null,
          input.ownerId ?? null,
          input.dueDate ?? null,
          input.status ?? null,
        ],
      );
      await this.linkRisks(manager, measureId, input.riskIds);
      return measureId as string;
    });
    return measureView((await this.measures(this.db.manager, assessmentId)).find((m) => m.id === id)!);
  }

  async updateMeasure(actor: Actor, assessmentId: string, measureId: string, input: UpdateMeasureDto) {
    await this.db.transaction(async (manager) => {
      await this.lockForReviewer(manager, actor, assessmentId, MEASURE_STATES);
      if (!(await this.measures(manager, assessmentId)).some((m) => m.id === measureId)) {
        throw new RiskException(RiskErrorCode.MeasureNotFound, 'No such measure on this assessment.');
      }
      if (input.riskIds) await this.checkRisksBelong(manager, assessmentId, input.riskIds);
      await manager.query(
        `UPDATE measures SET title = coalesce($2, title), description = coalesce($3, description),
           owner_id = CASE WHEN $4::boolean THEN $5::uuid ELSE owner_id END, due_date = CASE WHEN $6::boolean THEN $7::date ELSE due_date END,
           status = coalesce($8, status), updated_at = now() WHERE id = $1`,
        [
          measureId,
          input.title ?? null,
          input.description ?? null,
          input.ownerId !== undefined,
          input.ownerId ?? null,
          input.dueDate !== undefined,
          input.dueDate ?? null,
          input.status ?? null,
        ],
      );
      if (input.riskIds) {
        await manager.query('DELETE FROM measure_risks WHERE measure_id = $1', [measureId]);
        await this.linkRisks(manager, measureId, input.riskIds);
      }
    });
    return measureView((await this.measures(this.db.manager, assessmentId)).find((m) => m.id === measureId)!);
  }

  /**
   * Rescoring under the newest version of the pinned model is explicit and recorded: in each risk's
   * history and in the event chain. Adjusted inherent scores stay; risks the new version no longer has
   * are retired, not deleted.
   */
  async rescore(actor: Actor, assessmentId: string, reason: string) {
    await this.db.transaction(async (manager) => {
      const { assessment, model: before } = await this.lockForReviewer(manager, actor, assessmentId, SCORABLE_STATES);
      const model = this.models.latest(before.id)!;
      await this.writeScoring(manager, assessment, model, this.score(model, assessment));
      await manager.query(
        `INSERT INTO risk_adjustments (risk_id, kind, before, after, justifications, actor_id)
         SELECT id, 'rescored', $2::jsonb, $3::jsonb, $4, $5 FROM risks WHERE assessment_id = $1`,
        [
          assessmentId,
          JSON.stringify({ model: before.id, version: before.version }),
          JSON.stringify({ model: model.id, version: model.version }),
          JSON.stringify({ reason }),
          actor.id,
        ],
      );
      await this.audit.append(manager, {
        assessmentId,
        type: 'RISK_RESCORED',
        fromState: assessment.state,
        toState: assessment.state,
        payload: {
          reason,
          from: { model: before.id, version: before.version },
          to: { model: model.id, version: model.version },
        },
        actorId: actor.id,
        machineVersion: assessment.machineVersion,
        at: new Date(),
      });
    });
    return this.register(actor, assessmentId);
  }

  private defaultModel(): RiskModel {
    const model = this.models.latest(this.config.templates.defaultRiskModel);
    if (!model) throw new Error(`the default risk model ${this.config.templates.defaultRiskModel} is not installed`);
    return model;
  }

  private score(model: RiskModel, assessment: Assessment): InherentScoring {
    const template = this.questionnaires.get(assessment.questionnaireId, assessment.questionnaireVersion);
    const state = evaluateQuestionnaire(template, assessment.answers);
    return scoreInherent(model, { answers: state.answers, inventory: state.inventory as DataElement[] });
  }

  /** Writes the register and pins the model; returns the assessment's new risk columns. */
  private async writeScoring(
    manager: EntityManager,
    assessment: Assessment,
    model: RiskModel,
    scoring: InherentScoring,
  ) {
    await manager.query(`UPDATE risks SET status = 'retired' WHERE assessment_id = $1 AND model_risk_id <> ALL($2)`, [
      assessment.id,
      scoring.risks.map((r) => r.riskId),
    ]);
    const rows = scoring.risks.map((risk) => ({
      model_risk_id: risk.riskId,
      label: risk.label,
      category: risk.category,
      computed: { dimensions: risk.dimensions, score: risk.score, level: risk.level, explanation: risk.explanation },
      inherent: { dimensions: risk.dimensions, score: risk.score, level: risk.level, adjusted: false },
    }));
    // One statement for the whole register: it runs inside a transition.
    await manager.query(
      `INSERT INTO risks (assessment_id, model_risk_id, label, category, computed, inherent)
       SELECT $1, r.model_risk_id, r.label, r.category, r.computed, r.inherent
         FROM jsonb_to_recordset($2::jsonb) AS r(model_risk_id varchar, label varchar, category varchar, computed jsonb, inherent jsonb)
       ON CONFLICT (assessment_id, model_risk_id) DO UPDATE SET
         computed = EXCLUDED.computed, label = EXCLUDED.label, status = CASE WHEN risks.status = 'retired' THEN 'open' ELSE risks.status END,
         inherent = CASE WHEN (risks.inherent->>'adjusted')::boolean THEN risks.inherent ELSE EXCLUDED.inherent END, updated_at = now()`,
      [assessment.id, JSON.stringify(rows)],
    );
    const findings = { scoredAt: new Date().toISOString(), factors: scoring.factors, legalFlags: scoring.legalFlags };
    await manager.query(
      'UPDATE assessments SET risk_model_id = $2, risk_model_version = $3, risk_findings = $4 WHERE id = $1',
      [assessment.id, model.id, model.version, JSON.stringify(findings)],
    );
    return { riskModelId: model.id, riskModelVersion: model.version, riskFindings: findings };
  }

  private routing(model: RiskModel, assessment: Assessment, risks: RiskRow[], measures: MeasureRow[]): RiskRouting {
    const current = risks.filter((r) => r.status !== 'retired');
    const incomplete = current.flatMap((r) => {
      if (!r.treatment || !r.residual) return [`${r.label}: needs a treatment and a residual score`];
      const needsMeasure =
        model.requireMeasure && r.treatment !== 'accepted' && !measures.some((m) => m.risk_ids.includes(r.id));
      return needsMeasure ? [`${r.label}: a ${r.treatment} risk needs at least one measure`] : [];
    });
    const positionOf = (r: RiskRow) => r.residual ?? r.inherent;
    const high = current.filter((r) => atLeast(positionOf(r).level, 'high'));
    const flags = ((assessment.riskFindings?.legalFlags as { label: string }[] | undefined) ?? []).map((f) => f.label);
    const accepted = current.filter(
      (r) => r.treatment === 'accepted' && r.residual && atLeast(r.residual.level, 'high'),
    );
    return {
      complete: incomplete.length === 0,
      incomplete,
      legalReviewRequired: high.length > 0 || flags.length > 0,
      legalReasons: [
        ...high.map((r) => `${r.label}: ${positionOf(r).level} ${r.residual ? 'residual' : 'inherent'} risk`),
        ...flags,
      ],
      escalation: accepted.length > 0,
      escalationReasons: accepted.map((r) => `${r.label}: ${r.residual!.level} residual risk accepted`),
    };
  }

  /**
   * What the actor may change on the register now, by the rule every change is checked against (for pages,
   * which show a form only where it would be accepted): scores, treatments and rescoring; measures.
   */
  managing(actor: Actor, assessment: Assessment): { scores: boolean; measures: boolean } {
    const may = (states: string[]) =>
      permissionsOf(actor.roles).has(Permission.RiskManage) && !this.reviewerRefusal(actor, assessment, states);
    return { scores: may(SCORABLE_STATES), measures: may(MEASURE_STATES) };
  }

  private async lockForReviewer(manager: EntityManager, actor: Actor, assessmentId: string, states: string[]) {
    const assessment = await this.assessments.lockVisible(manager, actor, assessmentId);
    const refusal = this.reviewerRefusal(actor, assessment, states);
    if (refusal) throw refusal;
    return { assessment, model: this.models.get(assessment.riskModelId!, assessment.riskModelVersion!) };
  }

  /** Why the actor may not change the assessment's risks in its current state, or undefined when they may. */
  private reviewerRefusal(actor: Actor, assessment: Assessment, states: string[]): RiskException | undefined {
    const { assignees = {} } = storedContextOf(assessment.snapshot);
    if (!isReviewer({ ownerId: assessment.ownerId, assignees }, actor, 'privacy_officer')) {
      return new RiskException(
        RiskErrorCode.NotReviewer,
        'Only the assessment’s privacy officer (the assigned one, if any), who does not own it, changes its risks.',
      );
    }
    if (!states.includes(assessment.state)) {
      return new RiskException(RiskErrorCode.WrongStage, `Not while the assessment is in ${assessment.state}.`, {
        extensions: { state: assessment.state },
      });
    }
    if (!assessment.riskModelId)
      return new RiskException(RiskErrorCode.NotScored, 'The assessment has not been scored yet.');
    return undefined;
  }

  /** Checks a partial set of scores against the model's scales; returns the merged position and justifications. */
  private scores(
    model: RiskModel,
    current: Dimensions,
    given: Record<string, unknown>,
    pointer: string,
    errors: FieldError[],
  ) {
    const dimensions: Dimensions = { ...current };
    const justifications: Record<string, string> = {};
    if (Object.keys(given).length === 0)
      errors.push({ pointer, detail: `must name at least one of ${model.dimensions.map((d) => d.id).join(', ')}` });
    for (const [id, raw] of Object.entries(given)) {
      const dimension = model.dimensions.find((d) => d.id === id);
      const at = `${pointer}/${id}`;
      if (!dimension) {
        errors.push({
          pointer: at,
          detail: `is not a dimension of ${model.id}; use ${model.dimensions.map((d) => d.id).join(', ')}`,
        });
        continue;
      }
      const { value, justification } = (raw ?? {}) as { value?: unknown; justification?: unknown };
      if (!Number.isInteger(value) || (value as number) < dimension.min || (value as number) > dimension.max) {
        errors.push({
          pointer: `${at}/value`,
          detail: `must be a whole number from ${dimension.min} to ${dimension.max}`,
        });
      }
      if (typeof justification !== 'string' || !justification.trim() || justification.length > 5000) {
        errors.push({ pointer: `${at}/justification`, detail: 'is required: say why (at most 5000 characters)' });
      }
      dimensions[id] = value as number;
      justifications[id] = justification as string;
    }
    return { position: position(model, dimensions) as Position, justifications };
  }

  private lowest(model: RiskModel): Position {
    return position(model, Object.fromEntries(model.dimensions.map((d) => [d.id, d.min])));
  }

  private async checkRisksBelong(manager: EntityManager, assessmentId: string, riskIds: string[]): Promise<void> {
    const found: { id: string }[] = await manager.query(
      'SELECT id FROM risks WHERE assessment_id = $1 AND id = ANY($2)',
      [assessmentId, riskIds],
    );
    const errors = riskIds.flatMap((id, i) =>
      found.some((f) => f.id === id) ? [] : [{ pointer: `/riskIds/${i}`, detail: 'is not a risk of this assessment' }],
    );
    if (errors.length > 0)
      throw new RiskException(RiskErrorCode.InvalidScores, 'A measure can only treat risks of its own assessment.', {
        errors,
      });
  }

  private async linkRisks(manager: EntityManager, measureId: string, riskIds: string[]): Promise<void> {
    await manager.query('INSERT INTO measure_risks (measure_id, risk_id) SELECT $1, unnest($2::uuid[])', [
      measureId,
      riskIds,
    ]);
  }

  private risks(manager: EntityManager, assessmentId: string): Promise<RiskRow[]> {
    return manager.query(
      `SELECT id, assessment_id, model_risk_id, label, category, computed, inherent, residual, target, treatment, owner_id,
              to_char(due_date, 'YYYY-MM-DD') AS due_date, status, updated_at
         FROM risks WHERE assessment_id = $1 ORDER BY category, model_risk_id`,
      [assessmentId],
    );
  }

  private measures(manager: EntityManager, assessmentId: string): Promise<MeasureRow[]> {
    return manager.query(
      `SELECT m.id, m.title, m.description, m.owner_id, to_char(m.due_date, 'YYYY-MM-DD') AS due_date, m.status,
              coalesce(array_agg(mr.risk_id) FILTER (WHERE mr.risk_id IS NOT NULL), '{}') AS risk_ids
         FROM measures m LEFT JOIN measure_risks mr ON mr.measure_id = m.id
        WHERE m.assessment_id = $1 GROUP BY m.id ORDER BY m.created_at`,
      [assessmentId],
    );
  }
}
