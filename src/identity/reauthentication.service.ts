import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/auth/actor';
import { CredentialsService } from './credentials.service';

/**
 * Confirms, within one request, that the person holding a session is the account's owner: for acts
 * that carry a signature: APPROVE and REJECT (WorkflowService).
 * Failures count towards the same lockout as logins.
 */
@Injectable()
export class ReauthenticationService {
  constructor(private readonly credentials: CredentialsService) {}

  async confirm(actor: Actor, password: string, ip?: string): Promise<void> {
    await this.credentials.verify({ email: actor.email, password, ip, purpose: 'reauthentication' });
  }
}
