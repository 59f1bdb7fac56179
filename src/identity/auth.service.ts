import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor';
import { permissionsOf } from '../common/auth/permissions';
import { AuthEventsService } from './auth-events.service';
import { CredentialsService } from './credentials.service';
import { AuthEventType } from './entities/auth-event.entity';
import type { User } from './entities/user.entity';
import { IdentityErrorCode, IdentityException } from './identity.exception';
import { passwordProblem } from './password/password-policy';
import { type TokenPair, TokenService } from './tokens/token.service';
import { UsersService } from './users.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
    private readonly credentials: CredentialsService,
    private readonly events: AuthEventsService,
  ) {}

  /** Called by the local strategy once the credentials checked out. */
  login(user: User, ip?: string): Promise<TokenPair> {
    return this.tokens.issue(user.id, ip);
  }

  async refresh(refreshToken: string, ip?: string): Promise<TokenPair> {
    const outcome = await this.tokens.refresh(refreshToken, ip);
    if (outcome.kind === 'rotated') {
      // A token of a user deactivated meanwhile is refused (deactivation revoked it too).
      if (await this.users.findActiveActor(outcome.userId)) return outcome.tokens;
    }
    if (outcome.kind === 'reused') {
      await this.events.record({
        type: AuthEventType.RefreshReused,
        userId: outcome.userId,
        ip,
        details: { familyId: outcome.familyId },
      });
    }
    throw new IdentityException(IdentityErrorCode.InvalidRefreshToken, 'The refresh token is not valid; log in again.');
  }

  /**
   * Ends the session the refresh token belongs to, and every access token of the user (one generation
   * covers them all; the user's other sessions refresh theirs). Unknown tokens are ignored: logout is
   * idempotent.
   */
  async logout(actor: Actor, refreshToken: string, ip?: string): Promise<void> {
    const familyId = await this.tokens.familyOf(refreshToken, actor.id);
    if (!familyId) return;
    await this.db.transaction(async (manager) => {
      await this.tokens.revokeFamily(manager, familyId, 'logout');
      await this.tokens.endAccessTokens(manager, actor.id);
      await this.events.record({ type: AuthEventType.Logout, userId: actor.id, ip }, manager);
    });
  }

  /** Changes one's own password after confirming the current one; every session is ended. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, ip?: string): Promise<void> {
    await this.credentials.verify({ email: actor.email, password: currentPassword, ip, purpose: 'reauthentication' });
    const problem = passwordProblem(newPassword, actor.email);
    if (problem) throw IdentityException.weakPassword('/newPassword', problem);
    await this.db.transaction(async (manager) => {
      await this.users.setPassword(actor.id, newPassword, manager);
      const revoked = await this.tokens.endAllSessions(manager, actor.id, 'password_changed');
      await this.events.record(
        { type: AuthEventType.PasswordChanged, userId: actor.id, ip, details: { revokedRefreshTokens: revoked } },
        manager,
      );
    });
  }

  me(actor: Actor) {
    return { ...actor, permissions: [...permissionsOf(actor.roles)].sort() };
  }
}
