import { Injectable } from '@nestjs/common';
import { VersionedRegistry } from '../../common/templates/versioned-registry';
import type { QuestionnaireTemplate } from './questionnaire.types';

/** Every questionnaire version found at boot; an assessment keeps the version it was created with. */
@Injectable()
export class QuestionnaireRegistry extends VersionedRegistry<QuestionnaireTemplate> {
  constructor(templates: QuestionnaireTemplate[]) {
    super('questionnaire', templates);
  }
}
