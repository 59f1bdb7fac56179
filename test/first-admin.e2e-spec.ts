import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, login } from './support/identity';
import { runCli } from './support/cli';
import { FreshDatabase } from './support/fresh-database';
import { assertBuilt } from './support/processes';
import { bootTestApp } from './support/test-app';

/** On databases of their own: these tests need to know exactly which admins exist. */
describe('the first admin', () => {
  const adminEnv = { ADMIN_EMAIL: 'First.Admin@example.gov', ADMIN_PASSWORD: 'granite-meadow-compass-12' };

  describe('from ADMIN_EMAIL/ADMIN_PASSWORD', () => {
    const database = new FreshDatabase();
    let url: string;
    beforeAll(async () => {
      url = await database.create();
    });
    afterAll(() => database.drop());

    it('is not created without them, is created once with them, and is kept from locking the office out', async () => {
      const bare = await bootTestApp({}, url);
      expect(await bare.get(DataSource).query('SELECT count(*)::int AS n FROM users')).toEqual([{ n: 0 }]);
      await bare.close();

      let app: INestApplication = await bootTestApp(adminEnv, url);
      await app.close();
      app = await bootTestApp(adminEnv, url); // a second boot creates no second admin
      const admins = await app
        .get(DataSource)
        .query(`SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'admin'`);
      expect(admins).toEqual([{ email: 'first.admin@example.gov' }]);

      const session = await login(app, 'first.admin@example.gov', adminEnv.ADMIN_PASSWORD);
      const other = await request(app.getHttpServer())
        .post('/users')
        .set(bearer(session))
        .send({
          email: 'second.admin@example.gov',
          displayName: 'Second',
          roles: ['admin'],
          password: 'willow-quartz-beacon-34',
        })
        .expect(201);
      const second = await login(app, 'second.admin@example.gov', 'willow-quartz-beacon-34');
      const [{ id: firstId }] = await app
        .get(DataSource)
        .query(`SELECT id FROM users WHERE email = 'first.admin@example.gov'`);

      // Two admins: one may remove the other's role; then the last one cannot be removed by anyone.
      await request(app.getHttpServer())
        .patch(`/users/${firstId}`)
        .set(bearer(second))
        .send({ roles: ['approver'] })
        .expect(200);
      const last = await request(app.getHttpServer())
        .patch(`/users/${other.body.id}`)
        .set(bearer(second))
        .send({ active: false })
        .expect(409);
      expect(last.body.type).toBe('urn:privacy-review:problem:self-lockout');
      await app.close();
    });
  });

  describe('with a password that breaks the policy', () => {
    const database = new FreshDatabase();
    afterAll(() => database.drop());

    it('stops the start with a message naming ADMIN_PASSWORD', async () => {
      const url = await database.create();
      await expect(bootTestApp({ ADMIN_EMAIL: 'a@example.gov', ADMIN_PASSWORD: 'password' }, url)).rejects.toThrow(
        'Cannot create the first admin from ADMIN_EMAIL/ADMIN_PASSWORD: The password must be at least 12 characters.',
      );
    });
  });

  describe('from the CLI', () => {
    const database = new FreshDatabase();
    let url: string;
    beforeAll(async () => {
      assertBuilt();
      url = await database.create();
    });
    afterAll(() => database.drop());

    const cli = (args: string[], stdin: string) => runCli(args, url, stdin);

    it('users:create makes an admin who can log in, reading the password from stdin', async () => {
      const made = await cli(
        [
          'users:create',
          '--email',
          'cli.admin@example.gov',
          '--roles',
          'admin',
          '--name',
          'CLI Admin',
          '--password-stdin',
        ],
        'maple-orbit-lantern-56\n',
      );
      expect(made.code).toBe(0);
      expect(JSON.parse(made.stdout)).toMatchObject({
        email: 'cli.admin@example.gov',
        roles: ['admin'],
        displayName: 'CLI Admin',
      });

      const app = await bootTestApp({}, url);
      await login(app, 'cli.admin@example.gov', 'maple-orbit-lantern-56');
      await app.close();
    });

    it('refuses unknown roles and weak passwords with a plain message and a failing exit code', async () => {
      const role = await cli(
        ['users:create', '--email', 'x@example.gov', '--roles', 'emperor', '--password-stdin'],
        'maple-orbit-lantern-56\n',
      );
      expect(role.code).toBe(1);
      expect(role.stderr).toContain('unknown role(s): emperor');

      const weak = await cli(
        ['users:create', '--email', 'y@example.gov', '--roles', 'approver', '--password-stdin'],
        'qwerty123456\n',
      );
      expect(weak.code).toBe(1);
      expect(weak.stderr).toContain('/password: password is too common');
    });
  });
});
