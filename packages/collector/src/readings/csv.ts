import { writeSafeCsv } from '../csv/index.js';
import type { StoredReading } from '../store/index.js';

/** CSV columns: the common ones, the usual per-kind ones, and the whole reading as JSON last. */
export const CSV_COLUMNS = [
  'workshop',
  'agent',
  'seq',
  'ts',
  'time',
  'time_source',
  'source',
  'kind',
  'channel',
  'value',
  'unit',
  'machine',
  'state',
  'delta',
  'total',
  'text',
  'meaning',
  'json',
] as const;

function row(s: StoredReading): Record<string, unknown> {
  const r = s.reading as Record<string, unknown> & StoredReading['reading'];
  return {
    workshop: s.workshopId,
    agent: s.agentId,
    seq: r.seq,
    ts: r.ts,
    time: new Date(r.ts).toISOString(),
    time_source: r.timeSource,
    source: r.source,
    kind: r.kind,
    channel: r.channel,
    value: r.value,
    unit: r.unit,
    machine: r.machine,
    state: r.state,
    delta: r.delta,
    total: r.total,
    text: r.text,
    meaning: r.meaning,
    json: JSON.stringify(r),
  };
}

/**
 * One CSV document (RFC 4180, header line, UTF-8) for a page of readings. Text cells that a
 * spreadsheet would run as a formula (a barcode `=HYPERLINK(…)`) start with `'`; numbers
 * (value, delta, total, seq, ts) stay numbers, negative ones too. See `writeSafeCsv`.
 */
export function readingsToCsv(readings: readonly StoredReading[]): string {
  return writeSafeCsv(readings.map(row), CSV_COLUMNS);
}
