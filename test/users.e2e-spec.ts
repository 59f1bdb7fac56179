import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/auth/roles';
import { ReauthenticationService } from '../src/identity/reauthentication.service';
import { UsersService } from '../src/identity/users.service';
import { bearer, createUser, createUserAndLogin, login, type Session } from './support/identity';
import { bootTestApp } from './support/test-app';

describe('user administration', () => {
  let app: INestApplication;
  let admin: Session;
  let adminId: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await bootTestApp();
    const created = await createUserAndLogin(app, [Role.Admin]);
    admin = created.session;
    adminId = created.user.id;
  });
  afterAll(() => app.close());

  it('creates a user and never shows the password hash', async () => {
    const email = `new.person.${Date.now()}@example.gov`;
    const res = await http()
      .post('/users')
      .set(bearer(admin))
      .send({
        email: `  ${email.toUpperCase()} `,
        displayName: 'New Person',
        department: 'Parks',
        roles: ['project_owner'],
        password: 'cedar-harbor-signal-88',
      })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      email,
      displayName: 'New Person',
      department: 'Parks',
      roles: ['project_owner'],
      active: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/argon|password/i);
    await login(app, email, 'cedar-harbor-signal-88');

    const events = await app
      .get(DataSource)
      .query('SELECT type, actor_id FROM auth_events WHERE user_id = $1 ORDER BY id', [res.body.id]);
    expect(events).toEqual([
      { type: 'user_created', actor_id: adminId },
      { type: 'login_succeeded', actor_id: null },
    ]);
  });

  it('refuses a duplicate e-mail (409), a weak password (422), an unknown role and an overlong name (400)', async () => {
    const existing = await createUser(app, [Role.ProjectOwner]);
    const base = { displayName: 'X', roles: ['project_owner'], password: 'cedar-harbor-signal-88' };

    const duplicate = await http()
      .post('/users')
      .set(bearer(admin))
      .send({ ...base, email: existing.email })
      .expect(409);
    expect(duplicate.body).toMatchObject({
      type: 'urn:privacy-review:problem:email-taken',
      errors: [{ pointer: '/email', detail: 'email is already in use' }],
    });

    const weak = await http()
      .post('/users')
      .set(bearer(admin))
      .send({ ...base, email: `w.${Date.now()}@example.gov`, password: 'letmein12345' })
      .expect(422);
    expect(weak.body.errors).toEqual([
      { pointer: '/password', detail: 'password is too common; choose a less predictable one' },
    ]);

    const bad = await http()
      .post('/users')
      .set(bearer(admin))
      .send({ ...base, email: 'not-an-email', displayName: 'n'.repeat(201), roles: ['overlord'] })
      .expect(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/email', detail: 'email must be an email' },
        { pointer: '/displayName', detail: 'displayName must be shorter than or equal to 200 characters' },
        {
          pointer: '/roles',
          detail: expect.stringContaining('each value in roles must be one of the following values'),
        },
      ]),
    );
    const [{ n }] = await app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM users WHERE email IN ('not-an-email', $1)`, [
        `w.${Date.now()}@example.gov`,
      ]);
    expect(n).toBe(0);
  });

  it('lists users with filters, a total and pages', async () => {
    const tag = `lister${Date.now()}`;
    for (let i = 0; i < 3; i++)
      await createUser(app, [Role.LegalCounsel], { label: tag, department: i === 0 ? 'Parks' : 'Libraries' });
    const page1 = await http()
      .get('/users')
      .query({ q: tag, role: 'legal_counsel', pageSize: 2 })
      .set(bearer(admin))
      .expect(200);
    expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page1.body.items).toHaveLength(2);
    const page2 = await http().get('/users').query({ q: tag, pageSize: 2, page: 2 }).set(bearer(admin)).expect(200);
    expect(page2.body.items).toHaveLength(1);
    const none = await http().get('/users').query({ q: tag, role: 'approver' }).set(bearer(admin)).expect(200);
    expect(none.body.total).toBe(0);
    const parks = await http().get('/users').query({ q: tag, department: 'Parks' }).set(bearer(admin)).expect(200);
    expect(parks.body.items.map((u: { department: string }) => u.department)).toEqual(['Parks']);
    await http().get('/users').query({ active: 'maybe' }).set(bearer(admin)).expect(400);
  });

  it('changes roles with immediate effect and records the change', async () => {
    const { user, session } = await createUserAndLogin(app, [Role.ProjectOwner]);
    const res = await http()
      .patch(`/users/${user.id}`)
      .set(bearer(admin))
      .send({ roles: ['privacy_officer', 'project_owner'] })
      .expect(200);
    expect(res.body.roles).toEqual(['privacy_officer', 'project_owner']);

    const me = await http().get('/auth/me').set(bearer(session)).expect(200); // the same, older token
    expect(me.body.roles).toEqual(['privacy_officer', 'project_owner']);

    const [event] = await app
      .get(DataSource)
      .query(`SELECT actor_id, details FROM auth_events WHERE user_id = $1 AND type = 'roles_changed'`, [user.id]);
    expect(event).toEqual({
      actor_id: adminId,
      details: { before: ['project_owner'], after: ['privacy_officer', 'project_owner'] },
    });
  });

  it('deactivating a user revokes their tokens at once', async () => {
    const { user, session } = await createUserAndLogin(app, [Role.ProjectOwner]);
    await http().get('/auth/me').set(bearer(session)).expect(200);

    await http().patch(`/users/${user.id}`).set(bearer(admin)).send({ active: false }).expect(200);

    await http().get('/auth/me').set(bearer(session)).expect(401);
    await http().post('/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    const relogin = await http().post('/auth/login').send({ email: user.email, password: user.password }).expect(401);
    expect(relogin.body.detail).toBe('The e-mail or password is not correct.'); // nothing says "deactivated"
    const [{ n }] = await app
      .get(DataSource)
      .query('SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL', [user.id]);
    expect(n).toBe(0);

    await http().patch(`/users/${user.id}`).set(bearer(admin)).send({ active: true }).expect(200);
    await http().get('/auth/me').set(bearer(session)).expect(401); // reactivation does not revive old tokens
    await login(app, user.email, user.password);
  });

  it('an admin cannot deactivate themselves, drop their own admin role, or grant themselves a reviewing role', async () => {
    const self = await http().patch(`/users/${adminId}`).set(bearer(admin)).send({ active: false }).expect(409);
    expect(self.body.type).toBe('urn:privacy-review:problem:self-lockout');
    await http()
      .patch(`/users/${adminId}`)
      .set(bearer(admin))
      .send({ roles: ['approver'] })
      .expect(409);
    const grant = await http()
      .patch(`/users/${adminId}`)
      .set(bearer(admin))
      .send({ roles: ['admin', 'approver'] })
      .expect(403);
    expect(grant.body.type).toBe('urn:privacy-review:problem:self-grant');
  });

  it('refuses null for a name, roles or the active flag (400 naming it) and changes nothing', async () => {
    const user = await createUser(app, [Role.ProjectOwner], { displayName: 'Kept Name' });
    for (const field of ['displayName', 'roles', 'active']) {
      const res = await http()
        .patch(`/users/${user.id}`)
        .set(bearer(admin))
        .send({ [field]: null })
        .expect(400);
      expect(res.body.errors).toEqual([{ pointer: `/${field}`, detail: expect.any(String) }]);
    }
    const after = await http().get(`/users/${user.id}`).set(bearer(admin)).expect(200);
    expect(after.body).toMatchObject({ displayName: 'Kept Name', roles: ['project_owner'], active: true });
  });

  it('answers 404 for an unknown user and 400 for a malformed id', async () => {
    await http().get('/users/00000000-0000-4000-8000-000000000000').set(bearer(admin)).expect(404);
    const bad = await http().get('/users/42').set(bearer(admin)).expect(400);
    expect(bad.body.errors).toEqual([{ pointer: '/id', detail: 'id must be a UUID' }]);
  });

  it('lists auth events for admins, filtered by user and type', async () => {
    const user = await createUser(app, [Role.ProjectOwner]);
    await http().post('/auth/login').send({ email: user.email, password: 'definitely-wrong-1' }).expect(401);
    const res = await http()
      .get('/auth/events')
      .query({ userId: user.id, type: 'login_failed' })
      .set(bearer(admin))
      .expect(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0]).toMatchObject({
      type: 'login_failed',
      userId: user.id,
      email: user.email,
      ip: expect.stringContaining('127.0.0.1'),
    });
  });
});

describe('re-authentication', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await bootTestApp();
  });
  afterAll(() => app.close());

  it('confirms the right password and refuses a wrong one, recording both', async () => {
    const user = await createUser(app, [Role.Approver]);
    const actor = (await app.get(UsersService).findActiveActor(user.id))!;
    const reauth = app.get(ReauthenticationService);

    await expect(reauth.confirm(actor, user.password, '10.1.2.3')).resolves.toBeUndefined();
    await expect(reauth.confirm(actor, 'not-my-password-1', '10.1.2.3')).rejects.toMatchObject({
      status: 403,
      code: 'reauthentication-failed',
    });

    const events = await app
      .get(DataSource)
      .query('SELECT type, ip FROM auth_events WHERE user_id = $1 ORDER BY id', [user.id]);
    expect(events.slice(1)).toEqual([
      { type: 'reauthentication_succeeded', ip: '10.1.2.3' },
      { type: 'reauthentication_failed', ip: '10.1.2.3' },
    ]);
  });
});
