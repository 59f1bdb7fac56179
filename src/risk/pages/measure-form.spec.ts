import { ValidationException } from '../../common/errors/app.exception';
import { NO_PROBLEMS } from '../../web/forms';
import { measureFields, measureFormOf, measureProblems, measureUpdateInput, newMeasureInput } from './measure-form';

const register = {
  risks: [
    { id: 'a', label: 'Re-identification', status: 'open' },
    { id: 'b', label: 'Old risk', status: 'retired' },
    { id: 'c', label: 'Over-collection', status: 'open' },
  ],
};

describe('the measure form', () => {
  it('reads the risks ticked (one value or several, strings only) and leaves out what was left empty', () => {
    expect(measureFormOf({ title: ' Mask ', riskIds: 'a' }).riskIds).toEqual(['a']);
    const typed = measureFormOf({ title: ' Mask ', riskIds: ['a', 7, 'c'], description: '  ', dueDate: ' ' });
    expect(typed).toEqual({ title: ' Mask ', description: '  ', riskIds: ['a', 'c'], dueDate: '', status: '' });
    expect(newMeasureInput(typed)).toEqual({ title: 'Mask', riskIds: ['a', 'c'] });
    expect(measureUpdateInput(typed)).toEqual({ title: 'Mask', description: '', riskIds: ['a', 'c'], dueDate: null });
  });

  it('offers the current risks as checkboxes, ticked as typed', () => {
    const form = measureFields(register, { ...measureFormOf({ riskIds: ['c'] }), status: 'done' }, NO_PROBLEMS);
    expect(form.risks).toEqual([
      { id: 'riskIds', value: 'a', label: 'Re-identification', checked: false },
      { id: 'riskIds-c', value: 'c', label: 'Over-collection', checked: true },
    ]);
    expect(form.statuses.filter((s) => s.selected).map((s) => s.value)).toEqual(['done']);
  });

  it('names the field of each refusal; the risks’ checkboxes are one field', () => {
    const problems = measureProblems(
      new ValidationException([
        { pointer: '/title', detail: 'must be shorter than or equal to 300 characters' },
        { pointer: '/riskIds/0', detail: 'must be a UUID' },
      ]),
    );
    expect(problems.errors).toEqual([
      { field: 'title', message: 'The title must be shorter than or equal to 300 characters.' },
      { field: 'riskIds', message: 'The risks it treats must be a UUID.' },
    ]);
  });
});
