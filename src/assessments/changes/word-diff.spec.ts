import { MAX_EDITED_WORDS, wordCounts, wordDiff } from './word-diff';

describe('wordDiff', () => {
  it('gives a replaced phrase as the words removed then the words added, between the words kept', () => {
    expect(wordDiff('Keep plates for two years.', 'Keep plates for 90 days, then delete them.')).toEqual([
      { op: 'same', text: 'Keep plates for ' },
      { op: 'removed', text: 'two years' },
      { op: 'added', text: '90 days, then delete them' },
      { op: 'same', text: '.' },
    ]);
  });

  it('reads back as the earlier text without the added parts, and as the later one without the removed parts', () => {
    const before = 'The vendor deletes records nightly once they pass retention.\nBackups are kept a month.';
    const after = 'The vendor deletes records every hour once they pass retention.\nBackups are kept a week.';
    const parts = wordDiff(before, after)!;
    const text = (skip: string) =>
      parts
        .filter((p) => p.op !== skip)
        .map((p) => p.text)
        .join('');
    expect(text('removed')).toBe(after);
    expect(text('added')).toBe(before);
  });

  it('merges neighbouring runs of the same kind and leaves no empty part', () => {
    const parts = wordDiff('a b c d e', 'a x y z e')!;
    expect(parts.map((p) => p.op)).toEqual(['same', 'removed', 'added', 'same']);
    expect(parts.every((p) => p.text.length > 0)).toBe(true);
  });

  it('gives identical texts as one unchanged part', () => {
    expect(wordDiff('Nothing changed here.', 'Nothing changed here.')).toEqual([
      { op: 'same', text: 'Nothing changed here.' },
    ]);
  });

  it(`gives no diff when more than ${MAX_EDITED_WORDS} words changed (a rewrite reads better whole)`, () => {
    const words = (prefix: string) => Array.from({ length: MAX_EDITED_WORDS }, (_, i) => `${prefix}${i}`).join(' ');
    expect(wordDiff(words('old'), words('new'))).toBeNull();
    // Just under the bound, a diff is still given.
    const few = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    expect(wordDiff(few, few.replace('w50', 'changed'))).not.toBeNull();
  });

  it('counts the words added and removed, not the white space or punctuation alone', () => {
    expect(wordCounts(wordDiff('Pay by phone.', 'Pay by phone, and nothing else.')!)).toEqual({ added: 3, removed: 0 });
    expect(wordCounts(wordDiff('Keep plates for two years.', 'Keep plates for 90 days, then delete them.')!)).toEqual({
      added: 5,
      removed: 2,
    });
  });
});
