import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { TemplateError } from '../common/templates/template-files';
import { registerHelpers } from '../decisions/templates/handlebars-helpers';

/** The server-rendered pages' views (templates/views/*.hbs), compiled once at boot (a factory provides it); HTML-escaped by default. */
export class PageViews {
  private constructor(private readonly views: Map<string, HandlebarsTemplateDelegate>) {}

  static async load(dir: string): Promise<PageViews> {
    const handlebars = Handlebars.create();
    registerHelpers(handlebars);
    const views = new Map<string, HandlebarsTemplateDelegate>();
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.hbs'))) {
      const source = await readFile(join(dir, file), 'utf8');
      try {
        handlebars.precompile(source);
      } catch (error) {
        throw new TemplateError(file, '', `does not compile: ${(error as Error).message}`);
      }
      views.set(basename(file, '.hbs'), handlebars.compile(source, { strict: true }));
    }
    return new PageViews(views);
  }

  render(name: string, model: object): string {
    const view = this.views.get(name);
    if (!view) throw new Error(`view ${name} is not installed`);
    return view(model);
  }
}
