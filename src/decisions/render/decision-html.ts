import { type DecisionRecord, publicRecord } from '../record/decision-record';
import type { DocumentTemplate } from '../templates/document-template';

/** The public HTML rendering: parts not tagged public are left out, and the page lists what was left out and why. */
export function publicDecisionHtml(template: DocumentTemplate, record: DecisionRecord): string {
  const { record: shown, withheld } = publicRecord(record);
  return template.render({ record: shown, withheld });
}
