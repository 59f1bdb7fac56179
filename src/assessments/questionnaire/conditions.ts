import { type DataElement, SENSITIVE_CATEGORIES } from '../inventory/data-element';
import type { Condition } from './questionnaire.types';

export type Answers = Record<string, unknown>;

export interface ConditionContext {
  answers: Answers;
  inventory: readonly DataElement[];
}

/** Whether a condition holds for the answers (only answers to visible questions count). */
export function holds(condition: Condition, context: ConditionContext): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, context));
  if ('any' in condition) return condition.any.some((c) => holds(c, context));
  if ('not' in condition) return !holds(condition.not, context);
  if ('inventoryHas' in condition) {
    const wanted = condition.inventoryHas;
    return context.inventory.some((e) => (wanted === 'sensitive' ? SENSITIVE_CATEGORIES.includes(e.category) : e.category === wanted));
  }
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
