import { Injectable } from '@nestjs/common';
import { VersionedRegistry } from '../../common/templates/versioned-registry';
import type { DocumentTemplate } from './document-template';

/** Every document template version found at boot; a correction renders with the newest one. */
@Injectable()
export class DocumentTemplateRegistry extends VersionedRegistry<DocumentTemplate> {
  constructor(templates: DocumentTemplate[]) {
    super('document template', templates);
  }
}
