import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Role } from '../../src/common/auth/roles';
import { UsersService, type UserView } from '../../src/identity/users.service';

export interface TestUser extends UserView {
  password: string;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  /** Kept by the tests only: APPROVE and REJECT are signed by re-entering it. */
  password: string;
}

/** A user with the given roles and a unique e-mail, made through the real service. */
export async function createUser(
  app: INestApplication,
  roles: Role[],
  options: { department?: string; label?: string; displayName?: string } = {},
): Promise<TestUser> {
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  const label = options.label ?? (roles.join('-') || 'noroles');
  const email = `${label}.${randomBytes(5).toString('hex')}@example.gov`.toLowerCase();
  const user = await app
    .get(UsersService)
    .create(
      { email, displayName: options.displayName ?? `Test ${label}`, department: options.department, roles, password },
      null,
    );
  return { ...user, password };
}

export async function login(app: INestApplication, email: string, password: string): Promise<Session> {
  const res = await request(app.getHttpServer()).post('/auth/login').send({ email, password }).expect(200);
  return { ...(res.body as Omit<Session, 'password'>), password };
}

export async function createUserAndLogin(
  app: INestApplication,
  roles: Role[],
  options?: { department?: string; label?: string },
) {
  const user = await createUser(app, roles, options);
  return { user, session: await login(app, user.email, user.password) };
}

export const bearer = (session: Session) => ({ Authorization: `Bearer ${session.accessToken}` });
