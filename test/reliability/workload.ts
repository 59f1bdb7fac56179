import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { Role } from '../../src/common/auth/roles';
import { sendEvent, submittedAssessment, treatRisks } from '../support/assessments';
import { bearer, login, type Session } from '../support/identity';
import type { Reviewers } from '../support/reviewers';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './services';

/**
 * test/support's helpers take an app and call `request(app.getHttpServer())`; supertest takes a base URL
 * there just as well, so they drive a service running in another process unchanged.
 */
export const remote = (baseUrl: string) => ({ getHttpServer: () => baseUrl }) as unknown as INestApplication;

export interface People extends Reviewers {
  admin: Session;
  accounts: Record<keyof Reviewers, { email: string; password: string }>;
}

const ROLES: Record<keyof Reviewers, Role> = {
  owner: Role.ProjectOwner,
  officer: Role.PrivacyOfficer,
  counsel: Role.LegalCounsel,
  approver: Role.Approver,
};

/** The four reviewers, made by the first admin through the API, and logged in. */
export async function createPeople(baseUrl: string): Promise<People> {
  const app = remote(baseUrl);
  const admin = await login(app, ADMIN_EMAIL, ADMIN_PASSWORD);
  const accounts = {} as People['accounts'];
  const sessions = {} as Reviewers;
  for (const who of Object.keys(ROLES) as (keyof Reviewers)[]) {
    const account = {
      email: `${who}.${randomBytes(4).toString('hex')}@example.gov`,
      password: `pw-${randomBytes(12).toString('base64url')}`,
    };
    await request(baseUrl)
      .post('/users')
      .set(bearer(admin))
      .send({ ...account, displayName: `Reliability ${who}`, roles: [ROLES[who]] })
      .expect(201);
    accounts[who] = account;
    sessions[who] = await login(app, account.email, account.password);
  }
  return { ...sessions, admin, accounts };
}

/** A transition the service answered 200 to: it must be in the database whatever happens next. */
export interface Ack {
  assessmentId: string;
  type: string;
  version: number;
}

/** One assessment from intake to an approval, recording each acknowledged transition. */
export async function decideOne(baseUrl: string, people: Reviewers, acks: Ack[]): Promise<string> {
  const app = remote(baseUrl);
  const a = await submittedAssessment(app, people.owner);
  acks.push({ assessmentId: a.id, type: 'SUBMIT', version: a.version });
  const step = async (actor: Session, event: { type: string } & Record<string, unknown>) => {
    const res = await sendEvent(app, actor, a.id, event);
    acks.push({ assessmentId: a.id, type: event.type, version: res.version });
  };
  await step(people.officer, { type: 'CONFIRM_SCREENING', outcome: 'pia' });
  await treatRisks(app, people.officer, a.id);
  await step(people.officer, { type: 'COMPLETE_RISK_ASSESSMENT' });
  await step(people.counsel, { type: 'LEGAL_CLEAR', findings: 'Counsel finds the retention lawful.' });
  await step(people.approver, { type: 'APPROVE' });
  return a.id;
}

/**
 * `clients` loops running `work` until `stop()` says so or a loop has run `maxRounds` times. A failed
 * round is counted, and its loop pauses briefly (the service may be down on purpose).
 */
export function runClients(clients: number, maxRounds: number, work: (client: number) => Promise<unknown>) {
  let stopping = false;
  const tally = { rounds: 0, failures: 0, lastError: '' };
  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let round = 0; round < maxRounds && !stopping; round++) {
      try {
        await work(client);
        tally.rounds += 1;
      } catch (error) {
        tally.failures += 1;
        tally.lastError = error instanceof Error ? error.message.slice(0, 200) : String(error);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  return {
    tally,
    async stop() {
      stopping = true;
      await Promise.all(loops);
      return tally;
    },
    done: Promise.all(loops).then(() => tally),
  };
}
