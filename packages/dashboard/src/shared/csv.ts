/**
 * CSV files built in the browser from the figures a table shows, written the way the collector's
 * own exports are (packages/collector/src/csv/safe-csv.ts): RFC 4180, a header line, UTF-8 (with a
 * BOM here, so that Excel opens Korean text as UTF-8), and text cells a spreadsheet would run as a
 * formula neutralised with a leading single quote (OWASP, "CSV Injection"). Numbers stay numbers.
 */

/** What a cell may hold; null and undefined are empty cells. */
export type CsvCell = string | number | boolean | null | undefined;

// =, +, -, @, tab and CR, and their full-width forms (Apple Numbers folds them), as csv-stringify's escape_formulas.
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** One cell as CSV text. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else text = value.startsWith("'") || FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: the header, then one line per row, CRLF line ends. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
