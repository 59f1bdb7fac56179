import type { Actor } from '../../common/auth/actor';
import type { Question } from '../questionnaire/questionnaire.types';
import { changesPage, statusSection } from './changes-view';
import type { AnswerChange, AnswerChanges } from './changes.service';
import { wordDiff } from './word-diff';

const officer: Actor = {
  id: 'officer',
  email: 'o@example.gov',
  displayName: 'Priya Shah',
  department: null,
  roles: [],
};
const counsel: Actor = { ...officer, id: 'counsel', displayName: 'Sam Ruiz' };
const owner = { id: 'owner', displayName: 'Dana Okafor' };
const at = new Date('2026-12-01T09:00:00Z');

const question = (id: string, type: Question['type'], label: string): Question => ({ id, type, label });
const change = (q: Question, before: unknown, after: unknown): AnswerChange => ({
  questionId: q.id,
  question: q,
  section: { id: 'abstract', title: '1. Abstract' },
  before,
  after,
  changedBy: owner,
  changedAt: at,
  revisions: 1,
  diff: q.type === 'long_text' ? wordDiff(String(before), String(after)) : null,
});

function changes(state: string, type = 'REQUEST_CHANGES', items: AnswerChange[] = []): AnswerChanges {
  return {
    assessment: { id: 'a', ref: 'PIA-2026-0001', title: 'Parking', state, ownerId: owner.id },
    since: { seq: 3, type, at, by: { id: officer.id, displayName: officer.displayName }, cycle: 1, chosen: 'default' },
    cycle: 1,
    items,
  };
}

const purpose = question('abstract_purpose', 'long_text', 'Why is the project being proposed?');
const vendor = question('vendor_name', 'short_text', 'Vendor');

describe('statusSection', () => {
  it('tells the reviewer who asked what changed since, with a one-line summary of each answer', () => {
    const section = statusSection(
      changes('screening', 'REQUEST_CHANGES', [
        change(purpose, 'Let people pay.', 'Let drivers pay, and nothing else.'),
        change(vendor, 'ParkCo', 'ParkCo Ltd'),
      ]),
      officer,
    );
    expect(section).toMatchObject({
      heading: 'Changed since you asked',
      total: 2,
      more: 0,
      href: '/pia/PIA-2026-0001/changes',
      items: [
        { summary: '4 words added, 1 removed', href: '/pia/PIA-2026-0001/changes#change-abstract_purpose' },
        { summary: '“ParkCo” became “ParkCo Ltd”', by: 'Dana Okafor' },
      ],
    });
    expect(statusSection(changes('legal_review'), counsel)?.heading).toBe('Changed since Priya Shah asked');
    expect(statusSection(changes('screening', 'REASSESS'), counsel)?.heading).toBe(
      'Changed since the reassessment began',
    );
  });

  it('lists the first five and counts the rest', () => {
    const many = Array.from({ length: 7 }, (_, i) => change(question(`q${i}`, 'number', `Q${i}`), i, i + 1));
    expect(statusSection(changes('screening', 'REQUEST_CHANGES', many), officer)).toMatchObject({ total: 7, more: 2 });
  });

  it.each([
    ['the owner', changes('screening'), { ...officer, id: owner.id }],
    ['an assessment back with its owner', changes('changes_requested'), officer],
    ['a decided one', changes('approved'), officer],
    ['one never sent back', changes('screening', 'CREATED'), officer],
  ])('is not shown to %s', (_, model, actor) => {
    expect(statusSection(model, actor)).toBeNull();
  });
});

describe('changesPage', () => {
  it('gives long text its diff and other answers before and after in words, each linked to its question', () => {
    const model = changesPage(
      changes('screening', 'REQUEST_CHANGES', [
        change(purpose, 'Let people pay.', 'Let drivers pay.'),
        change(question('notice_given', 'yes_no', 'Is notice given?'), null, true),
      ]),
      officer,
    );
    expect(model.since).toEqual({ label: 'you asked for changes', at: at.toISOString() });
    expect(model.items).toEqual([
      expect.objectContaining({
        id: 'change-abstract_purpose',
        diff: expect.arrayContaining([{ op: 'removed', text: 'people' }]),
        before: null,
        sectionHref: '/pia/PIA-2026-0001/sections/abstract#abstract_purpose',
      }),
      expect.objectContaining({ question: 'Is notice given?', diff: null, before: 'Not answered', after: 'Yes' }),
    ]);
    expect(model.windows.map((w) => [w.href, w.current])).toEqual([
      ['/pia/PIA-2026-0001/changes', true],
      ['/pia/PIA-2026-0001/changes?since=cycle:1', false],
    ]);
  });

  it('links each changed question to its comment threads, saying how many are open and marking a requested change', () => {
    const threads = new Map([[purpose.id, { total: 2, open: 1, requested: true }]]);
    const model = changesPage(
      changes('screening', 'REQUEST_CHANGES', [change(purpose, 'a', 'b'), change(vendor, 'ParkCo', 'ParkCo Ltd')]),
      officer,
      threads,
    );
    expect(model.items.map((item) => item.threads)).toEqual([
      {
        label: '2 comment threads on this question (1 open)',
        requested: true,
        href: '/pia/PIA-2026-0001/comments?question=abstract_purpose',
      },
      null,
    ]);
  });
});
