import { Role } from '../../common/auth/roles';
import { AUTH_EVENT_LABELS, ROLE_LABELS } from '../../common/labels';
import type { AuthLogEntry } from '../auth-events.service';
import { AuthEventType } from '../entities/auth-event.entity';
import type { FormError } from '../../web/forms';

/** The sign-in log's filter as typed, and what it means for the service once read. */
export interface SignInFilter {
  person: string;
  type: string;
  from: string;
  to: string;
}

export interface ReadSignInFilter {
  typed: SignInFilter;
  person?: string;
  type?: AuthEventType;
  /** From the start of the `from` day (UTC), up to the end of the `to` day. */
  from?: Date;
  to?: Date;
  errors: FormError[];
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ONE_DAY = 24 * 60 * 60 * 1000;

/** A calendar day typed as YYYY-MM-DD, as the start of that day in UTC; undefined when it is no such day. */
export function dayStart(text: string): Date | undefined {
  const match = DAY.exec(text);
  if (!match) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text ? date : undefined;
}

/** Reads the filter from the query string; a day that is no date is reported and left out of the filter. */
export function readSignInFilter(query: Record<string, unknown>): ReadSignInFilter {
  const text = (name: string, max: number) => {
    const value = query[name];
    return typeof value === 'string' ? value.trim().slice(0, max) : '';
  };
  const typed: SignInFilter = {
    person: text('person', 100),
    type: text('type', 40),
    from: text('from', 10),
    to: text('to', 10),
  };
  const known = (Object.values(AuthEventType) as string[]).includes(typed.type);
  if (!known) typed.type = '';
  const errors: FormError[] = [];
  const from = typed.from ? dayStart(typed.from) : undefined;
  const toDay = typed.to ? dayStart(typed.to) : undefined;
  if (typed.from && !from)
    errors.push({ field: 'from', message: 'Enter the first day as a date, for example 2026-03-01.' });
  if (typed.to && !toDay)
    errors.push({ field: 'to', message: 'Enter the last day as a date, for example 2026-03-31.' });
  const to = toDay && new Date(toDay.getTime() + ONE_DAY);
  if (from && to && to <= from) errors.push({ field: 'to', message: 'The last day must not be before the first.' });
  const bad = new Set(errors.map((e) => e.field));
  return {
    typed,
    ...(typed.person ? { person: typed.person } : {}),
    ...(known ? { type: typed.type as AuthEventType } : {}),
    ...(from && !bad.has('from') && !bad.has('to') ? { from } : {}),
    ...(to && !bad.has('to') ? { to } : {}),
    errors,
  };
}

/** One line of the log, in words. */
export function logRow(entry: AuthLogEntry) {
  return {
    at: entry.at,
    what: AUTH_EVENT_LABELS[entry.type] ?? entry.type,
    failed: [
      AuthEventType.LoginFailed,
      AuthEventType.LockedOut,
      AuthEventType.ReauthFailed,
      AuthEventType.RefreshReused,
    ].includes(entry.type),
    detail: detailOf(entry),
    who: entry.userName,
    email: entry.email,
    by: entry.actorName,
    ip: entry.ip,
  };
}

const roleList = (value: unknown) =>
  Array.isArray(value) && value.length
    ? value.map((r) => (Object.hasOwn(ROLE_LABELS, r) ? ROLE_LABELS[r as Role] : String(r))).join(', ')
    : 'no roles';

function detailOf(entry: AuthLogEntry): string | null {
  const d = entry.details ?? {};
  switch (entry.type) {
    case AuthEventType.RolesChanged:
      return `From ${roleList(d.before)} to ${roleList(d.after)}.`;
    case AuthEventType.UserCreated:
      return `With ${roleList(d.roles)}.`;
    case AuthEventType.LockedOut:
      return d.scope === 'ip' ? 'Too many failures from this address.' : 'Too many failures for this account.';
    case AuthEventType.LoginFailed:
      return entry.userName ? 'Wrong password, or the account is deactivated.' : 'No account has this e-mail address.';
    case AuthEventType.Logout:
      return d.via === 'web' ? 'From the web pages.' : 'From the API.';
    default:
      return null;
  }
}

/** The choices of the "what happened" filter. */
export function typeChoices(selected: string) {
  return Object.values(AuthEventType).map((type) => ({
    value: type,
    label: AUTH_EVENT_LABELS[type],
    selected: type === selected,
  }));
}
