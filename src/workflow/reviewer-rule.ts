import type { AssessmentContext, AssignableRole, EventActor } from './assessment-machine.types';

/**
 * Who acts as a reviewer in a role on an assessment: someone who holds the role, is not the owner, and is
 * the assignee when one was named. The machine's guards and the risk register both use this one rule.
 */
export function isReviewer(
  context: Pick<AssessmentContext, 'ownerId' | 'assignees'>,
  actor: EventActor,
  role: AssignableRole,
): boolean {
  const assignee = context.assignees[role];
  return actor.roles.includes(role) && actor.id !== context.ownerId && (!assignee || assignee === actor.id);
}
