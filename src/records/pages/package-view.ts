import { DECISION_OUTCOME_LABELS, label } from '../../common/labels';
import type { DecisionFilter } from '../exports/export-filter';
import { filterQuery } from './decision-list';

/** A package as PackagesService reads it (what the pages need of it). */
export interface PackageRead {
  id: string;
  filter: DecisionFilter;
  status: string;
  progress: { done: number; total: number | null };
  bytes: number | null;
  sha256: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const STATUS_WORDS: Record<string, string> = {
  queued: 'Waiting to start',
  building: 'Being built',
  ready: 'Ready to download',
  failed: 'Stopped on an error; it will be tried again',
};

/** The filter a package was made from, in words: "Department Parks, outcome Approved, decided from 1 January 2026". */
export function filterWords(filter: DecisionFilter): string {
  const parts: string[] = [];
  if (filter.department) parts.push(`department ${filter.department}`);
  if (filter.outcome)
    parts.push(
      `outcome ${Object.hasOwn(DECISION_OUTCOME_LABELS, filter.outcome) ? DECISION_OUTCOME_LABELS[filter.outcome as keyof typeof DECISION_OUTCOME_LABELS] : filter.outcome}`,
    );
  if (filter.state) parts.push(`stage now ${label.stage(filter.state)}`);
  if (filter.from) parts.push(`decided on or after ${filter.from}`);
  if (filter.to) parts.push(`decided on or before ${filter.to}`);
  if (parts.length === 0) return 'Every decision';
  const said = parts.join(', ');
  return `${said.charAt(0).toUpperCase()}${said.slice(1)}`;
}

/** "12.3 KB": a size as people read it. */
export function sizeWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let size = bytes / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size.toFixed(size < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A package as its pages show it: where it is, how far, and, once ready, what to download and how to check it. */
export function packageView(pkg: PackageRead) {
  const { done, total } = pkg.progress;
  const running = pkg.status === 'queued' || pkg.status === 'building' || pkg.status === 'failed';
  let progress: string;
  if (pkg.status === 'ready') progress = `${done} of ${done} decisions packed.`;
  else if (total === null) progress = pkg.status === 'queued' ? 'Not started yet.' : 'Counting the decisions.';
  else progress = `${done} of ${total} decisions packed.`;
  return {
    id: pkg.id,
    href: `/records/archives/${pkg.id}`,
    download: pkg.status === 'ready' ? `/records/archives/${pkg.id}/download` : null,
    status: pkg.status,
    statusWords: Object.hasOwn(STATUS_WORDS, pkg.status) ? STATUS_WORDS[pkg.status] : pkg.status,
    running,
    done,
    total,
    progress,
    filter: filterWords(pkg.filter),
    decisionsHref: `/records${filterQuery(pkg.filter) ? `?${filterQuery(pkg.filter)}` : ''}`,
    size: pkg.bytes === null ? null : sizeWords(pkg.bytes),
    sha256: pkg.sha256,
    createdAt: pkg.createdAt.toISOString(),
    finishedAt: pkg.finishedAt ? pkg.finishedAt.toISOString() : null,
  };
}
