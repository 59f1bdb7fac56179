import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { Role } from '../common/auth/roles';
import { containsPattern, type Page } from '../common/validation/page.query';
import { AuthEventsService } from './auth-events.service';
import type { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto';
import { AuthEventType } from './entities/auth-event.entity';
import { UserRole } from './entities/user-role.entity';
import { User } from './entities/user.entity';
import { IdentityErrorCode, IdentityException } from './identity.exception';
import { PasswordHasher } from './password/password-hasher';
import { passwordProblem } from './password/password-policy';
import { TokenService } from './tokens/token.service';

/** A user as the API shows it: never the hash. */
export interface UserView {
  id: string;
  email: string;
  displayName: string;
  department: string | null;
  roles: Role[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Whether the service would accept a change, and if not, why (in its refusal's words). */
export type ChangeAnswer = { allowed: true } | { allowed: false; reason: string };

/** The changes of a user that UsersService.update would accept from one actor (allowedChanges). */
export interface AllowedChanges {
  /** Changing their roles (some choices, such as removing the last admin's, may still be refused). */
  roles: ChangeAnswer;
  /** Deactivating them. */
  deactivate: ChangeAnswer;
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    department: user.department,
    roles: rolesOf(user),
    active: user.active,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

function rolesOf(user: User): Role[] {
  return (user.roleGrants ?? []).map((grant) => grant.role).sort();
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly db: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly events: AuthEventsService,
  ) {}

  /** The actor with this id, or undefined when the user is gone or inactive. */
  async findActiveActor(id: string): Promise<Actor | undefined> {
    const [actor] = await this.activeActors('u.id = $1', [id]);
    return actor;
  }

  /** The actor behind an access token, when the user is active and has not ended the token's generation. */
  async findTokenActor(id: string, generation: number): Promise<Actor | undefined> {
    // One query: this runs on every authenticated request.
    const [actor] = await this.activeActors('u.id = $1 AND u.token_generation = $2', [id, generation]);
    return actor;
  }

  /** Every active holder of a role, as actors (for notifying those who can reach an assessment). */
  activeActorsWithRole(role: Role): Promise<Actor[]> {
    return this.activeActors('EXISTS (SELECT 1 FROM user_roles h WHERE h.user_id = u.id AND h.role = $1)', [role]);
  }

  /** Every active person who holds some role, as actors (for choosing who may take something on). */
  activeActorsWithAnyRole(): Promise<Actor[]> {
    return this.activeActors('EXISTS (SELECT 1 FROM user_roles h WHERE h.user_id = u.id)', []);
  }

  private async activeActors(condition: string, params: unknown[]): Promise<Actor[]> {
    const rows: { id: string; email: string; display_name: string; department: string | null; roles: Role[] }[] =
      await this.db.query(
        `SELECT u.id, u.email, u.display_name, u.department,
              coalesce(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles
         FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
        WHERE u.active AND ${condition}
        GROUP BY u.id`,
        params,
      );
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      department: row.department,
      roles: row.roles,
    }));
  }

  /** With the password hash, for login and re-authentication only. */
  findWithHashByEmail(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .leftJoinAndSelect('user.roleGrants', 'grant')
      .where('user.email = :email', { email })
      .getOne();
  }

  async get(id: string): Promise<UserView> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new IdentityException(IdentityErrorCode.UserNotFound, 'No such user.');
    return toUserView(user);
  }

  async list(query: ListUsersQuery): Promise<Page<UserView>> {
    const qb = this.users.createQueryBuilder('user').leftJoinAndSelect('user.roleGrants', 'grant');
    if (query.role) {
      qb.andWhere('EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = user.id AND r.role = :role)', {
        role: query.role,
      });
    }
    if (query.active !== undefined) qb.andWhere('user.active = :active', { active: query.active });
    if (query.department) qb.andWhere('user.department = :department', { department: query.department });
    if (query.q) {
      const pattern = containsPattern(query.q);
      qb.andWhere('(user.email ILIKE :pattern OR user.displayName ILIKE :pattern)', { pattern });
    }
    const [users, total] = await qb
      .orderBy('user.email', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items: users.map(toUserView), total, page: query.page, pageSize: query.pageSize };
  }

  /** The departments users belong to, for a filter's choices. */
  async departments(): Promise<string[]> {
    const rows: { department: string }[] = await this.db.query(
      'SELECT DISTINCT department FROM users WHERE department IS NOT NULL ORDER BY department',
    );
    return rows.map((row) => row.department);
  }

  /** Creates a user; by an admin (actorId) or by the CLI and first-admin bootstrap (no actor). */
  async create(input: CreateUserDto, actorId: string | null, ip?: string): Promise<UserView> {
    const email = input.email.trim().toLowerCase();
    const problem = passwordProblem(input.password, email);
    if (problem) throw IdentityException.weakPassword('/password', problem);
    const passwordHash = await this.hasher.hash(input.password);
    try {
      const id = await this.db.transaction(async (manager) => {
        const { identifiers } = await manager.getRepository(User).insert({
          email,
          displayName: input.displayName,
          department: input.department ?? null,
          passwordHash,
          active: true,
        });
        const userId = identifiers[0].id as string;
        await this.setRoles(manager, userId, input.roles);
        await this.events.record(
          { type: AuthEventType.UserCreated, userId, actorId, ip, details: { roles: [...input.roles].sort() } },
          manager,
        );
        return userId;
      });
      return this.get(id);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new IdentityException(IdentityErrorCode.EmailTaken, 'A user with this e-mail already exists.', {
          errors: [{ pointer: '/email', detail: 'email is already in use' }],
        });
      }
      throw error;
    }
  }

  /**
   * Changes a user. Role changes and deactivation are recorded; roles apply at once (each request reloads
   * them), and deactivation ends every session, so reactivating later does not revive old tokens.
   */
  async update(id: string, changes: UpdateUserDto, actor: Actor, ip?: string): Promise<UserView> {
    await this.db.transaction(async (manager) => {
      // Serialise admin changes, so two concurrent demotions cannot leave no admin.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['users:admin-changes']);
      const user = await manager.getRepository(User).findOneBy({ id });
      if (!user) throw new IdentityException(IdentityErrorCode.UserNotFound, 'No such user.');
      const before = rolesOf(user);
      const after = changes.roles ? [...changes.roles].sort() : before;
      const deactivating = changes.active === false && user.active;
      const losesAdmin =
        (before.includes(Role.Admin) && !after.includes(Role.Admin)) || (deactivating && before.includes(Role.Admin));

      const changesRoles = !!changes.roles && after.join() !== before.join();
      const refused = await this.refusal(id === actor.id, { changesRoles, deactivating, losesAdmin }, manager);
      if (refused) throw refused;

      await manager.getRepository(User).update(
        { id },
        {
          ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
          ...(changes.department !== undefined ? { department: changes.department } : {}),
          ...(changes.active !== undefined ? { active: changes.active } : {}),
        },
      );
      if (changesRoles) {
        await manager.getRepository(UserRole).delete({ userId: id });
        await this.setRoles(manager, id, after);
        await this.events.record(
          { type: AuthEventType.RolesChanged, userId: id, actorId: actor.id, ip, details: { before, after } },
          manager,
        );
      }
      if (deactivating) {
        const revoked = await this.tokens.endAllSessions(manager, id, 'user_deactivated');
        await this.events.record(
          {
            type: AuthEventType.UserDeactivated,
            userId: id,
            actorId: actor.id,
            ip,
            details: { revokedRefreshTokens: revoked },
          },
          manager,
        );
      } else if (changes.active === true && !user.active) {
        await this.events.record({ type: AuthEventType.UserReactivated, userId: id, actorId: actor.id, ip }, manager);
      }
    });
    return this.get(id);
  }

  /**
   * Which changes update() would accept from `actor` on `user`, with the service's reason where not, so a page
   * offers only those: its roles (SelfGrant for one's own), and deactivating it while active (SelfLockout for
   * oneself, LastAdmin for the last active admin). The same checks as update(), which still makes them on a change.
   */
  async allowedChanges(actor: Actor, user: UserView): Promise<AllowedChanges> {
    const self = user.id === actor.id;
    const isAdmin = user.roles.includes(Role.Admin);
    const answer = (refused: IdentityException | null): ChangeAnswer =>
      refused ? { allowed: false, reason: refused.message } : { allowed: true };
    return {
      roles: answer(await this.refusal(self, { changesRoles: true, deactivating: false, losesAdmin: false })),
      deactivate: user.active
        ? answer(await this.refusal(self, { changesRoles: false, deactivating: true, losesAdmin: isAdmin }))
        : { allowed: false, reason: 'They are already deactivated.' },
    };
  }

  /** Why update() refuses a change, or null: oneself locked out or given roles, or no active admin left. */
  private async refusal(
    self: boolean,
    change: { changesRoles: boolean; deactivating: boolean; losesAdmin: boolean },
    manager: EntityManager = this.db.manager,
  ): Promise<IdentityException | null> {
    if (self && (change.deactivating || change.losesAdmin)) {
      return new IdentityException(
        IdentityErrorCode.SelfLockout,
        'You cannot deactivate yourself or remove your own admin role.',
      );
    }
    // IT admins have no reach into assessments; they may not hand themselves a reviewing role.
    if (self && change.changesRoles) {
      return new IdentityException(IdentityErrorCode.SelfGrant, 'Another admin must change your roles.');
    }
    if (change.losesAdmin && (await this.activeAdminCount(manager)) <= 1) {
      return new IdentityException(
        IdentityErrorCode.LastAdmin,
        'This is the last active admin; appoint another first.',
      );
    }
    return null;
  }

  async setPassword(userId: string, password: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.getRepository(User).update({ id: userId }, { passwordHash: await this.hasher.hash(password) });
  }

  async activeAdminCount(manager: EntityManager = this.db.manager): Promise<number> {
    const [row]: { count: string }[] = await manager.query(
      `SELECT count(*) FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'admin' AND u.active`,
    );
    return Number(row.count);
  }

  private async setRoles(manager: EntityManager, userId: string, roles: Role[]): Promise<void> {
    if (roles.length > 0) await manager.getRepository(UserRole).insert(roles.map((role) => ({ userId, role })));
  }
}
