import { Injectable } from '@nestjs/common';
import { AccessPolicy } from '../../common/auth/access-policy';
import type { Actor } from '../../common/auth/actor';
import type { FieldError } from '../../common/errors/problem-details';
import type { Assessment } from '../../assessments/entities/assessment.entity';
import { UsersService } from '../../identity/users.service';
import type { ApprovalCondition } from '../../workflow/assessment-machine.types';

/**
 * Who may own a condition of approval: an active person who can reach the assessment once it is approved with
 * conditions (the owner of a condition closes it there). The decide page offers these; APPROVE holds to them.
 */
@Injectable()
export class ConditionOwners {
  constructor(
    private readonly users: UsersService,
    private readonly policy: AccessPolicy,
  ) {}

  async candidates(row: Assessment): Promise<Actor[]> {
    return (await this.users.activeActorsWithAnyRole())
      .filter((person) => this.canOwn(person, row))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /** What is wrong with the owners the conditions name, one error per condition (empty when all can take them on). */
  async problems(row: Assessment, conditions: ApprovalCondition[]): Promise<FieldError[]> {
    const named = [...new Set(conditions.flatMap((c) => (c.ownerId ? [c.ownerId] : [])))];
    const people = new Map<string, Actor | undefined>();
    for (const id of named) people.set(id, await this.users.findActiveActor(id));
    return conditions.flatMap((c, i) => {
      if (!c.ownerId) return [];
      const person = people.get(c.ownerId);
      if (!person) return [{ pointer: `/conditions/${i}/ownerId`, detail: 'is not an active user' }];
      if (!this.canOwn(person, row))
        return [{ pointer: `/conditions/${i}/ownerId`, detail: 'cannot reach this assessment' }];
      return [];
    });
  }

  private canOwn(person: Actor, row: Assessment): boolean {
    return this.policy.canSee(person, { ownerId: row.ownerId, department: row.department, state: 'remediation' });
  }
}
