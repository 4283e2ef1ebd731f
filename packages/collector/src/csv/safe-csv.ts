import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * The one CSV writer of the collector's exports (readings, registry tables): RFC 4180, header
 * line, UTF-8, and cells that a spreadsheet would run as a formula neutralised the way OWASP
 * recommends (https://owasp.org/www-community/attacks/CSV_Injection): a text cell beginning
 * with `=`, `+`, `-`, `@`, tab or CR (and their full-width forms, which Apple Numbers folds)
 * gets a leading single quote, and cells holding the separator, a quote or a line break are
 * quoted. csv-stringify's `escape_formulas` does exactly that.
 *
 * Numbers stay numbers: a JavaScript number such as -5 in a numeric column (a reading's
 * value, a delta) is written as `-5`, since a spreadsheet reads it as a number, not a
 * formula. The same text `"-5"` in a text column (a barcode) is written `'-5`.
 *
 * A text cell that itself begins with a single quote gets one more, so reading strips exactly
 * one leading quote from every cell that has one (`readSafeCsv`) and gets back what was written,
 * and a spreadsheet (which hides one leading quote) shows the original text.
 */
export function writeSafeCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  return stringify(rows as Record<string, unknown>[], {
    header: true,
    columns: [...columns],
    bom: false,
    escape_formulas: true,
    cast: { string: (v) => (v.startsWith("'") ? `'${v}` : v) },
  });
}

/** Undoes `writeSafeCsv`'s quote: drops one leading single quote of a cell. */
const unescapeCell = (v: string): string => (v.startsWith("'") ? v.slice(1) : v);

/**
 * Reads a CSV with a header row into records, undoing `writeSafeCsv`'s neutralising quote,
 * so what an export wrote imports back unchanged. Surrounding spaces are trimmed first.
 */
export function readSafeCsv(text: string): Record<string, string>[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<
    string,
    string
  >[];
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, unescapeCell(v)])));
}
