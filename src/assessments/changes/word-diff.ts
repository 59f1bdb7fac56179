import { diffWords } from 'diff';

/** A run of text that both versions share, or that the later one added or removed. */
export interface DiffPart {
  op: 'same' | 'added' | 'removed';
  text: string;
}

/**
 * Past this many words added or removed, no diff is given: the answer was rewritten, and showing the before and
 * the after whole reads better. It also bounds the work (Myers' diff grows with the number of edits): some 20 ms
 * for the longest answer a template allows.
 */
export const MAX_EDITED_WORDS = 400;

/**
 * A word-level diff of two texts, as parts in reading order: unchanged runs, and runs removed or added (a
 * replacement is the removed run followed by the added one). White space between words is kept as the later
 * text has it. Null when the texts differ in more than MAX_EDITED_WORDS words.
 */
export function wordDiff(before: string, after: string): DiffPart[] | null {
  const changes = diffWords(before, after, { maxEditLength: MAX_EDITED_WORDS });
  if (!changes) return null;
  const parts: DiffPart[] = [];
  for (const change of changes) {
    const op = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const last = parts.at(-1);
    if (last?.op === op) last.text += change.value;
    else if (change.value !== '') parts.push({ op, text: change.value });
  }
  return parts;
}

/** How many words a diff added and removed, for a one-line summary (punctuation alone is no word). */
export function wordCounts(parts: DiffPart[]): { added: number; removed: number } {
  const words = (op: DiffPart['op']) =>
    parts.filter((p) => p.op === op).reduce((n, p) => n + (p.text.match(/\S*[\p{L}\p{N}]\S*/gu)?.length ?? 0), 0);
  return { added: words('added'), removed: words('removed') };
}
