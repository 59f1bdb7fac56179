import {
  decisionProblems,
  emptyForm,
  eventOfForm,
  outcomeOf,
  readDecisionForm,
  unsentOf,
  withAnotherRow,
} from './decide-view';

const OWNER = '11111111-1111-4111-8111-111111111111';
const owners = new Set([OWNER]);

describe('the decision form', () => {
  it('reads the rows the page had, keeping what was typed, and adds one more on request', () => {
    const form = readDecisionForm({
      choice: 'conditions',
      reason: 'Fine.\r\nReally.',
      rows: '2',
      version: '7',
      'condition-0-text': 'Delete after 48 hours.',
      'condition-0-owner': OWNER,
      'condition-0-due': '2027-06-30',
    });
    expect(form).toEqual({
      choice: 'conditions',
      reason: 'Fine.\nReally.',
      version: 7,
      rows: [
        { text: 'Delete after 48 hours.', ownerId: OWNER, dueDate: '2027-06-30' },
        { text: '', ownerId: '', dueDate: '' },
      ],
    });
    expect(withAnotherRow(form).rows).toHaveLength(3);
    expect(readDecisionForm({ rows: '9999', choice: 'constructor' })).toMatchObject({ choice: '' });
    expect(readDecisionForm({ rows: '9999' }).rows).toHaveLength(50);
    expect(readDecisionForm({ rows: 'x' }).rows).toHaveLength(1);
  });

  it('sends only the filled rows as conditions, and says which row each came from', () => {
    const form = {
      ...emptyForm(3),
      choice: 'conditions' as const,
      rows: [
        { text: '', ownerId: '', dueDate: '' },
        { text: 'Publish the notice.', ownerId: OWNER, dueDate: '2027-01-31' },
      ],
    };
    const { event, rowOf, problems } = eventOfForm(form, owners);
    expect(problems.errors).toEqual([]);
    expect(event).toEqual({
      type: 'APPROVE',
      conditions: [{ text: 'Publish the notice.', ownerId: OWNER, dueDate: '2027-01-31' }],
    });
    expect(rowOf).toEqual([1]);
    // The API's pointer /conditions/0/dueDate names the second row's field.
    expect(
      decisionProblems([{ pointer: '/conditions/0/dueDate', detail: 'dueDate must be a date' }], '', rowOf).errors,
    ).toEqual([{ field: 'condition-1-due', message: "Condition 2's due date must be a date." }]);
  });

  it('asks for a choice, an owner and a due date per condition, reasons to reject, and never drops typed conditions', () => {
    const none = eventOfForm(emptyForm(1), owners).problems.errors.map((e) => e.field);
    expect(none).toEqual(['choice-approve']);
    const partial = eventOfForm(
      { ...emptyForm(1), choice: 'conditions', rows: [{ text: 'Do it.', ownerId: 'someone-else', dueDate: '' }] },
      owners,
    ).problems.errors;
    expect(partial.map((e) => e.field)).toEqual(['condition-0-owner', 'condition-0-due']);
    const typedButApproved = eventOfForm(
      { ...emptyForm(1), choice: 'approve', rows: [{ text: 'Do it.', ownerId: '', dueDate: '' }] },
      owners,
    );
    expect(typedButApproved.problems.errors.map((e) => e.field)).toEqual(['condition-0-text']);
    expect(eventOfForm({ ...emptyForm(1), choice: 'reject' }, owners).problems.errors.map((e) => e.field)).toEqual([
      'reason',
    ]);
    expect(eventOfForm({ ...emptyForm(1), choice: 'reject', reason: ' No. ' }, owners).event).toEqual({
      type: 'REJECT',
      reason: 'No.',
    });
  });

  it('names the outcome whose signature words the ceremony shows', () => {
    expect([outcomeOf('approve'), outcomeOf('conditions'), outcomeOf('reject')]).toEqual([
      'approved',
      'remediation',
      'rejected',
    ]);
  });

  it('keeps what was typed but not signed in view: the reasons and the filled rows, owners by name', () => {
    const form = readDecisionForm({
      choice: 'conditions',
      reason: '  Proportionate.  ',
      rows: '3',
      'condition-1-text': ' Delete after 48 hours. ',
      'condition-1-owner': OWNER,
      'condition-1-due': '2027-06-30',
      'condition-2-due': 'not a date',
    });
    expect(unsentOf(form, new Map([[OWNER, 'Dana Okafor']]))).toEqual({
      reason: 'Proportionate.',
      conditions: [
        { text: 'Delete after 48 hours.', owner: 'Dana Okafor', dueDate: '2027-06-30' },
        { text: '', owner: '', dueDate: 'not a date' },
      ],
    });
    expect(unsentOf(emptyForm(3), new Map())).toBeNull();
  });
});
