import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is kept (so a trace spans services) only when it is short and plain.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** pino-http's genReqId: reuse a sane incoming X-Request-Id or mint one, and echo it on the response. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}
