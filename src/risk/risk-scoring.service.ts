import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AssessmentsService } from '../assessments/assessments.service';
import type { Assessment } from '../assessments/entities/assessment.entity';
import type { DataElement } from '../assessments/inventory/data-element';
import { evaluateQuestionnaire } from '../assessments/questionnaire/questionnaire-state';
import { QuestionnaireRegistry } from '../assessments/questionnaire/questionnaire.registry';
import { AuditLogService } from '../audit/audit-log.service';
import type { Actor } from '../common/auth/actor';
import { AppConfig } from '../config/app-config';
import { RiskModelRegistry } from './model/risk-model.registry';
import type { RiskModel } from './model/risk-model.types';
import { RiskAccess } from './risk-access.service';
import { RiskRegisterService } from './risk-register.service';
import { type InherentScoring, scoreInherent } from './scoring/scoring';

/**
 * Inherent risk computed from the answers under a pinned model: on entering the risk stage, and on an explicit
 * rescore under the model's newest version.
 */
@Injectable()
export class RiskScoringService {
  constructor(
    private readonly db: DataSource,
    private readonly models: RiskModelRegistry,
    private readonly questionnaires: QuestionnaireRegistry,
    private readonly assessments: AssessmentsService,
    private readonly access: RiskAccess,
    private readonly registers: RiskRegisterService,
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

  /**
   * Rescoring under the newest version of the pinned model is explicit and recorded: in each risk's
   * history and in the event chain. Adjusted inherent scores stay; risks the new version no longer has
   * are retired, not deleted.
   */
  async rescore(actor: Actor, assessmentId: string, reason: string) {
    await this.db.transaction(async (manager) => {
      const { assessment, model: before } = await this.access.lockForChange(manager, actor, assessmentId, 'scores');
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
    return this.registers.register(actor, assessmentId);
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
    const pinned = { riskModelId: model.id, riskModelVersion: model.version, riskFindings: findings };
    await this.assessments.pinRiskModel(manager, assessment.id, pinned);
    return pinned;
  }
}
