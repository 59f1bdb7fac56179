import type { Actor } from '../common/auth/actor';
import { Permission, permissionsOf } from '../common/auth/permissions';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

interface Workspace {
  href: string;
  label: string;
  permission: Permission;
  /** What the home page says of it, for those whose work is there rather than in their own assessments. */
  summary?: string;
}

/** The header's links: each shown only to those whose roles grant the permission its page needs. */
const ITEMS: Workspace[] = [
  { href: '/', label: 'My work', permission: Permission.OwnAccount },
  { href: '/pia/new', label: 'Start an assessment', permission: Permission.AssessmentsCreate },
  {
    href: '/review',
    label: 'Reviews',
    permission: Permission.WorkflowRequestChanges,
    summary: 'The assessments waiting for your review, soonest deadline first, with their overdue ones marked.',
  },
  {
    href: '/records',
    label: 'Records',
    permission: Permission.RecordsExport,
    summary: 'Decisions to export, archival packages, and retention: legal holds and what is due for disposition.',
  },
  {
    href: '/admin/users',
    label: 'Users',
    permission: Permission.UsersManage,
    summary: 'Accounts: create them, change their roles and department, deactivate and reactivate them.',
  },
  {
    href: '/admin/sign-ins',
    label: 'Sign-in log',
    permission: Permission.AuthEventsRead,
    summary: 'Every sign-in, sign-out, failure and lockout, filtered by person, outcome and dates.',
  },
];

const granted = (actor: Actor) => {
  const permissions = permissionsOf(actor.roles);
  return ITEMS.filter((item) => permissions.has(item.permission));
};

export function navigationFor(actor: Actor, path: string): NavItem[] {
  return granted(actor).map(({ href, label }) => ({
    href,
    label,
    current: href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`),
  }));
}

/** The workspaces the home page points to: the header's links that carry a summary. */
export function workspacesFor(actor: Actor): { href: string; label: string; summary: string }[] {
  return granted(actor).flatMap(({ href, label, summary }) => (summary ? [{ href, label, summary }] : []));
}
