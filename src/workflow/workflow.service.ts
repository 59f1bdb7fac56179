import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { TIMED_STAGES } from '../assessments/assessment-state';
import { AssessmentsService } from '../assessments/assessments.service';
import type { Assessment } from '../assessments/entities/assessment.entity';
import { AuditLogService } from '../audit/audit-log.service';
import { AccessPolicy } from '../common/auth/access-policy';
import type { Actor } from '../common/auth/actor';
import { permissionsOf } from '../common/auth/permissions';
import type { Role } from '../common/auth/roles';
import { AppConfig } from '../config/app-config';
import { ReauthenticationService } from '../identity/reauthentication.service';
import { UsersService } from '../identity/users.service';
import {
  type AssessmentContext,
  type AssessmentEvent,
  type AssignableRole,
  type EventActor,
  type EventFacts,
  OUTBOX_ACTIONS,
  REVIEW_NAMES,
  type SentEvent,
  stageOf,
  SYSTEM_ACTOR,
} from './assessment-machine.types';
import { USER_EVENT_TYPES, type UserEventType } from './dto/workflow-event.dto';
import { EVENT_PERMISSIONS, SIGNED_EVENTS } from './event-permissions';
import { TransitionHooks } from './hooks/transition-hooks';
import { MachineRegistry } from './machine.registry';
import { OutboxRelay } from './outbox/outbox-relay';
import { WorkflowErrorCode, WorkflowException } from './workflow.exception';

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
 * Features take part through transition hooks (hooks/transition-hook.ts), never inline here.
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
    private readonly hooks: TransitionHooks,
    private readonly users: UsersService,
    private readonly policy: AccessPolicy,
    private readonly reauthentication: ReauthenticationService,
  ) {}

  async apply(
    actor: Actor | 'system',
    assessmentId: string,
    sent: SentEvent,
    expectedVersion?: number,
  ): Promise<TransitionResult> {
    const event = await this.confirmSignature(actor, sent);
    const result = await this.db.transaction(async (manager) => {
      // 1. Lock the row (and check reach: people see only what AccessPolicy allows).
      const row = await this.lock(manager, actor, assessmentId);
      // 2. The optional If-Match.
      if (expectedVersion !== undefined && expectedVersion !== row.version) {
        throw new WorkflowException(
          WorkflowErrorCode.StaleVersion,
          `The assessment is at version ${row.version}, not ${expectedVersion}; reload it.`,
          { extensions: { currentVersion: row.version, state: row.state } },
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
      // 5. What the machine allows now, with the facts the server works out; a refusal says why.
      const submission =
        event.type === 'SUBMIT' || event.type === 'RESUBMIT' ? this.assessments.submissionCheck(row) : undefined;
      const facts = await this.facts(manager, row, event, submission?.missing.length === 0);
      const full = { ...event, actor: eventActor, facts } as AssessmentEvent;
      if (!snapshot.can(full)) throw await this.refusal(manager, actor, row, snapshot, full, submission?.missing);
      await this.hooks.check({ manager, row, event });
      // 6. The pure transition.
      const [next, actions] = transition(machine, snapshot, full);
      const from = row.state;
      const to = stageOf(next.value);
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

      // 9. The features' own writes (risk scores on entry, the decision), then the side effects for after commit.
      const effects = actions.filter((a) => (OUTBOX_ACTIONS as readonly string[]).includes(a.type));
      const context = next.context as AssessmentContext;
      await this.hooks.within({
        manager,
        row,
        actor,
        event,
        from,
        to,
        eventId: logged.id,
        at,
        context,
        actions: effects,
      });
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
      // 10. What the person may do next.
      const allowedEvents =
        actor === 'system' ? [] : this.allowedFor(next, eventActor, await this.facts(manager, row, undefined, true));
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
  private async confirmSignature(actor: Actor | 'system', event: SentEvent): Promise<SentEvent> {
    if (actor === 'system' || !SIGNED_EVENTS.has(event.type)) return event;
    const { password, ...rest } = event;
    await this.reauthentication.confirm(actor, password ?? '');
    return rest as SentEvent;
  }

  /**
   * Why the machine refused: the questionnaire is incomplete (422, each missing answer), a feature's fact stands in
   * the way (its hook's 4xx), or the event is not open to this person now (409, with what is).
   */
  private async refusal(
    manager: EntityManager,
    actor: Actor | 'system',
    row: Assessment,
    snapshot: AnyMachineSnapshot,
    event: AssessmentEvent,
    missing: ReturnType<AssessmentsService['submissionCheck']>['missing'] | undefined,
  ): Promise<WorkflowException | Error> {
    const facts = event.facts ?? {};
    const would = (changed: Partial<EventFacts>) => snapshot.can({ ...event, facts: { ...facts, ...changed } });
    if (missing && missing.length > 0 && would({ complete: true })) {
      return new WorkflowException(
        WorkflowErrorCode.Incomplete,
        'The assessment is not complete; see what is missing in each section.',
        { errors: missing.flatMap((s) => s.missing), extensions: { sections: missing } },
      );
    }
    const { actor: _, facts: __, ...sent } = event;
    const fromHook = await this.hooks.refusal({ manager, row, event: sent as SentEvent }, facts, would);
    if (fromHook) return fromHook;
    const allowedEvents =
      actor === 'system' ? [] : this.allowedFor(snapshot, event.actor, await this.facts(manager, row, undefined, true));
    return new WorkflowException(
      WorkflowErrorCode.NotAllowedNow,
      `${event.type} is not allowed for you while the assessment is in ${row.state}.`,
      { extensions: { state: row.state, allowedEvents } },
    );
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
    const facts = await this.facts(this.db.manager, row, undefined, complete);
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
    const facts = await this.facts(this.db.manager, row, undefined, true);
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
        }),
      )
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /**
   * The 4xx a feature would give if this person sent the event now (say, the untreated risks that keep
   * COMPLETE_RISK_ASSESSMENT from being accepted); undefined when nothing but the machine's own rules stands in the way.
   */
  async blockedBy(actor: Actor, assessmentId: string, event: SentEvent) {
    if (!permissionsOf(actor.roles).has(EVENT_PERMISSIONS[event.type as UserEventType])) return undefined;
    const row = await this.assessments.visible(actor, assessmentId);
    const snapshot = this.machines.get(row.machineVersion).resolveState(row.snapshot as never);
    const facts = await this.facts(this.db.manager, row, event, true);
    const full = { ...event, actor: { id: actor.id, roles: actor.roles }, facts } as AssessmentEvent;
    if (snapshot.can(full)) return undefined;
    const would = (changed: Partial<EventFacts>) => snapshot.can({ ...full, facts: { ...facts, ...changed } });
    return this.hooks.refusal({ manager: this.db.manager, row, event }, facts, would);
  }

  /** Whether this person may send exactly this event now: a page offering one named review's forms asks. */
  async may(actor: Actor, assessmentId: string, event: SentEvent): Promise<boolean> {
    if (!permissionsOf(actor.roles).has(EVENT_PERMISSIONS[event.type as UserEventType])) return false;
    const row = await this.assessments.visible(actor, assessmentId);
    const snapshot = this.machines.get(row.machineVersion).resolveState(row.snapshot as never);
    const facts = await this.facts(this.db.manager, row, event, true);
    return snapshot.can({ ...event, actor: { id: actor.id, roles: actor.roles }, facts } as AssessmentEvent);
  }

  /** The machine definition, for GET /workflow: the version asked for, else the latest. */
  definition(version?: string): { version: string; machine: AnyStateMachine } {
    return version ? { version, machine: this.machines.get(version) } : this.machines.latest();
  }

  private allowedFor(snapshot: AnyMachineSnapshot, actor: EventActor, facts: EventFacts): UserEventType[] {
    const permissions = permissionsOf(actor.roles as never);
    return USER_EVENT_TYPES.filter(
      (type) =>
        permissions.has(EVENT_PERMISSIONS[type]) &&
        sampleEvents(type, facts).some((sample) => snapshot.can({ ...sample, actor, facts })),
    );
  }

  /** What the machine's guards need to know that only the server can say: the workflow's own, then each feature's. */
  private async facts(
    manager: EntityManager,
    row: Assessment,
    event: SentEvent | undefined,
    complete: boolean,
  ): Promise<EventFacts> {
    const facts: EventFacts = {
      complete,
      proposedOutcome: row.screening?.proposedOutcome,
      assigneeHasRole: true,
    };
    if (event?.type === 'ASSIGN') {
      // The assignee must be able to act: active, holding the role, and within reach of the assessment.
      const assignee = await this.users.findActiveActor(event.userId);
      facts.assigneeHasRole =
        !!assignee && assignee.roles.includes(event.role as Role) && this.policy.canSee(assignee, row);
    }
    return { ...facts, ...(await this.hooks.facts({ manager, row, event })) };
  }

  /** Entering a review stage starts its clock; a passed deadline sets the next reminder; leaving review stops it. */
  private deadline(from: string, to: string, type: string, at: Date, current: Date | null): Date | null {
    if (!TIMED.has(to)) return null;
    if (type === 'DEADLINE_PASSED') return new Date(at.getTime() + this.config.workflow.reminderDays * DAY_MS);
    if (from !== to) return new Date(at.getTime() + (this.config.workflow.stageDeadlineDays[to] ?? 10) * DAY_MS);
    return current;
  }

  private effectParams(action: { type: string; params?: unknown }, event: SentEvent): Record<string, unknown> {
    const params = { ...((action.params as Record<string, unknown>) ?? {}) };
    if (action.type === 'notify' && params.to === 'assignee' && event.type === 'ASSIGN') params.userId = event.userId;
    if (action.type === 'createActionItems' && event.type === 'APPROVE') params.conditions = event.conditions;
    return params;
  }

  /** People lock only what they can reach; the engine (jobs, the CLI) locks any assessment that exists. */
  private async lock(manager: EntityManager, actor: Actor | 'system', id: string): Promise<Assessment> {
    if (actor !== 'system') return this.assessments.lockVisible(manager, actor, id);
    const row = await this.assessments.lock(manager, id);
    if (!row) throw new Error(`assessment ${id} does not exist`);
    return row;
  }
}

/**
 * XState's can() answers for a whole event, and some of v1's guards read the payload (an override needs a reason, an
 * assignee is not the owner). To ask whether a type is open to a person at all, ask with the payload they would most
 * plainly send: the proposed outcome, any assignee. The answer for the event really sent is the machine's, in apply().
 */
function sampleEvents(type: UserEventType, facts: EventFacts): SentEvent[] {
  switch (type) {
    case 'CONFIRM_SCREENING':
      return [{ type, outcome: facts.proposedOutcome ?? 'pia' }];
    case 'REQUEST_CHANGES':
      // v2's review stage takes it from each named review's reviewer, naming their review.
      return [{ type, reason: 'asking' }, ...REVIEW_NAMES.map((review) => ({ type, reason: 'asking', review }))];
    case 'CLEAR_REVIEW':
      return REVIEW_NAMES.map((review) => ({ type, review }));
    case 'REJECT':
      return [{ type, reason: 'asking' }];
    case 'ASSIGN':
      return [{ type, role: 'legal_counsel', userId: 'asking' }];
    default:
      return [{ type } as SentEvent];
  }
}
