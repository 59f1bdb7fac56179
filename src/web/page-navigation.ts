import type { Actor } from '../common/auth/actor';
import { Permission, permissionsOf } from '../common/auth/permissions';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

/** The header's links: each shown only to those whose roles grant the permission its page needs. */
const ITEMS: { href: string; label: string; permission: Permission }[] = [
  { href: '/', label: 'My work', permission: Permission.OwnAccount },
  { href: '/pia/new', label: 'Start an assessment', permission: Permission.AssessmentsCreate },
];

export function navigationFor(actor: Actor, path: string): NavItem[] {
  const granted = permissionsOf(actor.roles);
  return ITEMS.filter((item) => granted.has(item.permission)).map(({ href, label }) => ({
    href,
    label,
    current: href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`),
  }));
}
