// InfluxQL literals: identifiers in double quotes, strings in single quotes, each escaping
// its own quote and the backslash (https://docs.influxdata.com/influxdb/v1/query_language/spec/#literals).
// A raw newline ends a string in InfluxQL's scanner (a parse error, not an injection), so it is
// written as the `\n` escape the scanner turns back into a newline.
// Numbers never reach the text unchecked: every one goes through `int`, which throws on
// anything but a safe integer in range (issue #10: a cursor offset string ran a DELETE).

const escaper = (quote: '"' | "'") => {
  const special = quote === '"' ? /[\\"\n]/g : /[\\'\n]/g;
  return (s: string) => s.replace(special, (c) => (c === '\n' ? '\\n' : `\\${c}`));
};
const identBody = escaper('"');
const literalBody = escaper("'");

export const ident = (s: string): string => `"${identBody(s)}"`;
export const literal = (s: string): string => `'${literalBody(s)}'`;

/** A value that must not be written into InfluxQL text. */
export class InfluxQlValueError extends Error {
  readonly code = 'GB_INFLUXQL_VALUE';
  readonly retryable = false;
  constructor(what: string, value: unknown, expected: string) {
    super(`${what}: ${JSON.stringify(value)?.slice(0, 60)} is not ${expected}`);
    this.name = 'InfluxQlValueError';
  }
}

/** An integer for InfluxQL text (time in ms, LIMIT, bucket width); throws unless `min ≤ n ≤ max`. */
export function int(what: string, n: unknown, min: number, max: number): string {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new InfluxQlValueError(what, n, `an integer from ${min} to ${max}`);
  }
  return String(n);
}

/** One InfluxQL answer (JSON from /query with epoch=ms). */
export interface InfluxQlResponse {
  results?: Array<{
    statement_id?: number;
    error?: string;
    series?: Array<{ name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }>;
  }>;
  error?: string;
}

/** Turns every series of every statement into rows keyed by column name, tagged with the measurement. */
export function rowsOf(res: InfluxQlResponse): Array<{ measurement: string; row: Record<string, unknown> }> {
  const out: Array<{ measurement: string; row: Record<string, unknown> }> = [];
  for (const r of res.results ?? []) {
    if (r.error) throw new Error(`InfluxQL: ${r.error}`);
    for (const s of r.series ?? []) {
      for (const v of s.values) {
        const row: Record<string, unknown> = { ...s.tags };
        s.columns.forEach((c, i) => {
          row[c] = v[i];
        });
        out.push({ measurement: s.name, row });
      }
    }
  }
  return out;
}
