import type { Question } from '../questionnaire/questionnaire.types';
import { answerOf, fieldIdOfPointer, inputFromBody, inputOf, sameAnswer } from './answer-form';

const inventory: Question = { id: 'data_inventory', type: 'data_inventory', label: 'Data inventory' };
const people: Question = { id: 'scale_people', type: 'number', label: 'How many', integer: true };
const risk: Question = { id: 'compliance_risk', type: 'scale', label: 'Risk' };
const roles: Question = {
  id: 'access_roles',
  type: 'group',
  label: 'Roles',
  questions: [
    { id: 'role', type: 'short_text', label: 'Role', required: true },
    { id: 'access_level', type: 'single_choice', label: 'Access', options: [{ value: 'view', label: 'View' }] },
  ],
};

describe('the questionnaire form', () => {
  it('reads inventory rows by number, skipping blank rows and rows marked for removal', () => {
    const body = {
      'data_inventory.0.name': 'Licence plate',
      'data_inventory.0.category': 'identifiers',
      'data_inventory.0.recipients': ['internal', 'public'],
      'data_inventory.0.retentionValue': '3',
      'data_inventory.0.retentionUnit': 'years',
      'data_inventory.1.name': 'Photo',
      'data_inventory.1._remove': '1',
      'data_inventory.2.name': '',
      'data_inventory.10.name': 'Location',
      'data_inventory.10.retentionUnit': 'indefinite',
    };
    const rows = inputFromBody(inventory, body);
    expect(answerOf(inventory, rows)).toEqual([
      {
        name: 'Licence plate',
        category: 'identifiers',
        recipients: ['internal', 'public'],
        retention: { value: 3, unit: 'years' },
      },
      { name: 'Location', recipients: [], retention: { unit: 'indefinite' } },
    ]);
  });

  it('passes a number that does not read as one on as typed, for the service to refuse and the form to keep', () => {
    expect(answerOf(people, inputFromBody(people, { scale_people: 'about 5000' }))).toBe('about 5000');
    expect(answerOf(people, inputFromBody(people, { scale_people: ' 5000 ' }))).toBe(5000);
    expect(answerOf(people, inputFromBody(people, { scale_people: '' }))).toBeNull();
  });

  it('round-trips a scale and a group between the stored answer and the form', () => {
    const scale = { value: 2, justification: 'Covered.' };
    expect(answerOf(risk, inputOf(risk, scale))).toEqual(scale);
    expect(answerOf(risk, inputFromBody(risk, {}))).toBeNull();
    const group = [{ role: 'Enforcement', access_level: 'view' }, { role: 'Clerks' }];
    expect(sameAnswer(roles, inputOf(roles, group), group)).toBe(true);
    expect(sameAnswer(roles, inputOf(roles, group), group.slice(0, 1))).toBe(false);
  });

  it("names a service error's field by the element id the form gave it", () => {
    expect(fieldIdOfPointer('/answers/data_inventory/2/retention')).toBe('data_inventory-2-retention');
    expect(fieldIdOfPointer('/answers/scale_people')).toBe('scale_people');
  });
});
