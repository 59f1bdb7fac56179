/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, and the tab and carriage return OWASP lists)
 * is prefixed with an apostrophe, so it shows as text. The CSV itself (quoting, RFC 4180) is csv-stringify's.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
