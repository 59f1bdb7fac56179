import { randomBytes } from 'node:crypto';
import { PARKING_APP_ANSWERS } from '../fixtures/city-pia-answers';
import { type QuestionShape, questionsOf } from './fuzz-answers';
import type { Identity, KnownIds, Samples } from './fuzz-requests';

interface Session {
  userId: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  obtainedAt: number;
}

/** Refresh an access token well before ACCESS_TOKEN_TTL_SECONDS' default (900 s) ends it. */
const REFRESH_AFTER_MS = 8 * 60_000;

/**
 * The people and records a fuzz run reaches: the admin from the environment, one account per role
 * (created through the API, in one department), and assessments at several stages, so that authorised
 * routes get past their guards and path parameters name things that exist.
 */
export class FuzzWorld {
  readonly ids: KnownIds = {
    assessments: [],
    users: [],
    decisions: [],
    packages: [],
    notifications: [],
    risks: [],
    measures: [],
    items: [],
  };
  questions: QuestionShape[] = [];
  samples: Samples = { pdf: new Uint8Array(), jws: '' };
  private readonly sessions = new Map<Identity, Session>();
  private readonly refreshing = new Map<Identity, Promise<void>>();

  private constructor(private readonly baseUrl: string) {}

  static async create(baseUrl: string, adminEmail: string, adminPassword: string, log: (line: string) => void) {
    const world = new FuzzWorld(baseUrl);
    await world.setUp(adminEmail, adminPassword, log);
    return world;
  }

  get passwords(): string[] {
    return [...this.sessions.values()].map((s) => s.password);
  }

  /** The Authorization header a request claiming `identity` sends. */
  async authorization(identity: Identity): Promise<string | undefined> {
    switch (identity) {
      case 'none':
        return undefined;
      case 'garbage':
        return 'Bearer not.a.token';
      case 'unsigned':
        return `Bearer ${jwt({ alg: 'none', typ: 'JWT' }, { sub: this.ids.users[0] ?? 'x', exp: 4102444800 }, '')}`;
      case 'forged':
        return `Bearer ${jwt({ alg: 'HS256', typ: 'JWT' }, { sub: 'not-a-uuid', iat: 1, exp: 4102444800 }, 'AAAA')}`;
    }
    const session = this.sessions.get(identity)!;
    if (Date.now() - session.obtainedAt > REFRESH_AFTER_MS) await this.refresh(identity);
    return `Bearer ${this.sessions.get(identity)!.accessToken}`;
  }

  private async refresh(identity: Identity): Promise<void> {
    const pending =
      this.refreshing.get(identity) ??
      (async () => {
        const session = this.sessions.get(identity)!;
        const tokens = await this.call('POST', '/auth/refresh', undefined, { refreshToken: session.refreshToken });
        this.sessions.set(identity, { ...session, ...tokens, obtainedAt: Date.now() });
      })().finally(() => this.refreshing.delete(identity));
    this.refreshing.set(identity, pending);
    return pending;
  }

