import { Injectable } from '@nestjs/common';
import { DECIDED_STATES, REVIEW_STATES } from '../../assessments/assessment-state';
import { AppConfig } from '../../config/app-config';
import type { Actor } from './actor';
import { Role } from './roles';

/** What the policy needs to know about an assessment. */
export interface AssessmentScope {
  ownerId: string;
  state: string;
  department: string;
}

/** One way a role reaches assessments: its own, or those in some states; optionally only its department's. */
export interface AccessRule {
  role: Role;
  ownOnly: boolean;
  /** undefined: any state. */
  states?: readonly string[];
  departmentScoped: boolean;
}

const BASE_RULES: Omit<AccessRule, 'departmentScoped'>[] = [
  { role: Role.ProjectOwner, ownOnly: true },
  { role: Role.PrivacyOfficer, ownOnly: false, states: [...REVIEW_STATES, ...DECIDED_STATES] },
  { role: Role.LegalCounsel, ownOnly: false, states: [...REVIEW_STATES, ...DECIDED_STATES] },
  { role: Role.Approver, ownOnly: false, states: [...REVIEW_STATES, ...DECIDED_STATES] },
  // As legal counsel: every review stage, so that a reviewer of any applicable named review reaches it.
  { role: Role.SecurityReviewer, ownOnly: false, states: [...REVIEW_STATES, ...DECIDED_STATES] },
  { role: Role.EquityReviewer, ownOnly: false, states: [...REVIEW_STATES, ...DECIDED_STATES] },
  { role: Role.RecordsOfficer, ownOnly: false, states: DECIDED_STATES },
];

/** A SQL condition for list queries, equivalent to canSee; `alias` names the assessments table. */
export interface ScopeCondition {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * The one place that answers "may this person reach this assessment?", both for a single assessment
 * (canSee) and for lists (condition), from the same rules. Separation of duties per step lives in the
 * workflow machine's guards; this is about reach.
 */
@Injectable()
export class AccessPolicy {
  readonly rules: readonly AccessRule[];

  constructor(config: AppConfig) {
    this.rules = BASE_RULES.map((rule) => ({
      ...rule,
      departmentScoped: config.access.departmentScopedRoles.includes(rule.role),
    }));
  }

  canSee(actor: Actor, assessment: AssessmentScope): boolean {
    return this.rulesFor(actor).some(
      (rule) =>
        (!rule.ownOnly || assessment.ownerId === actor.id) &&
        (!rule.states || rule.states.includes(assessment.state)) &&
        (!rule.departmentScoped || assessment.department === actor.department),
    );
  }

  condition(actor: Actor, alias: string): ScopeCondition {
    const params: Record<string, unknown> = { scopeActorId: actor.id, scopeDepartment: actor.department };
    const clauses = this.rulesFor(actor).map((rule, index) => {
      const parts: string[] = [];
      if (rule.ownOnly) parts.push(`${alias}.owner_id = :scopeActorId`);
      if (rule.states) {
        params[`scopeStates${index}`] = [...rule.states];
        parts.push(`${alias}.state IN (:...scopeStates${index})`);
      }
      if (rule.departmentScoped) parts.push(`${alias}.department = :scopeDepartment`);
      return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
    });
    return { sql: clauses.length ? `(${clauses.join(' OR ')})` : 'FALSE', params };
  }

  isOwner(actor: Actor, assessment: Pick<AssessmentScope, 'ownerId'>): boolean {
    return assessment.ownerId === actor.id;
  }

  private rulesFor(actor: Actor): AccessRule[] {
    // A department-scoped rule reaches nothing for a user without a department.
    return this.rules.filter(
      (rule) => actor.roles.includes(rule.role) && (!rule.departmentScoped || actor.department !== null),
    );
  }
}
