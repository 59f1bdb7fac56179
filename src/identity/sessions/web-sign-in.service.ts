import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor';
import { AuthEventsService } from '../auth-events.service';
import { AuthService } from '../auth.service';
import { CredentialsService } from '../credentials.service';
import { AuthEventType } from '../entities/auth-event.entity';
import { WebSessionsService, type WebSession } from './web-sessions.service';

/** Signing in and out of the pages: the API's credential checks and lockout, with a server-side session. */
@Injectable()
export class WebSignInService {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly sessions: WebSessionsService,
    private readonly auth: AuthService,
    private readonly events: AuthEventsService,
  ) {}

  /** Returns the new session's cookie value; throws as the API's login does (401, or 429 when locked out). */
  async signIn(email: string, password: string, ip?: string): Promise<string> {
    const user = await this.credentials.verify({ email, password, ip, purpose: 'login' });
    return this.sessions.open(user.id);
  }

  async signOut(session: WebSession, ip?: string): Promise<void> {
    await this.sessions.end(session.token);
    await this.events.record({ type: AuthEventType.Logout, userId: session.actor.id, ip, details: { via: 'web' } });
  }

  /**
   * Changes the password as the API does, which ends every session and token of the person; this browser then
   * gets a fresh session, so the one who changed it stays signed in here and nowhere else.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, ip?: string): Promise<string> {
    await this.auth.changePassword(actor, currentPassword, newPassword, ip);
    await this.sessions.endAllOf(actor.id);
    return this.sessions.open(actor.id);
  }
}
