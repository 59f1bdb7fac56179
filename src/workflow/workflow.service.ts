import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { TIMED_STAGES } from '../assessments/assessment-state';
import { AssessmentsService } from '../assessments/assessments.service';
import { Assessment } from '../assessments/entities/assessment.entity';
import { AuditLogService } from '../audit/audit-log.service';
import type { Actor } from '../common/auth/actor';
import { permissionsOf } from '../common/auth/permissions';
import { AppConfig } from '../config/app-config';
import { ReauthenticationService } from '../identity/reauthentication.service';
import { UsersService } from '../identity/users.service';
import { AccessPolicy } from '../common/auth/access-policy';
import type { DecisionOutcome } from '../decisions/record/decision-record';
import { recordDecision } from '../decisions/record-decision';
import type { Role } from '../common/auth/roles';
import { type RiskRouting, RiskService } from '../risk/risk.service';
import {
  type AssessmentContext,
  type AssessmentEvent,
  type AssignableRole,
  type EventActor,
  type EventFacts,
  OUTBOX_ACTIONS,
  SYSTEM_ACTOR,
} from './assessment-machine.types';
import { USER_EVENT_TYPES, type UserEventType } from './dto/workflow-event.dto';
import { EVENT_PERMISSIONS, SIGNED_EVENTS } from './event-permissions';
import { MachineRegistry } from './machine.registry';
import { OutboxRelay } from './outbox/outbox-relay';
import { WorkflowErrorCode, WorkflowException } from './workflow.exception';

/** An event as sent: its type and payload, without the actor and facts the service adds. */
export type IncomingEvent = { type: AssessmentEvent['type'] } & Record<string, unknown>;

export interface TransitionResult {
  state: string;
  version: number;
  allowedEvents: UserEventType[];
}

const DAY_MS = 86_400_000;
const TIMED = new Set<string>(TIMED_STAGES);

/**
 * The one transition path. Every change of an assessment's stage, from HTTP, a job or the CLI, goes
 * through apply(): lock the row, check the version, rehydrate the snapshot, check the permission, ask
 * the machine, transition, then write the row, the chained event and the outbox in one transaction.
 */
@Injectable()
export class WorkflowService {
  private readonly logger = new Logger(WorkflowService.name);

  constructor(
    private readonly db: DataSource,
    private readonly machines: MachineRegistry,
    private readonly assessments: AssessmentsService,
    private readonly audit: AuditLogService,
    private readonly config: AppConfig,
    private readonly outbox: OutboxRelay,
    private readonly risk: RiskService,
    private readonly users: UsersService,
    private readonly policy: AccessPolicy,
    private readonly reauthentication: ReauthenticationService,
  ) {}

