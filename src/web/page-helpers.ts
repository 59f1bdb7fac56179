import type Handlebars from 'handlebars';

/** Helpers only pages use (the documents' helpers are registered too). Each is a pure function of its arguments. */
export function registerPageHelpers(handlebars: typeof Handlebars): void {
  handlebars.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  handlebars.registerHelper('not', (value: unknown) => !value);
}
