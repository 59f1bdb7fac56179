import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssessmentsService } from '../assessments/assessments.service';
import type { Actor } from '../common/auth/actor';
import type { FieldError } from '../common/errors/problem-details';
import type { AdjustRiskDto } from './dto/risk.dto';
import { RiskAccess } from './risk-access.service';
import { RiskErrorCode, RiskException } from './risk.exception';
import { RiskRegisterService } from './risk-register.service';
import { risksOf } from './risk-rows';
import { adjustedScores, lowestPosition } from './scoring/adjusted-scores';

/** The privacy officer's changes to the risks of a register, each score justified and kept as the risk's history. */
@Injectable()
export class RiskAdjustmentsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: RiskAccess,
    private readonly assessments: AssessmentsService,
    private readonly registers: RiskRegisterService,
  ) {}

  /** The privacy officer's changes to one risk; every score needs a justification and is kept as history. */
  async adjust(actor: Actor, assessmentId: string, riskId: string, input: AdjustRiskDto) {
    await this.db.transaction(async (manager) => {
      const { model } = await this.access.lockForChange(manager, actor, assessmentId, 'scores');
      const [risk] = (await risksOf(manager, assessmentId)).filter((r) => r.id === riskId && r.status !== 'retired');
      if (!risk)
        throw new RiskException(
          RiskErrorCode.RiskNotFound,
          'No such risk on this assessment (or it was retired by a rescore).',
        );

      const errors: FieldError[] = [];
      const inherent = input.inherent
        ? adjustedScores(model, risk.inherent.dimensions, input.inherent, '/inherent', errors)
        : undefined;
      const residual = input.residual
        ? adjustedScores(model, (risk.residual ?? risk.inherent).dimensions, input.residual, '/residual', errors)
        : undefined;
      const target = input.target
        ? adjustedScores(
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
      const eliminated = input.treatment === 'eliminated' && !residual ? lowestPosition(model) : undefined;
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
    return this.registers.register(actor, assessmentId);
  }

  /** A risk's adjustments (and rescorings), oldest first. */
  async history(actor: Actor, assessmentId: string, riskId: string) {
    await this.assessments.visible(actor, assessmentId);
    return this.db.query(
      `SELECT a.id::int AS id, a.kind, a.before, a.after, a.justifications, a.actor_id AS "actorId", a.at
         FROM risk_adjustments a JOIN risks r ON r.id = a.risk_id
        WHERE r.assessment_id = $1 AND r.id = $2 ORDER BY a.id`,
      [assessmentId, riskId],
    );
  }
}
