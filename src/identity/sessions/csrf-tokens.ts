import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JWT_SECRET } from '../tokens/jwt-secret.provider';

/**
 * CSRF tokens for the pages' forms: an HMAC of what binds the browser to us, the session's cookie value once
 * signed in, or a random cookie before (so the sign-in form is protected too). Another site can neither read
 * those cookies nor compute the HMAC, so it cannot forge a form this service accepts. Stateless: a token
 * lives as long as its binding, and no row is written for an anonymous visitor.
 */
@Injectable()
export class CsrfTokens {
  private readonly key: Buffer;

  constructor(@Inject(JWT_SECRET) secret: string) {
    // A key of its own, derived, so a CSRF token never doubles as anything signed with the JWT secret.
    this.key = createHmac('sha256', secret).update('privacy-review csrf key').digest();
  }

  tokenFor(binding: string): string {
    return createHmac('sha256', this.key).update(binding).digest('base64url');
  }

  matches(binding: string | undefined, token: unknown): boolean {
    if (!binding || typeof token !== 'string') return false;
    const expected = Buffer.from(this.tokenFor(binding));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
