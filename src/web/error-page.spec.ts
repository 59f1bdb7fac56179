import { join } from 'node:path';
import { type ArgumentsHost, Logger, NotFoundException } from '@nestjs/common';
import type { Response } from 'express';
import { Role } from '../common/auth/roles';
import { AppException } from '../common/errors/app.exception';
import { ProblemDetailsFilter } from '../common/errors/problem-details.filter';
import type { AppConfig } from '../config/app-config';
import { CsrfTokens } from '../identity/sessions/csrf-tokens';
import { SessionCookies } from '../identity/sessions/session-cookies';
import type { NotificationsService } from '../workflow/notifications/notifications.service';
import { PageRenderer } from './page-renderer.service';
import type { PageRequest } from './page-request';
import { PageViews } from './page-views';

/** The error pages as the filter renders them from the real views: what a person sees when a page fails. */
describe('error pages', () => {
  let filter: ProblemDetailsFilter;

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const views = await PageViews.load(join(__dirname, '../../templates/views'));
    const config = { decisions: { organisation: 'City of Example' } } as AppConfig;
    // An error page never asks the database for anything: renderError reads no notifications.
    const renderer = new PageRenderer(
      views,
      config,
      new CsrfTokens('s'.repeat(40)),
      new SessionCookies(false),
      {} as NotificationsService,
    );
    filter = new ProblemDetailsFilter(renderer);
  });

  function render(exception: unknown, request: Partial<PageRequest> = {}) {
    const sent: { status?: number; html?: string; headers: Record<string, string>; location?: string } = {
      headers: {},
    };
    const res = {
      headersSent: false,
      status: (code: number) => ((sent.status = code), res),
      set: (name: string | Record<string, string>, value?: string) => (
        typeof name === 'string' ? (sent.headers[name] = value!) : Object.assign(sent.headers, name),
        res
      ),
      type: () => res,
      send: (html: string) => ((sent.html = html), res),
      redirect: (code: number, url: string) => ((sent.status = code), (sent.location = url)),
    } as unknown as Response;
    const req = {
      id: 'req-42',
      method: 'GET',
      path: '/pia/PIA-2026-0001',
      originalUrl: '/pia/PIA-2026-0001',
      webPage: true,
      accepts: () => 'text/html',
      user: {
        id: 'u',
        email: 'ana@example.gov',
        displayName: 'Ana Lima',
        department: null,
        roles: [Role.ProjectOwner],
      },
      ...request,
    } as unknown as PageRequest;
    const host = {
      switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
    } as unknown as ArgumentsHost;
    filter.catch(exception, host);
    return sent;
  }

  it('shows a 500 with the request id and nothing of its cause, in the shell', () => {
    const page = render(new Error('connection to postgres://admin:secret@db failed'));
    expect(page.status).toBe(500);
    expect(page.html).toContain('<h1>Something went wrong</h1>');
    expect(page.html).toContain('req-42');
    expect(page.html).not.toMatch(/postgres|secret|Error/);
    expect(page.html).toContain('Ana Lima'); // the header still says who is signed in
  });

  it('shows a 403 and a 404 with what the service said, and a URL no route matches as "Page not found"', () => {
    const forbidden = render(
      new AppException('forbidden', 'This needs the permission "x", which your roles do not grant.'),
    );
    expect(forbidden.status).toBe(403);
    expect(forbidden.html).toContain('which your roles do not grant');
    const missing = render(new NotFoundException('Cannot GET /nowhere'), {
      webPage: undefined,
      originalUrl: '/nowhere',
    });
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('<h1>Page not found</h1>');
    expect(missing.html).not.toContain('Cannot GET');
  });

  it('sends a signed-out browser to sign in, coming back to the page it asked for', () => {
    const page = render(new AppException('sign-in-required', 'Sign in to see this page.'), { user: undefined });
    expect(page.status).toBe(303);
    expect(page.location).toBe('/login?next=%2Fpia%2FPIA-2026-0001');
  });
});
