import { counted } from '../../common/labels';
import type Handlebars from 'handlebars';
import { TemplateError } from '../../common/templates/template-files';

const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/** Dates as people read them, always in UTC so every rendering of a record is byte-identical. */
export const formatDateTime = (iso: string) => `${DATE_TIME.format(new Date(iso))} UTC`;
export const formatDate = (isoDate: string) => DATE.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));

/** The few helpers the document layouts and page views use; nothing here reaches outside the view it is given. */
export function registerHelpers(handlebars: typeof Handlebars): void {
  handlebars.registerHelper('dateTime', (iso: string | null) => (iso ? formatDateTime(iso) : ''));
  handlebars.registerHelper('date', (isoDate: string | null) => (isoDate ? formatDate(isoDate) : ''));
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('count', (n: number, singular: string) => counted(n, singular));
  // Paragraphs keep their line breaks; the text itself is escaped first.
  handlebars.registerHelper('lines', (text: string | null) =>
    new handlebars.SafeString(
      handlebars.Utils.escapeExpression(text ?? '')
        .split('\n')
        .join('<br>'),
    ),
  );
  // The heat map is SVG the engine drew itself, escaping every label (risk/heatmap.ts).
  handlebars.registerHelper('engineSvg', (svg: string) => new handlebars.SafeString(svg));
}

/**
 * Compiles a view or layout, failing at boot on a syntax error (compile() alone is lazy) and, being
 * strict, at render on a misspelt field rather than printing nothing.
 */
export function compileStrict(handlebars: typeof Handlebars, file: string, source: string): HandlebarsTemplateDelegate {
  try {
    handlebars.precompile(source);
  } catch (error) {
    throw new TemplateError(file, '', `does not compile: ${(error as Error).message}`);
  }
  return handlebars.compile(source, { strict: true });
}