  private async setUp(adminEmail: string, adminPassword: string, log: (line: string) => void) {
    this.sessions.set('admin', await this.login(adminEmail, adminPassword));
    const run = randomBytes(4).toString('hex');
    const password = `fuzz-${randomBytes(12).toString('base64url')}`;
    // The fuzzer's own admin: failed password checks lock it, never the admin the runner was given.
    const roles = {
      admin: 'admin',
      owner: 'project_owner',
      officer: 'privacy_officer',
      counsel: 'legal_counsel',
      approver: 'approver',
      records: 'records_officer',
    } as const;
    for (const [identity, role] of Object.entries(roles) as [Identity, string][]) {
      const email = `fuzz-${identity}-${run}@example.gov`;
      await this.call('POST', '/users', 'admin', {
        email,
        displayName: `Fuzz ${identity}`,
        department: 'Transportation',
        roles: [role],
        password,
      });
      this.sessions.set(identity, await this.login(email, password));
    }
    // A user the fuzzer may change at will (roles, deactivation) without ending its own sessions.
    const victim = await this.call('POST', '/users', 'admin', {
      email: `fuzz-victim-${run}@example.gov`,
      displayName: 'Fuzz victim',
      roles: ['project_owner'],
      password,
    });
    this.ids.users.push(victim.id);

    const draft = await this.call('POST', '/assessments', 'owner', {
      title: 'Fuzz draft',
      department: 'Transportation',
    });
    this.ids.assessments.push(draft.id);
    const scored = await this.submitted();
    await this.event(scored, 'officer', { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    const decided = await this.decided();
    this.ids.assessments.push(scored, decided);

    const register = await this.call('GET', `/assessments/${scored}/risk`, 'officer');
    this.ids.risks.push(...register.risks.map((r: { id: string }) => r.id));
    const measure = await this.call('POST', `/assessments/${scored}/measures`, 'officer', {
      title: 'Pseudonymise plates after 48 hours',
      riskIds: this.ids.risks.slice(0, 1),
    });
    this.ids.measures.push(measure.id);
    const decision = await this.call('GET', `/assessments/${decided}/decision`, 'officer');
    this.ids.decisions.push(decision.id);
    this.questions = questionsOf(await this.call('GET', `/assessments/${draft.id}/questionnaire`, 'owner'));
    this.samples = await this.documents(decision.id);
    // The approval's condition becomes an action item through a job: wait for it, briefly.
    for (let tries = 0; this.ids.items.length === 0 && tries < 40; tries++) {
      const items = await this.call('GET', `/assessments/${decided}/action-items`, 'officer');
      this.ids.items.push(...items.map((i: { id: string }) => i.id));
      if (this.ids.items.length === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const pkg = await this.call('POST', '/records/packages', 'records', { filter: { department: 'Transportation' } });
    this.ids.packages.push(pkg.id);
    const notifications = await this.call('GET', '/notifications', 'officer');
    this.ids.notifications.push(...notifications.items.map((n: { id: string }) => String(n.id)));
    log(
      `fuzz: set up ${this.sessions.size} accounts, ${this.ids.assessments.length} assessments (draft, risk assessment, remediation), ` +
        `${this.ids.risks.length} risks, ${this.ids.items.length} action items, ${this.questions.length} questions, ` +
        `a decision with its documents (${this.samples.pdf.length} bytes of PDF) and a package`,
    );
  }

  /** The assessment's version now, as If-Match wants it ("0" when the owner cannot read it). */
  async currentVersion(assessmentId: string): Promise<string> {
    const res = await fetch(`${this.baseUrl}/assessments/${assessmentId}`, {
      headers: { Authorization: (await this.authorization('owner'))! },
    });
    return `"${res.ok ? ((await res.json()) as { version: number }).version : 0}"`;
  }

  /** The decision's signed PDF and manifest, once rendered (a job does it; up to 30 s). */
  private async documents(decisionId: string): Promise<Samples> {
    for (let tries = 0; tries < 120; tries++) {
      const decision = await this.call('GET', `/decisions/${decisionId}`, 'officer');
      if (decision.documentStatus === 'issued') {
        const get = async (part: string) => {
          const res = await fetch(`${this.baseUrl}/decisions/${decisionId}/${part}`, {
            headers: { Authorization: (await this.authorization('officer'))! },
          });
          return new Uint8Array(await res.arrayBuffer());
        };
        return { pdf: await get('document.pdf'), jws: new TextDecoder().decode(await get('manifest.jws')) };
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`fuzz setup: decision ${decisionId} got no document within 30 s`);
  }

  /** Filled in and submitted by the owner: in screening. */
  private async submitted(): Promise<string> {
    const created = await this.call('POST', '/assessments', 'owner', {
      title: 'Fuzz parking',
      department: 'Transportation',
    });
    const saved = await this.call(
      'PATCH',
      `/assessments/${created.id}/answers`,
      'owner',
      { answers: PARKING_APP_ANSWERS },
      created.version,
    );
    await this.event(created.id, 'owner', { type: 'SUBMIT' }, saved.version);
    return created.id;
  }

  /** Through every review stage and approved with a condition: in remediation, with a decision and an action item. */
  private async decided(): Promise<string> {
    const id = await this.submitted();
    await this.event(id, 'officer', { type: 'CONFIRM_SCREENING', outcome: 'pia' });
    const register = await this.call('GET', `/assessments/${id}/risk`, 'officer');
    for (const [i, risk] of (register.risks as { id: string }[]).entries()) {
      const value = i === 0 ? 3 : 1;
      await this.call('PUT', `/assessments/${id}/risks/${risk.id}`, 'officer', {
        treatment: 'accepted',
        residual: { severity: { value, justification: 'fuzz' }, likelihood: { value, justification: 'fuzz' } },
      });
    }
    await this.event(id, 'officer', { type: 'COMPLETE_RISK_ASSESSMENT' });
    await this.event(id, 'counsel', { type: 'LEGAL_CLEAR', findings: 'Lawful.' });
    await this.event(id, 'approver', {
      type: 'APPROVE',
      password: this.sessions.get('approver')!.password,
      conditions: [{ text: 'Review the retention period in a year.' }],
    });
    return id;
  }

  private event(id: string, identity: Identity, event: object, version?: number) {
    return this.call('POST', `/assessments/${id}/events`, identity, event, version);
  }

  private async login(email: string, password: string): Promise<Session> {
    const tokens = await this.call('POST', '/auth/login', undefined, { email, password });
    const me = await fetch(`${this.baseUrl}/auth/me`, { headers: { Authorization: `Bearer ${tokens.accessToken}` } });
    return { ...tokens, userId: ((await me.json()) as { id: string }).id, password, obtainedAt: Date.now() };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- setup reads a few fields of documented answers
  private async call(method: string, path: string, identity?: Identity, body?: object, version?: number): Promise<any> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (identity) headers.Authorization = (await this.authorization(identity))!;
    if (version !== undefined) headers['If-Match'] = `"${version}"`;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`fuzz setup: ${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : undefined;
  }
}

function jwt(header: object, payload: object, signature: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part(header)}.${part(payload)}.${signature}`;
}
