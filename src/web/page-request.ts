import type { Request } from 'express';
import type { Actor } from '../common/auth/actor';
import type { WebSession } from '../identity/sessions/web-sessions.service';

/** A request to a page route, as AccessGuard leaves it: marked as a page, with its session if signed in. */
export interface PageRequest extends Request {
  /** Set on every route of a @WebPages() controller: errors answer as HTML pages, not problem+json. */
  webPage?: boolean;
  session?: WebSession;
  user?: Actor;
}
