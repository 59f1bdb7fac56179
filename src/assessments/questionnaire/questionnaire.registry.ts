import { Injectable } from '@nestjs/common';
import type { QuestionnaireTemplate } from './questionnaire.types';

/**
 * Every questionnaire version found at boot. Old versions stay: an assessment keeps the version it was
 * created with, whatever is added later.
 */
@Injectable()
export class QuestionnaireRegistry {
  private readonly byKey = new Map<string, QuestionnaireTemplate>();

  constructor(templates: QuestionnaireTemplate[]) {
    for (const template of templates) this.byKey.set(`${template.id}@${template.version}`, template);
  }

  get(id: string, version: number): QuestionnaireTemplate {
    const template = this.byKey.get(`${id}@${version}`);
    // A pinned version that is gone means the deployment lost a template file: a server fault.
    if (!template) throw new Error(`questionnaire ${id} v${version} is not installed`);
    return template;
  }

  latest(id: string): QuestionnaireTemplate | undefined {
    return [...this.byKey.values()].filter((t) => t.id === id).sort((a, b) => b.version - a.version)[0];
  }
}
