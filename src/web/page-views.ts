import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { compileStrict, registerHelpers } from '../decisions/templates/handlebars-helpers';

/** The server-rendered pages' views (templates/views/*.hbs), compiled once at boot (a factory provides it); HTML-escaped by default. */
export class PageViews {
  private constructor(private readonly views: Map<string, HandlebarsTemplateDelegate>) {}

  static async load(dir: string): Promise<PageViews> {
    const handlebars = Handlebars.create();
    registerHelpers(handlebars);
    const views = new Map<string, HandlebarsTemplateDelegate>();
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.hbs'))) {
      views.set(basename(file, '.hbs'), compileStrict(handlebars, file, await readFile(join(dir, file), 'utf8')));
    }
    return new PageViews(views);
  }

  render(name: string, model: object): string {
    const view = this.views.get(name);
    if (!view) throw new Error(`view ${name} is not installed`);
    return view(model);
  }
}
