import { randomBytes } from 'node:crypto';
import { parseCookie, type SetCookie, stringifySetCookie } from 'cookie';
import type { Request, Response } from 'express';

/**
 * The two cookies of the web pages. In production they carry the __Host- prefix, which the browser honours only
 * with Secure, path / and no Domain: no sibling host can set or shadow them.
 */
export class SessionCookies {
  readonly session: string;
  readonly binding: string;

  constructor(private readonly secure: boolean) {
    const prefix = secure ? '__Host-' : '';
    this.session = `${prefix}session`;
    this.binding = `${prefix}form-binding`;
  }

  read(req: Request, name: string): string | undefined {
    const header = req.headers.cookie;
    return header ? parseCookie(header)[name] : undefined;
  }

  /** A session cookie in the browser's sense too: it is not kept on disk past the browser's own session. */
  setSession(res: Response, token: string): void {
    res.append('Set-Cookie', stringifySetCookie({ ...this.options(), name: this.session, value: token }));
  }

  clearSession(res: Response): void {
    res.append('Set-Cookie', stringifySetCookie({ ...this.options(), name: this.session, value: '', maxAge: 0 }));
  }

  /**
   * What the browser's CSRF tokens are bound to: its session cookie, live or ended (so a page left open after the
   * session ended can still sign out), else the form-binding cookie of a signed-out browser.
   */
  formBinding(req: Request): string | undefined {
    return this.read(req, this.session) ?? this.read(req, this.binding);
  }

  /** Binds a signed-out browser's forms (sign-in) to it; returns the value, new or the one it already had. */
  ensureBinding(req: Request, res: Response): string {
    const existing = this.read(req, this.binding);
    if (existing && /^[A-Za-z0-9_-]{22}$/.test(existing)) return existing;
    const value = randomBytes(16).toString('base64url');
    res.append('Set-Cookie', stringifySetCookie({ ...this.options(), name: this.binding, value }));
    return value;
  }

  private options(): Omit<SetCookie, 'name' | 'value'> {
    return { httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/' };
  }
}
