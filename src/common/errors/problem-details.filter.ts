import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppException } from './app.exception';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problemType, statusTitle } from './problem-details';

/** Renders every error as RFC 9457 problem+json. Unexpected errors are logged and never leak details. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const { problem, headers } = this.toProblem(exception);
    problem.instance = req.originalUrl?.split('?')[0];
    problem.requestId = req.id;

    if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId: req.id }, `request failed with ${problem.status}`);
    }
    if (res.headersSent) return; // a streamed response broke midway; nothing more can be said
    res.status(problem.status).set(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): { problem: ProblemDetails; headers: Record<string, string> } {
    if (exception instanceof AppException) {
      return {
        problem: {
          type: problemType(exception.code),
          title: statusTitle(exception.status),
          status: exception.status,
          detail: exception.message,
          ...(exception.errors ? { errors: exception.errors } : {}),
          ...exception.extensions,
        },
        headers: exception.headers,
      };
    }
    const database = databaseProblem(exception);
    if (database) return { problem: database, headers: {} };
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
}

/** Nest's own exceptions carry a message we can show, except on 5xx where it may describe internals. */
function httpDetail(exception: HttpException, status: number): string {
  if (status >= 500) return statusTitle(status);
  const body = exception.getResponse();
  const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/**
 * A safety net for input that only PostgreSQL could judge (a reference to a row that does not exist, a
 * NUL character, an impossible date): a 4xx naming the kind of problem, never a 500. Services should
 * catch these first and name the field; this keeps the promise when one does not.
 */
function databaseProblem(exception: unknown): ProblemDetails | undefined {
  if (!(exception instanceof QueryFailedError)) return undefined;
  const code = (exception.driverError as { code?: string } | undefined)?.code ?? '';
  const known: Record<string, [number, string]> = {
    '23503': [422, 'The request refers to something that does not exist.'],
    '23505': [409, 'This would duplicate something that already exists.'],
    '22P02': [400, 'A value in the request is not of the right form.'],
    '22007': [400, 'A date or time in the request is not valid.'],
    '22008': [400, 'A date or time in the request is out of range.'],
    '22021': [400, 'The request contains characters that cannot be stored (such as NUL).'],
    '22P05': [400, 'The request contains characters that cannot be stored (such as NUL).'],
    '22001': [400, 'A value in the request is too long.'],
    '22003': [400, 'A number in the request is out of range.'],
  };
  const match = known[code];
  if (!match) return undefined;
  return { type: problemType(`database-${code}`), title: statusTitle(match[0]), status: match[0], detail: match[1] };
}
