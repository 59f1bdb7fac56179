import { Injectable } from '@nestjs/common';
import { AuthEventsService } from './auth-events.service';
import { AuthEventType } from './entities/auth-event.entity';
import type { User } from './entities/user.entity';
import { IdentityException } from './identity.exception';
import { PasswordHasher } from './password/password-hasher';
import { LoginThrottleService } from './throttle/login-throttle.service';
import { UsersService } from './users.service';

export interface CredentialCheck {
  email: string;
  password: string;
  ip?: string;
  /** What the check is for: names the events it records. */
  purpose: 'login' | 'reauthentication';
}

const EVENTS = {
  login: { ok: AuthEventType.LoginSucceeded, failed: AuthEventType.LoginFailed },
  reauthentication: { ok: AuthEventType.ReauthSucceeded, failed: AuthEventType.ReauthFailed },
} as const;

/**
 * Checks an e-mail and password under the lockout rules. Used by login and by re-authentication, so
 * both count towards the same lockout. Unknown e-mails, inactive users and wrong passwords all cost
 * one argon2 verification and get the same answer.
 */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottleService,
    private readonly events: AuthEventsService,
  ) {}

  async verify({ email: given, password, ip, purpose }: CredentialCheck): Promise<User> {
    const email = given.trim().toLowerCase();
    const keys = this.throttle.keysFor(email, ip);
    const lockedFor = await this.throttle.lockedFor(keys);
    if (lockedFor > 0) throw IdentityException.lockedOut(lockedFor);

    const user = await this.users.findWithHashByEmail(email);
    const usable = user?.active ? user : undefined;
    const matches = await this.hasher.verify(usable?.passwordHash, password);
    if (!usable || !matches) {
      await this.events.record({ type: EVENTS[purpose].failed, userId: user?.id, email, ip });
      const locked = await this.throttle.recordFailure(keys);
      for (const key of locked) {
        await this.events.record({
          type: AuthEventType.LockedOut,
          userId: user?.id,
          email,
          ip,
          details: { scope: key.scope, purpose },
        });
      }
      throw purpose === 'login' ? IdentityException.invalidCredentials() : IdentityException.reauthenticationFailed();
    }

    await this.throttle.recordSuccess(email);
    await this.events.record({ type: EVENTS[purpose].ok, userId: usable.id, ip });
    if (this.hasher.needsRehash(usable.passwordHash)) await this.users.setPassword(usable.id, password);
    return usable;
  }
}
