// InfluxDB line protocol: https://docs.influxdata.com/influxdb/v1/write_protocols/line_protocol_reference/
// Measurement: escape comma and space. Tag keys, tag values, field keys: escape comma,
// equals sign and space; a backslash there is literal (not an escape character), so it is
// written as it is — but one before , = space or at the end cannot be written at all.
// String field values: escape double quote and backslash. Newlines end a line, so they are
// refused in names and tags (our tags are ids that cannot hold them).

/** A field value: numbers are written as floats (so a field never changes type), strings quoted. */
export type FieldValue = number | string | boolean;

export interface LinePoint {
  measurement: string;
  /** Tag key → value; empty values are left out (line protocol forbids them). */
  tags: Record<string, string | undefined>;
  fields: Record<string, FieldValue | undefined>;
  /** Timestamp in nanoseconds, as decimal digits (exceeds 2^53, so never a JS number). */
  timeNs: string;
}

const NEEDS_MEASUREMENT = /[, \n\r]|\\(?:[, =]|$)/;
const NEEDS_KEY = /[,= \n\r]|\\(?:[, =]|$)/;
const NEEDS_QUOTE = /[\\"]/;

export function escapeMeasurement(s: string): string {
  if (!NEEDS_MEASUREMENT.test(s)) return s;
  assertWritable(s);
  return s.replace(/[, ]/g, (c) => `\\${c}`);
}

/** Tag keys, tag values and field keys. */
export function escapeKey(s: string): string {
  if (!NEEDS_KEY.test(s)) return s; // the common case: ids need no escaping
  assertWritable(s);
  return s.replace(/[,= ]/g, (c) => `\\${c}`);
}

/** A string field value, quoted. Newlines are allowed inside quotes. */
export function quoteString(s: string): string {
  return NEEDS_QUOTE.test(s) ? `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"` : `"${s}"`;
}

function assertWritable(s: string): void {
  if (/[\n\r]/.test(s)) throw new Error(`line protocol names and tags cannot contain newlines: ${JSON.stringify(s)}`);
  if (/\\(?:[, =]|$)/.test(s)) {
    throw new Error(
      `line protocol names and tags cannot have a backslash before , = space or at the end: ${JSON.stringify(s)}`,
    );
  }
}

function formatField(v: FieldValue): string {
  if (typeof v === 'string') return quoteString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (!Number.isFinite(v)) throw new Error(`field value must be finite: ${v}`);
  // Floats keep one type per field; an integer-valued float is written as e.g. `3` (still a float).
  return String(v);
}

/** One point as one line (without the trailing newline). Tags in the order given (InfluxDB prefers them sorted). */
export function toLine(p: LinePoint): string {
  let line = escapeMeasurement(p.measurement);
  for (const k in p.tags) {
    const v = p.tags[k];
    if (v === undefined || v === '') continue;
    line += `,${escapeKey(k)}=${escapeKey(v)}`;
  }
  let sep = ' ';
  for (const k in p.fields) {
    const v = p.fields[k];
    if (v === undefined) continue;
    line += `${sep}${escapeKey(k)}=${formatField(v)}`;
    sep = ',';
  }
  if (sep === ' ') throw new Error(`point ${p.measurement} has no fields`);
  return `${line} ${p.timeNs}`;
}

/**
 * A reading's point time: its ms timestamp with the sequence number folded into the
 * sub-millisecond digits (seq mod 1,000,000), so two readings of one agent and series in the
 * same millisecond never share a timestamp and overwrite each other.
 */
export function pointTimeNs(tsMs: number, seq: number): string {
  return `${tsMs}${String(seq % 1_000_000).padStart(6, '0')}`;
}
