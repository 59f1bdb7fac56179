import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '../assessments/assessments.service';
import { AuditLogService } from '../audit/audit-log.service';
import type { Actor } from '../common/auth/actor';

/** An assessment's event history and its chain check, for those who may read the assessment. */
@Injectable()
export class WorkflowHistoryService {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly audit: AuditLogService,
  ) {}

  async history(actor: Actor, assessmentId: string) {
    await this.assessments.visible(actor, assessmentId); // reach check: 404 otherwise
    const events = await this.audit.history(assessmentId);
    const people = await this.assessments.people(events.flatMap((e) => (e.actorId ? [e.actorId] : [])));
    return events.map((e) => ({
      seq: e.seq,
      type: e.type,
      from: e.fromState,
      to: e.toState,
      actor: e.actorId ? people.get(e.actorId) : { id: null, displayName: 'the engine' },
      at: e.at,
      payload: e.payload,
      machineVersion: e.machineVersion,
      prevHash: e.prevHash,
      hash: e.hash,
    }));
  }

  async verify(actor: Actor, assessmentId: string) {
    await this.assessments.visible(actor, assessmentId);
    return this.audit.verify(assessmentId);
  }
}
