import { type ArgumentsHost, ForbiddenException, Logger } from '@nestjs/common';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { AppException } from './app.exception';
import type { PageRenderer } from '../../web/page-renderer.service';
import { ProblemDetailsFilter } from './problem-details.filter';

function capture(exception: unknown) {
  const sent: { status?: number; headers?: Record<string, string>; type?: string; body?: string } = {};
  const res = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    set(headers: Record<string, string>) {
      sent.headers = headers;
      return this;
    },
    type(type: string) {
      sent.type = type;
      return this;
    },
    send(body: string) {
      sent.body = body;
      return this;
    },
  };
  const req = { id: 'req-1', method: 'GET', originalUrl: '/assessments/7?x=1' }; // an API request
  const host = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter({} as PageRenderer).catch(exception, host); // API routes never render a page
  return { ...sent, problem: JSON.parse(sent.body ?? '{}') };
}

describe('ProblemDetailsFilter', () => {
  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  it('hides an unexpected error behind a generic 500, with the request id and no stack', () => {
    const { status, type, problem } = capture(new Error('connection string postgres://secret@db leaked'));
    expect(status).toBe(500);
    expect(type).toBe('application/problem+json; charset=utf-8');
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred. Quote the request id when reporting it.',
      instance: '/assessments/7',
      requestId: 'req-1',
    });
  });

  it('renders an AppException with its code as the type, its extensions and headers', () => {
    const { status, headers, problem } = capture(
      new AppException('locked-out', 'Too many attempts.', {
        extensions: { retryAfter: 30 },
        headers: { 'Retry-After': '30' },
      }),
    );
    expect(status).toBe(429);
    expect(headers).toEqual({ 'Retry-After': '30' });
    expect(problem).toMatchObject({
      type: 'urn:privacy-review:problem:locked-out',
      title: 'Too Many Requests',
      detail: 'Too many attempts.',
      retryAfter: 30,
    });
  });

  it("keeps Nest's own 4xx messages", () => {
    const { status, problem } = capture(new ForbiddenException('Not yours'));
    expect(status).toBe(403);
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Forbidden', detail: 'Not yours' });
  });

  it('never lets an extension replace a member RFC 9457 defines', () => {
    const { status, problem } = capture(
      new AppException('document-not-ready', 'Being produced.', {
        extensions: { status: 'pending', type: 'x', title: 'x', detail: 'x', instance: 'x', documentStatus: 'pending' },
      }),
    );
    expect(status).toBe(409);
    expect(problem).toEqual({
      type: 'urn:privacy-review:problem:document-not-ready',
      title: 'Conflict',
      status: 409,
      detail: 'Being produced.',
      documentStatus: 'pending',
      instance: '/assessments/7',
      requestId: 'req-1',
    });
  });

  it('names input PostgreSQL refused without its SQLSTATE', () => {
    const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    const { status, problem } = capture(new QueryFailedError('INSERT ...', [], nul));
    expect(status).toBe(400);
    expect(problem.type).toBe('urn:privacy-review:problem:unstorable-characters');
    expect(JSON.stringify(problem)).not.toContain('22021');
  });

  it.each([
    [
      'a terminated backend',
      new QueryFailedError(
        'SELECT 1',
        [],
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    ],
    ['a connection that ended', new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly'))],
    ['a transaction whose connection was released', new QueryRunnerAlreadyReleasedError()],
    ['a manager whose connection was released', new QueryRunnerProviderAlreadyReleasedError()],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
  ])('answers %s with 503 and Retry-After', (_, error) => {
    const { status, headers, problem } = capture(error);
    expect(status).toBe(503);
    expect(headers).toEqual({ 'Retry-After': '2' });
    expect(problem.type).toBe('urn:privacy-review:problem:database-unavailable');
  });
});