  async apply(
    actor: Actor | 'system',
    assessmentId: string,
    incoming: IncomingEvent,
    expectedVersion?: number,
  ): Promise<TransitionResult> {
    const event = await this.confirmSignature(actor, incoming);
    const result = await this.db.transaction(async (manager) => {
      // 1. Lock the row (and check reach: people see only what AccessPolicy allows).
      const row =
        actor === 'system'
          ? await this.lockForEngine(manager, assessmentId)
          : await this.assessments.lockVisible(manager, actor, assessmentId);
      // 2. The optional If-Match.
      if (expectedVersion !== undefined && expectedVersion !== row.version) {
        throw new WorkflowException(
          WorkflowErrorCode.StaleVersion,
          `The assessment is at version ${row.version}, not ${expectedVersion}; reload it.`,
          {
            extensions: { currentVersion: row.version, state: row.state },
          },
        );
      }
      // 3. Rehydrate on the version the assessment started with.
      const machine = this.machines.get(row.machineVersion);
      const snapshot = machine.resolveState(row.snapshot as never);
      // 4. The permission for this event.
      const eventActor = actor === 'system' ? SYSTEM_ACTOR : { id: actor.id, roles: actor.roles };
      if (actor !== 'system' && !permissionsOf(actor.roles).has(EVENT_PERMISSIONS[event.type as UserEventType])) {
        throw new WorkflowException(WorkflowErrorCode.NotPermitted, `Your roles do not allow ${event.type}.`);
      }
      // 5. What the machine allows now, with the facts the server works out.
      const submission =
        event.type === 'SUBMIT' || event.type === 'RESUBMIT' ? this.assessments.submissionCheck(row) : undefined;
      const routing = await this.routing(manager, row);
      const facts = await this.facts(manager, row, event, submission?.missing.length === 0, routing);
      const full = { ...event, actor: eventActor, facts } as AssessmentEvent;
      if (!snapshot.can(full)) {
        if (
          submission &&
          submission.missing.length > 0 &&
          snapshot.can({ ...full, facts: { ...facts, complete: true } })
        ) {
          throw new WorkflowException(
            WorkflowErrorCode.Incomplete,
            'The assessment is not complete; see what is missing in each section.',
            {
              errors: submission.missing.flatMap((s) => s.missing),
              extensions: { sections: submission.missing },
            },
          );
        }
        if (facts.riskComplete === false && snapshot.can({ ...full, facts: { ...facts, riskComplete: true } })) {
          throw new WorkflowException(WorkflowErrorCode.RiskIncomplete, 'Some risks are not treated yet.', {
            extensions: { incomplete: routing?.incomplete ?? [] },
          });
        }
        const allowedEvents =
          actor === 'system'
            ? []
            : this.allowedFor(snapshot, eventActor, await this.facts(manager, row, undefined, true, routing));
        throw new WorkflowException(
          WorkflowErrorCode.NotAllowedNow,
          `${event.type} is not allowed for you while the assessment is in ${row.state}.`,
          {
            extensions: { state: row.state, allowedEvents },
          },
        );
      }
      if (event.type === 'APPROVE') await this.checkConditionOwners(row, event);
      // 6. The pure transition.
      const [next, actions] = transition(machine, snapshot, full);
      const from = row.state;
      const to = String(next.value);
      const at = new Date();

      // 7. The row, with its new snapshot, version and stage deadline. Plain SQL: this is the hot path.
      const version = row.version + 1;
      await manager.query(
        `UPDATE assessments
            SET snapshot = $2, state = $3, version = $4, stage_deadline_at = $5, updated_at = $6,
                screening = coalesce($7, screening), submitted_at = CASE WHEN $7::jsonb IS NULL THEN submitted_at ELSE $6 END
          WHERE id = $1`,
        [
          assessmentId,
          JSON.stringify(machine.getPersistedSnapshot(next)),
          to,
          version,
          this.deadline(from, to, event.type, at, row.stageDeadlineAt),
          at,
          submission?.screening ? JSON.stringify(submission.screening) : null,
        ],
      );

      // 8. The event, chained to the previous one.
      const { type, ...payload } = event;
      const logged = await this.audit.append(manager, {
        assessmentId,
        type,
        fromState: from,
        toState: to,
        payload,
        actorId: actor === 'system' ? null : actor.id,
        machineVersion: row.machineVersion,
        at,
      });
      row.version = version;
      row.state = to;
      // Entering the risk stage scores inherent risk, in the same transaction as the transition.
      if (to === 'risk_assessment' && from !== 'risk_assessment')
        Object.assign(row, await this.risk.scoreOnEntry(manager, row));

      // 9. The side effects, for after commit; a decision is recorded now, its documents rendered later.
      const effects = actions.filter((a) => (OUTBOX_ACTIONS as readonly string[]).includes(a.type));
      const decision = effects.find((a) => (a.type as string) === 'renderDecision') as { params?: unknown } | undefined;
      if (decision) {
        await recordDecision(manager, {
          assessmentId,
          eventId: logged.id,
          cycle: (next.context as AssessmentContext).cycle,
          outcome: (decision.params as { outcome: DecisionOutcome }).outcome,
          reasons: typeof event.reason === 'string' && event.reason.trim() ? event.reason : null,
          decidedAt: at,
          decidedBy: actor === 'system' ? null : actor.id,
          retention: { class: this.config.records.retentionClass, years: this.config.records.retentionYears },
        });
      }
      if (effects.length > 0) {
        await manager.query(
          `INSERT INTO outbox (assessment_id, event_id, action, params)
           SELECT $1, $2, action, params FROM unnest($3::text[], $4::jsonb[]) AS e(action, params)`,
          [
            assessmentId,
            logged.id,
            effects.map((a) => a.type),
            effects.map((a) => JSON.stringify(this.effectParams(a, event))),
          ],
        );
      }
      this.logger.log(
        { assessmentId, from, event: type, to, machineVersion: row.machineVersion, seq: logged.seq },
        'transition',
      );
      let allowedEvents: UserEventType[] = [];
      if (actor !== 'system') {
        // Risk work changes nothing for routing within the stage, so its routing is read again only on entry.
        const nextRouting =
          to !== 'risk_assessment' ? undefined : from === to ? routing : await this.routing(manager, row);
        allowedEvents = this.allowedFor(next, eventActor, await this.facts(manager, row, undefined, true, nextRouting));
      }
      return { result: { state: to, version: row.version, allowedEvents }, sideEffects: effects.length };
    });
    // Committed: hand the side effects on at once rather than at the next poll.
    if (result.sideEffects > 0 && this.config.jobs.workers) void this.outbox.kick();
    return result.result;
  }

