import { type DataElement, SENSITIVE_CATEGORIES } from '../inventory/data-element';
import type { Condition } from './questionnaire.types';

export type Answers = Record<string, unknown>;

export interface ConditionContext {
  answers: Answers;
  inventory: readonly DataElement[];
}

/** An answer that made a condition hold: the question and what was answered. */
export interface Trigger {
  questionId: string;
  answer: unknown;
}

/** Whether a condition holds for the answers (only answers to visible questions count). */
export function holds(condition: Condition, context: ConditionContext): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, context));
  if ('any' in condition) return condition.any.some((c) => holds(c, context));
  if ('not' in condition) return !holds(condition.not, context);
  if ('inventoryHas' in condition) return inventoryMatches(condition.inventoryHas, context.inventory).length > 0;
  const answer = context.answers[condition.question];
  if ('answered' in condition) return (answer !== undefined) === condition.answered;
  if ('equals' in condition) return answer === condition.equals;
  if ('in' in condition) return condition.in.includes(answer as never);
  if ('includes' in condition) return Array.isArray(answer) && answer.includes(condition.includes);
  if ('includesAny' in condition) return Array.isArray(answer) && condition.includesAny.some((v) => answer.includes(v));
  if ('gte' in condition) return typeof answer === 'number' && answer >= condition.gte;
  return typeof answer === 'number' && answer <= condition.lte;
}

/** The question ids a condition reads; "inventory" stands for the data inventory. */
export function referencedQuestions(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(referencedQuestions);
  if ('any' in condition) return condition.any.flatMap(referencedQuestions);
  if ('not' in condition) return referencedQuestions(condition.not);
  if ('inventoryHas' in condition) return [];
  return [condition.question];
}

/** inventoryHas: "sensitive", a category, "recipient:<recipient>" or "retention:indefinite". */
function inventoryMatches(wanted: string, inventory: readonly DataElement[]): DataElement[] {
  if (wanted === 'sensitive') return inventory.filter((e) => SENSITIVE_CATEGORIES.includes(e.category));
  if (wanted.startsWith('recipient:')) return inventory.filter((e) => e.recipients.includes(wanted.slice(10) as never));
  if (wanted === 'retention:indefinite') return inventory.filter((e) => e.retention.unit === 'indefinite');
  return inventory.filter((e) => e.category === wanted);
}

/**
 * The answers behind a condition that holds (for all/any, the parts that decided it); empty when it
 * does not hold. Inventory matches are reported under `inventoryQuestion`.
 */
export function triggersOf(
  condition: Condition,
  context: ConditionContext,
  inventoryQuestion = 'data_inventory',
): Trigger[] {
  if (!holds(condition, context)) return [];
  if ('all' in condition) return condition.all.flatMap((c) => triggersOf(c, context, inventoryQuestion));
  if ('any' in condition) return condition.any.flatMap((c) => triggersOf(c, context, inventoryQuestion));
  if ('not' in condition) return [];
  if ('inventoryHas' in condition) {
    return [
      {
        questionId: inventoryQuestion,
        answer: inventoryMatches(condition.inventoryHas, context.inventory).map((e) => `${e.name} (${e.category})`),
      },
    ];
  }
  return [{ questionId: condition.question, answer: context.answers[condition.question] }];
}
