import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import argon2 from 'argon2';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { JWT_AUDIENCE, JWT_ISSUER } from '../src/identity/tokens/token.service';
import { bearer, createUser, createUserAndLogin, login } from './support/identity';
import { bootTestApp, TEST_JWT_SECRET } from './support/test-app';

describe('authentication', () => {
  let app: INestApplication;
  let db: DataSource;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await bootTestApp();
    db = app.get(DataSource);
  });
  afterAll(() => app.close());

  async function eventsOf(
    userId: string,
  ): Promise<{ type: string; ip: string | null; details: Record<string, unknown> }[]> {
    return db.query('SELECT type, ip, details FROM auth_events WHERE user_id = $1 ORDER BY id', [userId]);
  }

  describe('login', () => {
    it('returns a 15-minute access token and an opaque refresh token; /auth/me names the user and roles', async () => {
      const user = await createUser(app, [Role.PrivacyOfficer, Role.Approver]);
      const res = await http()
        .post('/auth/login')
        .send({ email: user.email.toUpperCase(), password: user.password })
        .expect(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
        tokenType: 'Bearer',
      });

      const claims = app.get(JwtService).decode(res.body.accessToken);
      expect(claims).toMatchObject({ sub: user.id, iss: JWT_ISSUER, aud: JWT_AUDIENCE });
      expect(claims.exp - claims.iat).toBe(900);
      expect(res.body.refreshToken).not.toContain('.'); // not a JWT

      const me = await http().get('/auth/me').set(bearer(res.body)).expect(200);
      expect(me.body).toMatchObject({ id: user.id, email: user.email, roles: ['approver', 'privacy_officer'] });
      expect(me.body.permissions).toContain('own-account');
      expect((await eventsOf(user.id)).map((e) => e.type)).toContain('login_succeeded');
    });

    // Equal work rather than equal wall-clock time: a timing ratio flaked under CI's parallel load (0.38 once), and
    // the cost of an answer is the one argon2 verification it makes.
    it('gives an unknown e-mail and a wrong password the same answer, after the same argon2 verification', async () => {
      const user = await createUser(app, [Role.ProjectOwner]);
      const verify = jest.spyOn(argon2, 'verify');
      const attempt = async (email: string) => {
        verify.mockClear();
        const res = await http().post('/auth/login').send({ email, password: 'not-the-password-at-all' });
        const hashes = verify.mock.calls.map(([hash]) => hash.replace(/\$[^$]*\$[^$]*$/, '')); // parameters only
        return { res, hashes };
      };
      try {
        const wrong = await attempt(user.email);
        const unknown = await attempt(`nobody.${Date.now()}@example.gov`);
        const strip = ({ requestId: _r, ...rest }: Record<string, unknown>) => rest;
        expect(wrong.res.status).toBe(401);
        expect(strip(unknown.res.body)).toEqual(strip(wrong.res.body));
        expect(wrong.res.body.detail).toBe('The e-mail or password is not correct.');
        expect(wrong.hashes).toEqual(['$argon2id$v=19$m=19456,p=1,t=2']);
        expect(unknown.hashes).toEqual(wrong.hashes);
      } finally {
        verify.mockRestore();
      }
    });

    it('refuses a body with wrong types, unknown fields or overlong strings, field by field', async () => {
      const res = await http()
        .post('/auth/login')
        .send({ email: 42, password: 'x'.repeat(500), remember: true })
        .expect(400);
      expect(res.body.errors).toHaveLength(3);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { pointer: '/email', detail: 'email must be a string' },
          { pointer: '/password', detail: 'password must be shorter than or equal to 128 characters' },
          { pointer: '/remember', detail: 'property remember should not exist' },
        ]),
      );
    });

    it('stores passwords as argon2id hashes, never in plain text', async () => {
      const user = await createUser(app, [Role.ProjectOwner]);
      const [row] = await db.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
      expect(row.password_hash).not.toContain(user.password);
    });
  });

  describe('access tokens', () => {
    it('refuses an expired token, a token signed with another key, and garbage, with 401', async () => {
      const { user } = await createUserAndLogin(app, [Role.ProjectOwner]);
      const sign = (secret: string, expiresIn: number) =>
        new JwtService().sign({}, { secret, subject: user.id, issuer: JWT_ISSUER, audience: JWT_AUDIENCE, expiresIn });

      const expired = await http()
        .get('/auth/me')
        .set('Authorization', `Bearer ${sign(TEST_JWT_SECRET, -10)}`)
        .expect(401);
      expect(expired.body).toMatchObject({
        type: 'urn:privacy-review:problem:unauthenticated',
        detail: 'The access token has expired; refresh it.',
      });
      expect(expired.headers['www-authenticate']).toBe('Bearer');

      const forged = await http()
        .get('/auth/me')
        .set('Authorization', `Bearer ${sign('another-key-entirely-0123456789abcdef', 600)}`)
        .expect(401);
      expect(forged.body.detail).toBe('The access token is not valid.');

      await http().get('/auth/me').set('Authorization', 'Bearer not.a.jwt').expect(401);
      await http().get('/auth/me').expect(401);
    });

    it('refuses a correctly signed token without exp or iat, with a lifetime past 15 minutes, or whose sub is no UUID', async () => {
      const { user, session } = await createUserAndLogin(app, [Role.ProjectOwner]);
      const { gen } = app.get(JwtService).decode(session.accessToken);
      const signed = (payload: object, options: object = {}) =>
        new JwtService().sign(
          { gen, ...payload },
          { secret: TEST_JWT_SECRET, issuer: JWT_ISSUER, audience: JWT_AUDIENCE, ...options },
        );
      const now = Math.floor(Date.now() / 1000);
      const refused = {
        'no exp': signed({}, { subject: user.id }),
        'no iat': signed({ sub: user.id, exp: now + 600 }, { noTimestamp: true }),
        'a day of life': signed({}, { subject: user.id, expiresIn: 86_400 }),
        'a sub that is no UUID': signed({}, { subject: 'not-a-uuid', expiresIn: 600 }),
      };
      for (const [why, token] of Object.entries(refused)) {
        const res = await http().get('/auth/me').set('Authorization', `Bearer ${token}`);
        expect([why, res.status, res.body.type]).toEqual([why, 401, 'urn:privacy-review:problem:unauthenticated']);
      }
      // The same signing with exp, iat and a UUID sub is accepted: the refusals above are for the claims.
      await http()
        .get('/auth/me')
        .set('Authorization', `Bearer ${signed({}, { subject: user.id, expiresIn: 600 })}`)
        .expect(200);
    });

    it('end at once on logout, a password change and a replayed refresh token, not 15 minutes later', async () => {
      const user = await createUser(app, [Role.ProjectOwner]);
      const me = (session: { accessToken: string }) =>
        http().get('/auth/me').set('Authorization', `Bearer ${session.accessToken}`);

      const laptop = await login(app, user.email, user.password);
      const phone = await login(app, user.email, user.password);
      await http().post('/auth/logout').set(bearer(laptop)).send({ refreshToken: laptop.refreshToken }).expect(204);
      const ended = await me(laptop).expect(401);
      expect(ended.body.type).toBe('urn:privacy-review:problem:unauthenticated');
      // One generation covers every access token of the user; the phone's session refreshes and goes on.
      await me(phone).expect(401);
      const phoneAgain = (await http().post('/auth/refresh').send({ refreshToken: phone.refreshToken }).expect(200))
        .body;
      await me(phoneAgain).expect(200);

      const rotated = (await http().post('/auth/refresh').send({ refreshToken: phoneAgain.refreshToken }).expect(200))
        .body;
      await me(rotated).expect(200);
      await http().post('/auth/refresh').send({ refreshToken: phoneAgain.refreshToken }).expect(401); // replayed
      await me(rotated).expect(401);

      const session = await login(app, user.email, user.password);
      await http()
        .post('/auth/password')
        .set(bearer(session))
        .send({ currentPassword: user.password, newPassword: 'lantern-quartz-meadow-58' })
        .expect(204);
      await me(session).expect(401);
      await me(await login(app, user.email, 'lantern-quartz-meadow-58')).expect(200);
    });
  });

  describe('refresh tokens', () => {
    it('rotates on each use; reusing a rotated token revokes the whole family', async () => {
      const { user, session } = await createUserAndLogin(app, [Role.ProjectOwner]);

      const first = await http().post('/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);
      expect(first.body.refreshToken).not.toBe(session.refreshToken);
      await http().get('/auth/me').set(bearer(first.body)).expect(200);

      // The old token again: someone replayed it. Both it and its successor die.
      const reuse = await http().post('/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      expect(reuse.body.type).toBe('urn:privacy-review:problem:invalid-refresh-token');
      await http().post('/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(401);

      const live = await db.query(
        'SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
        [user.id],
      );
      expect(live[0].n).toBe(0);
      expect((await eventsOf(user.id)).map((e) => e.type)).toContain('refresh_token_reused');
    });

    it('stores only a hash of each refresh token', async () => {
      const { user, session } = await createUserAndLogin(app, [Role.ProjectOwner]);
      const rows: { token_hash: string }[] = await db.query(
        'SELECT token_hash FROM refresh_tokens WHERE user_id = $1',
        [user.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0].token_hash).not.toContain(session.refreshToken);
    });

    it('logout ends the session its refresh token belongs to, and only that one', async () => {
      const user = await createUser(app, [Role.ProjectOwner]);
      const laptop = await login(app, user.email, user.password);
      const phone = await login(app, user.email, user.password);
      await http().post('/auth/logout').set(bearer(laptop)).send({ refreshToken: laptop.refreshToken }).expect(204);
      await http().post('/auth/refresh').send({ refreshToken: laptop.refreshToken }).expect(401);
      await http().post('/auth/refresh').send({ refreshToken: phone.refreshToken }).expect(200);
    });

    it('refuses a malformed refresh request with 400', async () => {
      const res = await http().post('/auth/refresh').send({ refreshToken: 12 }).expect(400);
      expect(res.body.errors).toEqual([{ pointer: '/refreshToken', detail: 'refreshToken must be a string' }]);
    });
  });

  describe('password change', () => {
    it('needs the current password, applies the policy, and ends every session', async () => {
      const { user, session } = await createUserAndLogin(app, [Role.ProjectOwner]);
      const wrong = await http()
        .post('/auth/password')
        .set(bearer(session))
        .send({ currentPassword: 'nope-nope-nope', newPassword: 'river-basalt-orchid-41' })
        .expect(403);
      expect(wrong.body.type).toBe('urn:privacy-review:problem:reauthentication-failed');

      const weak = await http()
        .post('/auth/password')
        .set(bearer(session))
        .send({ currentPassword: user.password, newPassword: 'password1234' })
        .expect(422);
      expect(weak.body.errors).toEqual([
        { pointer: '/newPassword', detail: 'password is too common; choose a less predictable one' },
      ]);

      await http()
        .post('/auth/password')
        .set(bearer(session))
        .send({ currentPassword: user.password, newPassword: 'river-basalt-orchid-41' })
        .expect(204);
      await http().post('/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      await http().post('/auth/login').send({ email: user.email, password: user.password }).expect(401);
      await login(app, user.email, 'river-basalt-orchid-41');
    });
  });
});

describe('login throttling', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await bootTestApp({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_IP: '5',
      LOGIN_LOCKOUT_SECONDS: '120',
    });
  });
  afterAll(() => app.close());

  // Each test comes from its own address (trusted from loopback, as from a reverse proxy).
  let ipCounter = 0;
  const nextIp = () => `198.51.100.${++ipCounter}`;

  it('locks an account after 3 failures: 429 with Retry-After, even for the right password', async () => {
    const user = await createUser(app, [Role.ProjectOwner]);
    const ip = nextIp();
    for (let i = 0; i < 3; i++) {
      await http()
        .post('/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ email: user.email, password: 'wrong-password-here' })
        .expect(401);
    }
    const locked = await http()
      .post('/auth/login')
      .set('X-Forwarded-For', nextIp())
      .send({ email: user.email, password: user.password })
      .expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(100);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(120);
    expect(locked.body).toMatchObject({
      type: 'urn:privacy-review:problem:locked-out',
      status: 429,
      retryAfter: Number(locked.headers['retry-after']),
    });

    const events = await app
      .get(DataSource)
      .query('SELECT type, ip, details FROM auth_events WHERE user_id = $1 ORDER BY id', [user.id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'user_created',
      'login_failed',
      'login_failed',
      'login_failed',
      'locked_out',
    ]);
    expect(events[4]).toMatchObject({ ip, details: { scope: 'account', purpose: 'login' } });
  });

  it('locks an unknown e-mail the same way, so lockout reveals nothing about who has an account', async () => {
    const email = `ghost.${Date.now()}@example.gov`;
    const ip = nextIp();
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await http().post('/auth/login').set('X-Forwarded-For', ip).send({ email, password: 'wrong-password-here' }))
          .status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('locks a client address spraying many accounts, and not other addresses', async () => {
    const sprayer = nextIp();
    for (let i = 0; i < 5; i++) {
      await http()
        .post('/auth/login')
        .set('X-Forwarded-For', sprayer)
        .send({ email: `spray${i}.${Date.now()}@example.gov`, password: 'wrong-password-here' })
        .expect(401);
    }
    const user = await createUser(app, [Role.ProjectOwner]);
    await http()
      .post('/auth/login')
      .set('X-Forwarded-For', sprayer)
      .send({ email: user.email, password: user.password })
      .expect(429);
    await http()
      .post('/auth/login')
      .set('X-Forwarded-For', nextIp())
      .send({ email: user.email, password: user.password })
      .expect(200);
  });
});
