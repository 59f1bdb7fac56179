import fc from 'fast-check';
import { HOSTILE_NUMBERS, wrongValue } from './fuzz-values';

/** A question as GET /assessments/:id/questionnaire describes it (the parts the generator reads). */
export interface QuestionShape {
  id: string;
  type: string;
  options?: { value: string }[];
  fields?: QuestionShape[];
  questions?: QuestionShape[];
  min?: number;
  max?: number;
  maxLength?: number;
}

/** The questions of a questionnaire view, sections flattened. */
export function questionsOf(view: { sections: { questions: QuestionShape[] }[] }): QuestionShape[] {
  return view.sections.flatMap((section) => section.questions);
}

const MAX_DEPTH = 2;

/**
 * A body for PATCH /assessments/:id/answers: some of the real questions, each with an answer of its
 * type, at its edges, or of another shape altogether, now and then an unknown question.
 */
export function answersBody(questions: QuestionShape[]): fc.Arbitrary<{ answers: Record<string, unknown> }> {
  const named = fc
    .subarray(questions, { minLength: 1, maxLength: 6 })
    .chain((chosen) => fc.record(Object.fromEntries(chosen.map((q) => [q.id, answerOf(q, 0)]))));
  const unknown = fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), wrongValue, { maxKeys: 2 });
  return fc
    .tuple(named, fc.oneof({ weight: 5, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: unknown }))
    .map(([answers, extra]) => ({ answers: { ...extra, ...answers } }));
}

function answerOf(question: QuestionShape, depth: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: plausibleAnswer(question, depth) },
    { weight: 2, arbitrary: wrongValue },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

function plausibleAnswer(q: QuestionShape, depth: number): fc.Arbitrary<unknown> {
  const values = (q.options ?? []).map((o) => (typeof o === 'string' ? o : o.value));
  const choice = fc.constantFrom(...values, 'not-an-option');
  switch (q.type) {
    case 'short_text':
    case 'long_text':
      return fc.oneof(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.constant('x'.repeat((q.maxLength ?? 10_000) + 1)),
        fc.constantFrom(' ', '\t\n', '=HYPERLINK("x")'),
      );
    case 'single_choice':
      return choice;
    case 'multiple_choice':
      return fc.array(choice, { maxLength: 6 });
    case 'yes_no':
      return fc.oneof(fc.boolean(), fc.constantFrom('yes', 'no', 0, 1));
    case 'number':
      return fc.oneof(
        fc.integer({ min: q.min ?? 0, max: q.max ?? 1_000_000 }),
        fc.constantFrom(...HOSTILE_NUMBERS, (q.min ?? 0) - 1, (q.max ?? 1_000_000) + 1),
      );
    case 'date':
      return fc.constantFrom('2027-06-30', '2027-02-30', '0000-00-00', '99999-01-01', '2027-6-3', '');
    case 'scale':
      return fc.record(
        { value: fc.integer({ min: -1, max: 6 }), justification: fc.string({ maxLength: 40 }) },
        { requiredKeys: [] },
      );
    case 'group':
    case 'data_inventory': {
      if (depth >= MAX_DEPTH) return fc.constant([]);
      const parts = q.questions ?? q.fields ?? [];
      const row = fc.record(Object.fromEntries(parts.map((p) => [p.id, answerOf(p, depth + 1)])), {
        requiredKeys: [],
      });
      return fc.oneof(fc.array(row, { maxLength: 4 }), row);
    }
    case 'retention':
      return fc.record(
        { value: fc.oneof(fc.integer({ min: -1, max: 1000 }), wrongValue), unit: choice },
        { requiredKeys: [] },
      );
    default:
      return wrongValue;
  }
}