  /**
   * Approving and rejecting are signatures: the signer re-enters their password (failures count towards
   * the login lockout), checked before the row is locked. The password goes no further than this.
   */
  private async confirmSignature(actor: Actor | 'system', event: IncomingEvent): Promise<IncomingEvent> {
    if (actor === 'system' || !SIGNED_EVENTS.has(event.type)) return event;
    const { password, ...rest } = event;
    await this.reauthentication.confirm(actor, typeof password === 'string' ? password : '');
    return rest as IncomingEvent;
  }

  /** The events this person may send now. */
  async allowedEvents(
    actor: Actor,
    assessmentId: string,
  ): Promise<{ state: string; version: number; allowedEvents: UserEventType[] }> {
    const row = await this.assessments.visible(actor, assessmentId);
    const snapshot = this.machines.get(row.machineVersion).resolveState(row.snapshot as never);
    const complete =
      row.state === 'draft' || row.state === 'changes_requested'
        ? this.assessments.submissionCheck(row).missing.length === 0
        : true;
    const facts = await this.facts(this.db.manager, row, undefined, complete, await this.routing(this.db.manager, row));
    return {
      state: row.state,
      version: row.version,
      allowedEvents: this.allowedFor(snapshot, { id: actor.id, roles: actor.roles }, facts),
    };
  }

