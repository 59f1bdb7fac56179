import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import type { MeasureDto, UpdateMeasureDto } from './dto/risk.dto';
import { RiskAccess } from './risk-access.service';
import { RiskErrorCode, RiskException } from './risk.exception';
import { measuresOf } from './risk-rows';
import { measureView } from './risk-view';

/** The measures that treat a register's risks: planned in the risk stage, their progress kept up during remediation. */
@Injectable()
export class RiskMeasuresService {
  constructor(
    private readonly db: DataSource,
    private readonly access: RiskAccess,
  ) {}

  async addMeasure(actor: Actor, assessmentId: string, input: MeasureDto) {
    const id = await this.db.transaction(async (manager) => {
      await this.access.lockForChange(manager, actor, assessmentId, 'measures');
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
    return measureView((await measuresOf(this.db.manager, assessmentId)).find((m) => m.id === id)!);
  }

  async updateMeasure(actor: Actor, assessmentId: string, measureId: string, input: UpdateMeasureDto) {
    await this.db.transaction(async (manager) => {
      await this.access.lockForChange(manager, actor, assessmentId, 'measures');
      if (!(await measuresOf(manager, assessmentId)).some((m) => m.id === measureId)) {
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
    return measureView((await measuresOf(this.db.manager, assessmentId)).find((m) => m.id === measureId)!);
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
}
