import type { AssessmentSummary } from '../../../assessments/assessments.service';
import type { Actor } from '../../../common/auth/actor';
import { Role } from '../../../common/auth/roles';
import { formProblems, NO_PROBLEMS } from '../../../web/forms';
import type { ThreadView } from '../comments.service';
import { commentsModel } from './comments-view';

const owner = { id: 'o', displayName: 'Dana Okafor' };
const officer = { id: 'p', displayName: 'Priya Shah' };
const actor: Actor = {
  id: 'o',
  email: 'o@example.gov',
  displayName: 'Dana Okafor',
  department: null,
  roles: [Role.ProjectOwner],
};
const assessment = { ref: 'PIA-2026-0001', title: 'Parking', owner } as AssessmentSummary;
const at = new Date('2026-12-06T10:00:00Z');

function thread(overrides: Partial<ThreadView> = {}): ThreadView {
  return {
    id: 't1',
    questionId: 'vendor_name',
    question: { id: 'vendor_name', label: 'Vendor', sectionId: 'project_overview' },
    requestedChange: true,
    addressed: { answered: false, replied: false },
    status: 'open',
    openedBy: officer,
    createdAt: at,
    resolvedBy: null,
    resolvedAt: null,
    comments: [
      { id: 'c1', author: officer, body: 'Name it.', createdAt: at, editedAt: null, earlierVersions: [] },
      { id: 'c2', author: owner, body: 'Done', createdAt: at, editedAt: at, earlierVersions: [] },
    ],
    ...overrides,
  };
}

const model = (threads: ThreadView[], extra: Partial<Parameters<typeof commentsModel>[0]> = {}) =>
  commentsModel({
    actor,
    assessment,
    threads,
    question: null,
    choices: [],
    mayComment: true,
    mayResolve: (t) => t.openedBy.id === actor.id,
    notice: null,
    typed: null,
    problems: NO_PROBLEMS,
    ...extra,
  });

describe("the comments page's view model", () => {
  it('says how a requested change stands, and nothing once it is resolved', () => {
    const says = (addressed: ThreadView['addressed'], status: ThreadView['status'] = 'open') =>
      model([thread({ addressed, status })]).threads[0].addressed;
    expect(says({ answered: false, replied: false })).toBe('Waiting for the owner: change the answer, or reply here.');
    expect(says({ answered: true, replied: false })).toBe('The owner changed the answer.');
    expect(says({ answered: false, replied: true })).toBe('The owner replied.');
    expect(says({ answered: true, replied: true })).toBe('The owner changed the answer and replied.');
    expect(says({ answered: false, replied: false }, 'resolved')).toBeNull();
    expect(model([thread({ requestedChange: false, addressed: null })]).threads[0].addressed).toBeNull();
  });

  it('offers editing of one’s own comments only, replying only in an open thread, resolving only when allowed', () => {
    const [open] = model([thread()]).threads;
    expect(open.comments.map((c) => c.editable)).toEqual([false, true]);
    expect(open.reply).toMatchObject({ field: 'reply-c1', parentId: 'c1' });
    expect(open.resolvable).toBe(false);
    const [resolved] = model([thread({ status: 'resolved', resolvedBy: officer, resolvedAt: at })]).threads;
    expect(resolved.reply).toBeNull();
    expect(model([thread()], { mayComment: false }).threads[0].comments.map((c) => c.editable)).toEqual([false, false]);
  });

  it('shows a refused text again in the form it was typed in, with its message', () => {
    const problems = formProblems([{ field: 'edit-c2', message: 'Your comment is empty.' }]);
    const [view] = model([thread()], { typed: { field: 'edit-c2', body: '  ', questionId: null }, problems }).threads;
    expect(view.comments[1]).toMatchObject({ editing: true, editText: '  ', editError: 'Your comment is empty.' });
    expect(view.comments[0]).toMatchObject({ editing: false, editText: 'Name it.', editError: null });
    expect(view.reply?.typed).toBe('');
  });
});
