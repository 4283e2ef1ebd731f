import type { Reading, ReadingKind } from '@gongbang/shared';
import { escapeKey, type FieldValue, type LinePoint, pointTimeNs, quoteString, toLine } from './line-protocol.js';

/** Measurement name of a kind: `gb_scan`, `gb_measurement`, … (see docs/influxdb-schema.md). */
export const measurementOf = (kind: ReadingKind): string => `gb_${kind}`;

type Fields = Record<string, FieldValue | undefined>;

/**
 * Free text (scan text, reasons, details) is stored with backslash, LF and CR written as
 * `\\`, `\n`, `\r`: some line-protocol parsers (VictoriaMetrics) end a line at a newline even
 * inside quotes and drop the point. The escape is reversible; JSON-valued fields need none.
 */
export function escapeText(s: string): string {
  if (!/[\\\n\r]/.test(s)) return s;
  return s.replace(/[\\\n\r]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\\\'));
}

export function unescapeText(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\([\\nr])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\'));
}

const txt = (s: string | null | undefined): string | undefined =>
  s === null || s === undefined ? undefined : escapeText(s);
const json = (v: unknown): string => JSON.stringify(v);

/** Tags and fields of one kind; tags only hold low-cardinality ids (workshop, agent, source, channel, machine, meaning). */
function kindParts(r: Reading): { tags: Record<string, string | undefined>; fields: Fields } {
  switch (r.kind) {
    case 'scan':
      return {
        tags: { meaning: r.meaning },
        fields: {
          text: txt(r.text),
          raw: r.raw,
          encoding: r.encoding,
          symbology: r.symbology?.aim,
          symbology_name: txt(r.symbology?.name),
          gs1: r.gs1 === null ? undefined : json(r.gs1),
          rule: r.rule ?? undefined,
          fields: json(r.fields),
          flags: r.flags.join(','),
        },
      };
    case 'measurement':
      return { tags: { channel: r.channel }, fields: { value: r.value, unit: txt(r.unit) } };
    case 'machine_state':
      return { tags: { channel: r.channel, machine: r.machine }, fields: { state: r.state, reason: txt(r.reason) } };
    case 'count':
      return {
        tags: { channel: r.channel },
        fields: { delta: r.delta, total: r.total, counter_event: r.counterEvent },
      };
    case 'gap':
      return {
        tags: {},
        fields: {
          dropped: r.dropped,
          reason: r.reason,
          from_seq: r.fromSeq,
          to_seq: r.toSeq,
          from_ts: r.fromTs,
          to_ts: r.toTs,
          detail: txt(r.detail),
        },
      };
    case 'health':
      return {
        tags: {},
        fields: {
          agent_version: txt(r.agentVersion),
          uptime_s: r.uptimeS,
          spool_depth: r.spoolDepth,
          spool_oldest_age_ms: r.spoolOldestAgeMs ?? undefined,
          dead_letters: r.deadLetters,
          clock_offset_ms: r.clockOffsetMs ?? undefined,
          inputs: json(r.inputs),
        },
      };
  }
}

/** The point a reading becomes. Same reading, same point: a replay overwrites it identically. */
export function readingToPoint(workshopId: string, agentId: string, r: Reading): LinePoint {
  const { tags, fields } = kindParts(r);
  return {
    measurement: measurementOf(r.kind),
    // Sorted keys (agent < channel/machine/meaning < source < workshop), as InfluxDB prefers.
    tags: { agent: agentId, ...tags, source: r.source, workshop: workshopId },
    fields: { seq: r.seq, time_source: r.timeSource, ...fields },
    timeNs: pointTimeNs(r.ts, r.seq),
  };
}

/** A row of an InfluxQL answer (epoch=ms) by column name. */
export type Row = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? unescapeText(v) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const strOrNull = (v: unknown): string | null => str(v) ?? null;
const numOrNull = (v: unknown): number | null => num(v) ?? null;
const omitUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Rebuilds the reading from its point (the inverse of readingToPoint). */
export function rowToReading(kind: ReadingKind, row: Row): Reading {
  const base = {
    seq: num(row.seq)!,
    ts: num(row.time)!,
    timeSource: str(row.time_source) as 'device' | 'agent',
    source: str(row.source)!,
  };
  switch (kind) {
    case 'scan': {
      const aim = str(row.symbology);
      const flags = str(row.flags);
      return {
        ...base,
        kind,
        text: text(row.text) ?? null,
        raw: str(row.raw) ?? '',
        encoding: str(row.encoding) as never,
        symbology: aim ? { aim, name: text(row.symbology_name) ?? '' } : null,
        gs1: row.gs1 === null || row.gs1 === undefined ? null : JSON.parse(str(row.gs1)!),
        meaning: str(row.meaning) as never,
        rule: strOrNull(row.rule),
        fields: JSON.parse(str(row.fields) ?? '{}'),
        flags: flags ? (flags.split(',') as never) : [],
      };
    }
    case 'measurement':
      return { ...base, kind, channel: str(row.channel)!, value: num(row.value)!, unit: text(row.unit)! };
    case 'machine_state':
      return omitUndefined({
        ...base,
        kind,
        machine: str(row.machine)!,
        state: str(row.state) as never,
        reason: text(row.reason)!,
        channel: str(row.channel),
      });
    case 'count':
      return omitUndefined({
        ...base,
        kind,
        channel: str(row.channel)!,
        delta: num(row.delta)!,
        total: num(row.total)!,
        counterEvent: str(row.counter_event) as never,
      });
    case 'gap':
      return omitUndefined({
        ...base,
        kind,
        dropped: num(row.dropped)!,
        reason: str(row.reason) as never,
        fromSeq: num(row.from_seq),
        toSeq: num(row.to_seq),
        fromTs: num(row.from_ts),
        toTs: num(row.to_ts),
        detail: text(row.detail),
      });
    case 'health':
      return {
        ...base,
        kind,
        agentVersion: text(row.agent_version)!,
        uptimeS: num(row.uptime_s)!,
        spoolDepth: num(row.spool_depth)!,
        spoolOldestAgeMs: numOrNull(row.spool_oldest_age_ms),
        deadLetters: num(row.dead_letters)!,
        clockOffsetMs: numOrNull(row.clock_offset_ms),
        inputs: JSON.parse(str(row.inputs) ?? '[]'),
      };
  }
}

const nfield = (k: string, v: number | undefined | null): string => {
  if (v === undefined || v === null) return '';
  if (!Number.isFinite(v)) throw new Error(`field ${k} must be finite: ${v}`);
  return `,${k}=${v}`;
};
const sfield = (k: string, v: string | undefined): string => (v === undefined ? '' : `,${k}=${quoteString(v)}`);

// Tag values repeat from reading to reading (sources, channels, machines): escape each once.
const escaped = new Map<string, string>();
function tagValue(v: string): string {
  let e = escaped.get(v);
  if (e === undefined) {
    if (escaped.size >= 4096) escaped.clear();
    e = escapeKey(v);
    escaped.set(v, e);
  }
  return e;
}
const ttag = (k: string, v: string | undefined): string => (v === undefined || v === '' ? '' : `,${k}=${tagValue(v)}`);

/** `seq mod 1,000,000` as six digits (see pointTimeNs). */
const SUB_MS = Array.from({ length: 7 }, (_, n) => '0'.repeat(6 - n));
function subMs(seq: number): string {
  const d = String(seq % 1_000_000);
  return SUB_MS[d.length]! + d;
}

/**
 * The lines of one agent's readings, joined by newlines: the same lines as
 * `toLine(readingToPoint(…))`, built directly. Ingest encodes every reading, and the generic
 * path's intermediate objects cost more than the write itself.
 */
export function readingsToLines(workshopId: string, agentId: string, readings: readonly Reading[]): string {
  const a = `,agent=${escapeKey(agentId)}`;
  const w = `,workshop=${escapeKey(workshopId)} seq=`;
  let out = '';
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i]!;
    const sw = `,source=${tagValue(r.source)}${w}${r.seq},time_source="${r.timeSource}"`;
    const t = ` ${r.ts}${subMs(r.seq)}`;
    let line: string;
    switch (r.kind) {
      case 'measurement':
        line = `gb_measurement${a}${ttag('channel', r.channel)}${sw}${nfield('value', r.value)}${sfield('unit', txt(r.unit))}${t}`;
        break;
      case 'count':
        line = `gb_count${a}${ttag('channel', r.channel)}${sw}${nfield('delta', r.delta)}${nfield('total', r.total)}${sfield('counter_event', r.counterEvent)}${t}`;
        break;
      case 'machine_state':
        line = `gb_machine_state${a}${ttag('channel', r.channel)}${ttag('machine', r.machine)}${sw}${sfield('state', r.state)}${sfield('reason', txt(r.reason))}${t}`;
        break;
      case 'scan':
        line = `gb_scan${a}${ttag('meaning', r.meaning)}${sw}${sfield('text', txt(r.text))}${sfield('raw', r.raw)}${sfield('encoding', r.encoding)}${sfield('symbology', r.symbology?.aim)}${sfield('symbology_name', txt(r.symbology?.name))}${sfield('gs1', r.gs1 === null ? undefined : json(r.gs1))}${sfield('rule', r.rule ?? undefined)}${sfield('fields', json(r.fields))}${sfield('flags', r.flags.join(','))}${t}`;
        break;
      default:
        line = toLine(readingToPoint(workshopId, agentId, r));
    }
    out += i === 0 ? line : `\n${line}`;
  }
  return out;
}

/** One reading's line (see readingsToLines). */
export function readingToLine(workshopId: string, agentId: string, r: Reading): string {
  return readingsToLines(workshopId, agentId, [r]);
}
