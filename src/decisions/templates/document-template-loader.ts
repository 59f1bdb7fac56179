import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Ajv from 'ajv';
import Handlebars from 'handlebars';
import { loadTemplateFiles, TemplateError } from '../../common/templates/template-files';
import type { DocumentTemplate, DocumentTemplateDefinition } from './document-template';
import { DOCUMENT_TEMPLATE_SCHEMA } from './document-template.schema';
import { compileStrict, registerHelpers } from './handlebars-helpers';

const validate = new Ajv({ strict: true }).compile(DOCUMENT_TEMPLATE_SCHEMA);

/**
 * Reads every document template in templates/documents: <id>.v<n>.json with its layout <id>.v<n>.hbs,
 * and the shared partials/*.hbs. Compiled once at boot, in an environment of their own; any problem
 * stops the start with the file named. HTML is escaped by default: answers are people's text.
 */
export async function loadDocumentTemplates(dir: string): Promise<DocumentTemplate[]> {
  const handlebars = Handlebars.create();
  registerHelpers(handlebars);
  const partialsDir = join(dir, 'partials');
  for (const file of (await readdir(partialsDir).catch(() => [] as string[])).filter((f) => f.endsWith('.hbs'))) {
    handlebars.registerPartial(basename(file, '.hbs'), await readFile(join(partialsDir, file), 'utf8'));
  }
  const definitions = await loadTemplateFiles(dir, (file, parsed) => {
    if (!validate(parsed)) {
      const [error] = validate.errors ?? [];
      throw new TemplateError(file, error?.instancePath ?? '', error?.message ?? 'is invalid');
    }
    const definition = parsed as unknown as DocumentTemplateDefinition;
    if (file !== `${definition.id}.v${definition.version}.json`) throw new TemplateError(file, '/id', `must match the file name: expected ${definition.id}.v${definition.version}.json`);
    return definition;
  });
  return Promise.all(
    definitions.map(async (definition) => {
      const layoutFile = `${definition.id}.v${definition.version}.hbs`;
      const source = await readFile(join(dir, layoutFile), 'utf8').catch(() => {
        throw new TemplateError(layoutFile, '', 'is missing: every document template needs its layout');
      });
      const render = compileStrict(handlebars, layoutFile, source);
      return { ...definition, render: (view: object) => render(view) };
    }),
  );
}
