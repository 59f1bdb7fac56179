import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { compileStrict, registerHelpers } from '../decisions/templates/handlebars-helpers';
import { registerPageHelpers } from './page-helpers';

/**
 * The server-rendered pages' views (templates/views/**\/*.hbs), compiled once at boot; HTML-escaped by default.
 * A view is named by its path without .hbs ("identity/login"); those under partials/ are partials, by file name.
 */
export class PageViews {
  private constructor(private readonly views: Map<string, HandlebarsTemplateDelegate>) {}

  static async load(dir: string): Promise<PageViews> {
    const handlebars = Handlebars.create();
    registerHelpers(handlebars);
    registerPageHelpers(handlebars);
    const views = new Map<string, HandlebarsTemplateDelegate>();
    const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.hbs')).sort();
    for (const file of files) {
      const name = relative(dir, join(dir, file)).replace(/\.hbs$/, '');
      const source = await readFile(join(dir, file), 'utf8');
      if (name.startsWith('partials/')) handlebars.registerPartial(name.slice('partials/'.length), source);
      else views.set(name, compileStrict(handlebars, file, source));
    }
    return new PageViews(views);
  }

  render(name: string, model: object): string {
    const view = this.views.get(name);
    if (!view) throw new Error(`view ${name} is not installed`);
    return view(model);
  }
}
