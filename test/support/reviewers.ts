import type { INestApplication } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import { createUser, login, type Session, type TestUser } from './identity';

/** The four people an assessment passes through, each holding the one role their step needs. */
export interface Reviewers {
  owner: Session;
  officer: Session;
  counsel: Session;
  approver: Session;
}

type Reviewer = keyof Reviewers;
export type ReviewerAccounts = Record<Reviewer, TestUser>;

const ROLE_OF: Record<Reviewer, Role> = {
  owner: Role.ProjectOwner,
  officer: Role.PrivacyOfficer,
  counsel: Role.LegalCounsel,
  approver: Role.Approver,
};
const REVIEWERS = Object.keys(ROLE_OF) as Reviewer[];

/** One account per reviewer, made through the real service; `options` sets a person's name or department. */
export async function createReviewerAccounts(
  app: INestApplication,
  options: Partial<Record<Reviewer, { displayName?: string; department?: string }>> = {},
): Promise<ReviewerAccounts> {
  const accounts = await Promise.all(REVIEWERS.map((who) => createUser(app, [ROLE_OF[who]], options[who])));
  return Object.fromEntries(REVIEWERS.map((who, i) => [who, accounts[i]])) as ReviewerAccounts;
}

/** Logs the accounts in on `app`: an app restarted on the same database takes the same people. */
export async function loginReviewers(app: INestApplication, accounts: ReviewerAccounts): Promise<Reviewers> {
  const sessions = await Promise.all(REVIEWERS.map((who) => login(app, accounts[who].email, accounts[who].password)));
  return Object.fromEntries(REVIEWERS.map((who, i) => [who, sessions[i]])) as unknown as Reviewers;
}

/** The four reviewers, logged in; `users` holds their accounts, for tests that check who did what. */
export async function createReviewers(
  app: INestApplication,
  options?: Parameters<typeof createReviewerAccounts>[1],
): Promise<Reviewers & { users: ReviewerAccounts }> {
  const users = await createReviewerAccounts(app, options);
  return { ...(await loginReviewers(app, users)), users };
}
