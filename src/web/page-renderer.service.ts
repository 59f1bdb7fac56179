import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ROLE_LABELS } from '../common/labels';
import { AppConfig } from '../config/app-config';
import { CsrfTokens } from '../identity/sessions/csrf-tokens';
import { SessionCookies } from '../identity/sessions/session-cookies';
import { NotificationsService } from '../workflow/notifications/notifications.service';
import { APP_CSP, PUBLIC_CSP } from './content-security-policy';
import { navigationFor } from './page-navigation';
import type { PageRequest } from './page-request';
import { PageViews } from './page-views';

/** What every page's layout shows around the view: the organisation, the person, their navigation. */
export interface Shell {
  title: string;
  organisation: string;
  person: { name: string; roles: string } | null;
  nav: { href: string; label: string; current: boolean }[];
  unread: number;
  csrfToken: string;
  requestId: string | null;
  /** Seconds after which a page reloads itself when script is off (a long job's progress); null for none. */
  refreshSeconds: number | null;
}

/** What a page may add to the layout's head. */
export interface PageHead {
  /** The page reloads after this many seconds when script is off; with script a module updates it instead. */
  refreshSeconds?: number;
}

/**
 * Renders a view inside the page layout and sends it. Views get `csrfToken` for their forms and `shell` for
 * anything of the layout; their model comes from the page controller, built from the same services as the API.
 */
@Injectable()
export class PageRenderer {
  private readonly logger = new Logger(PageRenderer.name);

  constructor(
    private readonly views: PageViews,
    private readonly config: AppConfig,
    private readonly csrf: CsrfTokens,
    private readonly cookies: SessionCookies,
    private readonly notifications: NotificationsService,
  ) {}

  async render(
    req: PageRequest,
    res: Response,
    view: string,
    title: string,
    model: object,
    status = 200,
    head: PageHead = {},
  ) {
    const shell = { ...(await this.shell(req, res, title)), refreshSeconds: head.refreshSeconds ?? null };
    this.send(res, status, this.compose(view, shell, model));
  }

  /**
   * A public page (no sign-in): the public layout, which shows nobody's name or navigation and loads no script,
   * under PUBLIC_CSP. Its forms carry a CSRF token bound to the browser like the sign-in form's.
   */
  async renderPublic(req: PageRequest, res: Response, view: string, title: string, model: object, status = 200) {
    const binding = this.cookies.formBinding(req) ?? this.cookies.ensureBinding(req, res);
    const html = this.composePublic(view, title, req.path, model, this.csrf.tokenFor(binding));
    res.status(status).set('Content-Security-Policy', PUBLIC_CSP).type('html').send(html);
  }

  /** A public page's HTML, for routes outside the pages' controllers (the register) that have no form. */
  composePublic(view: string, title: string, path: string, model: object, csrfToken = ''): string {
    const shell: Shell = {
      title,
      organisation: this.config.decisions.organisation,
      person: null,
      nav: PUBLIC_NAV.map((item) => ({ ...item, current: path === item.href })),
      unread: 0,
      csrfToken,
      requestId: null,
      refreshSeconds: null,
    };
    const body = this.views.render(view, { ...model, shell, csrfToken });
    return this.views.render('layouts/public', { shell, body });
  }

  /** POST, redirect, GET: the answer to a form that was accepted. */
  redirect(res: Response, url: string): void {
    res.redirect(303, url);
  }

  /**
   * An error page, from the exception filter: no database call (the error may be the database), and for a 5xx
   * nothing but the request id.
   */
  renderError(req: PageRequest, res: Response, status: number, detail: string | null): void {
    const title = errorHeadline(status);
    const shell: Shell = {
      ...this.baseShell(req, title),
      csrfToken: req.session ? this.csrf.tokenFor(req.session.token) : '',
      unread: 0,
    };
    try {
      this.send(res, status, this.compose('errors/error', shell, { status, headline: title, detail }));
    } catch (error) {
      this.logger.error({ err: error, requestId: req.id }, 'the error page could not be rendered');
      res
        .status(status)
        .type('text/plain')
        .send(`${title}\nRequest id: ${String(req.id)}\n`);
    }
  }

  private async shell(req: PageRequest, res: Response, title: string): Promise<Shell> {
    const binding = this.cookies.formBinding(req) ?? this.cookies.ensureBinding(req, res);
    return {
      ...this.baseShell(req, title),
      csrfToken: this.csrf.tokenFor(binding),
      unread: req.user ? await this.notifications.countUnread(req.user.id) : 0,
    };
  }

  private baseShell(req: PageRequest, title: string): Omit<Shell, 'csrfToken' | 'unread'> {
    const actor = req.user;
    return {
      title,
      refreshSeconds: null,
      organisation: this.config.decisions.organisation,
      person: actor ? { name: actor.displayName, roles: actor.roles.map((r) => ROLE_LABELS[r]).join(', ') } : null,
      nav: actor ? navigationFor(actor, req.path) : [],
      requestId: req.id ? String(req.id) : null,
    };
  }

  private compose(view: string, shell: Shell, model: object): string {
    const body = this.views.render(view, { ...model, shell, csrfToken: shell.csrfToken });
    return this.views.render('layouts/page', { shell, body });
  }

  private send(res: Response, status: number, html: string): void {
    res.status(status).set('Content-Security-Policy', APP_CSP).type('html').send(html);
  }
}

/** The public pages' navigation: the same for everyone, signed in or not. */
const PUBLIC_NAV = [
  { href: '/public/register', label: 'Register of decisions' },
  { href: '/public/verify', label: 'Verify a decision document' },
];

/** What an error page says first, in words a person uses rather than the status's name. */
function errorHeadline(status: number): string {
  if (status === 404 || status === 410) return 'Page not found';
  if (status === 403) return 'You cannot do this here';
  if (status === 409 || status === 412) return 'This cannot be done now';
  if (status === 429) return 'Too many attempts';
  if (status === 503) return 'The service is busy';
  return status >= 500 ? 'Something went wrong' : 'This request could not be used';
}
