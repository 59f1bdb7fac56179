import { type ArgumentsHost, ForbiddenException, Logger } from '@nestjs/common';
import { AppException } from './app.exception';
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
  const req = { id: 'req-1', originalUrl: '/assessments/7?x=1' };
  const host = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return { ...sent, problem: JSON.parse(sent.body ?? '{}') };
}

describe('ProblemDetailsFilter', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));

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
      new AppException(429, 'locked-out', 'Too many attempts.', {
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
});