  /**
   * Who this person may assign to `role` now: active holders of the role who can reach the assessment (the
   * ASSIGN facts) and whom the machine's guard accepts (not the owner, not both counsel and approver). Empty when
   * the person may not assign at all. ASSIGN itself decides again when it is sent.
   */
  async assignable(actor: Actor, assessmentId: string, role: AssignableRole): Promise<Actor[]> {
    const row = await this.assessments.visible(actor, assessmentId);
    const snapshot = this.machines.get(row.machineVersion).resolveState(row.snapshot as never);
    if (!permissionsOf(actor.roles).has(EVENT_PERMISSIONS.ASSIGN)) return [];
    const facts = await this.facts(this.db.manager, row, undefined, true, await this.routing(this.db.manager, row));
    const eventActor = { id: actor.id, roles: actor.roles };
    const holders = (await this.users.activeActorsWithRole(role as Role)).filter((user) =>
      this.policy.canSee(user, row),
    );
    return holders
      .filter((user) =>
        snapshot.can({
          type: 'ASSIGN',
          role,
          userId: user.id,
          actor: eventActor,
          facts: { ...facts, assigneeHasRole: true },
        } as AssessmentEvent),
      )
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /**
   * What keeps this person from completing the risk stage now, in the words of the 422 that COMPLETE_RISK_ASSESSMENT
   * would answer (each untreated risk); empty when nothing but the register blocks it, or the event is not theirs.
   */
  async riskBlockers(actor: Actor, assessmentId: string): Promise<string[]> {
    const row = await this.assessments.visible(actor, assessmentId);
    const routing = await this.routing(this.db.manager, row);
    if (!routing || routing.complete || !permissionsOf(actor.roles).has(EVENT_PERMISSIONS.COMPLETE_RISK_ASSESSMENT))
      return [];
    const snapshot = this.machines.get(row.machineVersion).resolveState(row.snapshot as never);
    const facts = await this.facts(this.db.manager, row, undefined, true, routing);
    const probe = {
      type: 'COMPLETE_RISK_ASSESSMENT',
      actor: { id: actor.id, roles: actor.roles },
      facts: { ...facts, riskComplete: true },
    } as AssessmentEvent;
    return snapshot.can(probe) ? routing.incomplete : [];
  }

  /** The machine definition, for GET /workflow. */
  definition(): { version: string; machine: AnyStateMachine } {
    return this.machines.latest();
  }

  private allowedFor(snapshot: AnyMachineSnapshot, actor: EventActor, facts: EventFacts): UserEventType[] {
    const permissions = permissionsOf(actor.roles as never);
    return USER_EVENT_TYPES.filter(
      (type) => permissions.has(EVENT_PERMISSIONS[type]) && snapshot.can({ ...probe(type, facts), actor, facts }),
    );
  }

  /** Where the risk stage leads; read only while the assessment is in it. */
  private routing(manager: EntityManager, row: Assessment): Promise<RiskRouting | undefined> {
    return row.state === 'risk_assessment' ? this.risk.routingFor(manager, row) : Promise.resolve(undefined);
  }

  /** What the machine's guards need to know that only the server can say. */
  private async facts(
    manager: EntityManager,
    row: Assessment,
    event: IncomingEvent | undefined,
    complete: boolean,
    routing: RiskRouting | undefined,
  ): Promise<EventFacts> {
    const facts: EventFacts = {
      complete,
      proposedOutcome: row.screening?.proposedOutcome,
      legalReviewRequired: routing?.legalReviewRequired ?? true,
      riskComplete: routing?.complete ?? true,
      assigneeHasRole: true,
    };
    if (event?.type === 'ASSIGN') {
      // The assignee must be able to act: active, holding the role, and within reach of the assessment.
      const assignee = await this.users.findActiveActor(String(event.userId));
      facts.assigneeHasRole =
        !!assignee && assignee.roles.includes(event.role as Role) && this.policy.canSee(assignee, row);
    }
    if (event?.type === 'CONDITIONS_MET') {
      const [{ open }] = await manager.query(
        `SELECT count(*)::int AS open FROM action_items WHERE assessment_id = $1 AND status = 'open'`,
        [row.id],
      );
      facts.openActionItems = open;
    }
    return facts;
  }

  /**
   * Who may own a condition of approval: an active person who can reach the assessment once it is approved
   * with conditions (the owner closes them there). The page offers these; checkConditionOwners holds to them.
   */
  async conditionOwnerCandidates(actor: Actor, assessmentId: string): Promise<Actor[]> {
    const row = await this.assessments.visible(actor, assessmentId);
    return (await this.users.activeActorsWithAnyRole())
      .filter((person) => this.canOwnConditions(person, row))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  private canOwnConditions(person: Actor, row: Assessment): boolean {
    return this.policy.canSee(person, { ownerId: row.ownerId, department: row.department, state: 'remediation' });
  }

  /** A condition's owner must be a real, active person who can reach it: conditions become action items they answer for. */
  private async checkConditionOwners(row: Assessment, event: IncomingEvent): Promise<void> {
    const conditions = (event.conditions as { ownerId?: string }[] | undefined) ?? [];
    const named = [...new Set(conditions.flatMap((c) => (c.ownerId ? [c.ownerId] : [])))];
    if (named.length === 0) return;
    const people = new Map<string, Actor | undefined>();
    for (const id of named) people.set(id, await this.users.findActiveActor(id));
    const errors = conditions.flatMap((c, i) => {
      if (!c.ownerId) return [];
      const person = people.get(c.ownerId);
      if (!person) return [{ pointer: `/conditions/${i}/ownerId`, detail: 'is not an active user' }];
      if (!this.canOwnConditions(person, row))
        return [{ pointer: `/conditions/${i}/ownerId`, detail: 'cannot reach this assessment' }];
      return [];
    });
    if (errors.length > 0)
      throw new WorkflowException(
        WorkflowErrorCode.InvalidConditionOwner,
        'A condition names an owner who cannot take it on.',
        { errors },
      );
  }

  /** Entering a review stage starts its clock; a passed deadline sets the next reminder; leaving review stops it. */
  private deadline(from: string, to: string, type: string, at: Date, current: Date | null): Date | null {
    if (!TIMED.has(to)) return null;
    if (type === 'DEADLINE_PASSED') return new Date(at.getTime() + this.config.workflow.reminderDays * DAY_MS);
    if (from !== to) return new Date(at.getTime() + (this.config.workflow.stageDeadlineDays[to] ?? 10) * DAY_MS);
    return current;
  }

  private effectParams(action: { type: string; params?: unknown }, event: IncomingEvent): Record<string, unknown> {
    const params = { ...((action.params as Record<string, unknown>) ?? {}) };
    if (action.type === 'notify' && params.to === 'assignee') params.userId = event.userId;
    if (action.type === 'createActionItems') params.conditions = event.conditions;
    return params;
  }

  private async lockForEngine(manager: EntityManager, id: string): Promise<Assessment> {
    const row = await manager.getRepository(Assessment).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new Error(`assessment ${id} does not exist`);
    return row;
  }
}

/** A representative event of a type, to ask the machine whether the type is possible at all. */
function probe(type: UserEventType, facts: EventFacts): IncomingEvent {
  switch (type) {
    case 'CONFIRM_SCREENING':
      return { type, outcome: facts.proposedOutcome ?? 'pia' };
    case 'REQUEST_CHANGES':
    case 'REJECT':
      return { type, reason: 'probe' };
    case 'ASSIGN':
      return { type, role: 'legal_counsel', userId: 'probe' };
    default:
      return { type };
  }
}
