import type { Transform } from 'node:stream';
import { stringify } from 'csv-stringify';

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, and the tab and carriage return OWASP lists)
 * is prefixed with an apostrophe, so it shows as text.
 */
function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Objects to RFC 4180 CSV (csv-stringify does the quoting): a header row, CRLF, formulas neutralised. */
export function csvStage(columns: string[]): Transform {
  return stringify({
    header: true,
    columns,
    record_delimiter: '\r\n',
    cast: { string: neutraliseFormula, boolean: (value) => String(value), number: (value) => String(value) },
  });
}
