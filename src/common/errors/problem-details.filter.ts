import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppException } from './app.exception';
import { databaseException } from './database-errors';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problemType, statusTitle } from './problem-details';

/** RFC 9457 §3.1's members, and ours: an extension never replaces them (§3.2). */
const RESERVED_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'requestId', 'errors']);

/** Renders every error as RFC 9457 problem+json. Unexpected errors are logged and never leak details. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const known = exception instanceof AppException ? exception : databaseException(exception);
    const { problem, headers } = known ? appProblem(known) : otherProblem(exception);
    problem.instance = req.originalUrl?.split('?')[0];
    problem.requestId = req.id;

    if (problem.status >= 500) {
      const level = known ? 'warn' : 'error'; // a known 5xx (the database went away) is not a bug of ours
      this.logger[level]({ err: exception, requestId: req.id }, `request failed with ${problem.status}`);
    }
    if (res.headersSent) return; // a streamed response broke midway; nothing more can be said
    res.status(problem.status).set(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
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
