// InfluxQL literals: identifiers in double quotes, strings in single quotes, each escaping
// its own quote and the backslash (https://docs.influxdata.com/influxdb/v1/query_language/spec/#literals).

export const ident = (s: string): string => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
export const literal = (s: string): string => `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;

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
