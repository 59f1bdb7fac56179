import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { Response } from 'express';
import { PageRenderer } from '../../web/page-renderer.service';
import type { PageRequest } from '../../web/page-request';
import { AppException } from './app.exception';
import { databaseException } from './database-errors';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problemType, statusTitle } from './problem-details';

/** RFC 9457 §3.1's members, and ours: an extension never replaces them (§3.2). */
const RESERVED_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'requestId', 'errors']);

/**
 * Renders every error as RFC 9457 problem+json, or as an HTML page for a browser's page request. Unexpected
 * errors are logged and never leak details.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  constructor(private readonly pages: PageRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<PageRequest>();
    const res = http.getResponse<Response>();
    const known = exception instanceof AppException ? exception : databaseException(exception);
    const { problem, headers } = known ? appProblem(known) : otherProblem(exception);
    problem.instance = req.originalUrl?.split('?')[0];
    problem.requestId = req.id as string | undefined;

    if (problem.status >= 500) {
      const level = known ? 'warn' : 'error'; // a known 5xx (the database went away) is not a bug of ours
      this.logger[level]({ err: exception, requestId: req.id }, `request failed with ${problem.status}`);
    }
    if (res.headersSent) return; // a streamed response broke midway; nothing more can be said
    if (wantsPage(req, exception)) return this.page(req, res, problem, headers);
    res.status(problem.status).set(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  /** Signed out: to the sign-in page, coming back here after. Otherwise the error page, in the shell. */
  private page(req: PageRequest, res: Response, problem: ProblemDetails, headers: Record<string, string>): void {
    if (problem.status === 401) {
      const back = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      return res.redirect(303, `/login${back}`);
    }
    res.set(headers);
    // A 5xx says nothing of its cause; a URL no route matched has only the router's "Cannot GET …" to say.
    const detail = problem.status >= 500 || !req.webPage ? null : problem.detail;
    this.pages.renderError(req, res, problem.status, detail ?? null);
  }
}

/**
 * A page route's error, or a browser asking for a URL that matches no route at all (Nest's router answers
 * those with its own NotFoundException; our code raises AppExceptions).
 */
function wantsPage(req: PageRequest, exception: unknown): boolean {
  if (req.webPage) return true;
  const unrouted = exception instanceof NotFoundException && req.method === 'GET';
  return unrouted && req.accepts(['application/json', 'text/html']) === 'text/html';
}

function appProblem(exception: AppException): { problem: ProblemDetails; headers: Record<string, string> } {
  const extensions = Object.entries(exception.extensions).filter(([name]) => !RESERVED_MEMBERS.has(name));
  return {
    problem: {
      type: problemType(exception.code),
      title: statusTitle(exception.status),
      status: exception.status,
      detail: exception.message,
      ...(exception.errors ? { errors: exception.errors } : {}),
      ...Object.fromEntries(extensions),
    },
    headers: exception.headers,
  };
}

function otherProblem(exception: unknown): { problem: ProblemDetails; headers: Record<string, string> } {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return {
      problem: { type: 'about:blank', title: statusTitle(status), status, detail: httpDetail(exception, status) },
      headers: {},
    };
  }
  return {
    problem: {
      type: 'about:blank',
      title: statusTitle(500),
      status: 500,
      detail: 'An unexpected error occurred. Quote the request id when reporting it.',
    },
    headers: {},
  };
}

/** Nest's own exceptions carry a message we can show, except on 5xx where it may describe internals. */
function httpDetail(exception: HttpException, status: number): string {
  if (status >= 500) return statusTitle(status);
  const body = exception.getResponse();
  const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}
