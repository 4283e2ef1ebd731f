import { describe, expect, it } from 'vitest';
import {
  escapeKey,
  escapeMeasurement,
  pointTimeNs,
  quoteString,
  readingsToLines,
  readingToLine,
  readingToPoint,
  rowToReading,
  toLine,
} from '../../src/store/index.js';
import { escapeText, unescapeText } from '../../src/store/influx/codec.js';
import { everyKind, TRICKY_TEXT } from '../support/readings.js';

describe('line protocol escaping', () => {
  it('escapes measurement names, tag keys/values and string fields as the spec says', () => {
    expect(escapeMeasurement('my meas,x y')).toBe('my\\ meas\\,x\\ y');
    expect(escapeKey('a b,c=d')).toBe('a\\ b\\,c\\=d');
    // A backslash in a tag is literal in line protocol, not an escape character.
    expect(escapeKey('a\\b 공방😀')).toBe('a\\b\\ 공방😀');
    expect(quoteString('say "hi" \\ 한글 😀')).toBe('"say \\"hi\\" \\\\ 한글 😀"');
  });

  it('refuses newlines and a trailing backslash in names and tags, which would break the line', () => {
    expect(() => escapeKey('a\nb')).toThrow(/newlines/);
    expect(() => escapeMeasurement('a\rb')).toThrow(/newlines/);
    expect(() => escapeKey('a\\')).toThrow(/backslash/);
    expect(() => escapeKey('a\\ b')).toThrow(/backslash/);
  });

  it('writes tags in the given order, leaves out empty ones, and keeps numbers as floats', () => {
    const line = toLine({
      measurement: 'gb_measurement',
      tags: { agent: 'a=1', channel: undefined, source: '', workshop: 'ws 1' },
      fields: { seq: 7, value: 3, unit: 'W', skipped: undefined, ok: true },
      timeNs: '1700000000000000007',
    });
    expect(line).toBe('gb_measurement,agent=a\\=1,workshop=ws\\ 1 seq=7,value=3,unit="W",ok=true 1700000000000000007');
  });

  it('folds the seq into the sub-millisecond digits of the time', () => {
    expect(pointTimeNs(1_700_000_000_123, 42)).toBe('1700000000123000042');
    expect(pointTimeNs(1_700_000_000_123, 1_000_042)).toBe('1700000000123000042');
    expect(pointTimeNs(4_102_444_800_000, 999_999)).toBe('4102444800000999999');
  });

  it('escapes free text reversibly so no raw newline reaches the line', () => {
    for (const s of [TRICKY_TEXT, 'a\\nb', '\\', '\r\n', 'plain']) {
      expect(escapeText(s)).not.toMatch(/[\n\r]/);
      expect(unescapeText(escapeText(s))).toBe(s);
    }
  });
});

describe('reading ↔ point', () => {
  it('puts ids in tags, everything else in fields, one line per reading', () => {
    const [scan] = everyKind(5, 1_700_000_000_000);
    const p = readingToPoint('ws-1', 'agent-1', scan!);
    expect(p.measurement).toBe('gb_scan');
    expect(p.tags).toEqual({ workshop: 'ws-1', agent: 'agent-1', source: 'scanner-1', meaning: 'work_order' });
    expect(Object.keys(p.tags)).toEqual(Object.keys(p.tags).sort());
    expect(p.fields.seq).toBe(5);
    expect(p.timeNs).toBe('1700000000000000005');
    expect(toLine(p).split('\n')).toHaveLength(1);
  });

  it('builds the same line directly as through the generic point, for every kind', () => {
    for (const r of everyKind(1, 1_700_000_000_000)) {
      expect(readingToLine('ws 1', 'agent-1', r)).toBe(toLine(readingToPoint('ws 1', 'agent-1', r)));
    }
  });

  it('encodes a batch as the lines of its readings joined by newlines, seqs of every digit count included', () => {
    const rs = everyKind(1, 1_700_000_000_000).flatMap((r, i) =>
      [7, 42, 999_999, 1_000_000, 1_234_567, 2 ** 40 + 3].map((seq) => ({
        ...r,
        seq: seq + i,
        source: i % 2 ? 'a b' : r.source,
      })),
    );
    expect(readingsToLines('ws,1', 'agent=1', rs)).toBe(
      rs.map((r) => toLine(readingToPoint('ws,1', 'agent=1', r))).join('\n'),
    );
  });

  it('rebuilds every kind exactly from the fields InfluxQL returns', () => {
    for (const r of everyKind(1, 1_700_000_000_000)) {
      const p = readingToPoint('ws-1', 'agent-1', r);
      const row: Record<string, unknown> = { ...p.tags, ...p.fields, time: r.ts };
      expect(rowToReading(r.kind, row)).toEqual(r);
    }
  });
});

describe('point identity', () => {
  it('never gives two readings of one agent the same series and timestamp (100,000 readings, many in the same ms)', () => {
    const kinds = everyKind(1, 1_764_000_000_000);
    const seen = new Set<string>();
    for (let seq = 1; seq <= 100_000; seq++) {
      const base = kinds[seq % kinds.length]!;
      // Up to 50 readings share each millisecond; sources and channels repeat.
      const r = { ...base, seq, ts: 1_764_000_000_000 + Math.floor(seq / 50) };
      const line = readingToLine('ws-1', 'agent-1', r);
      const seriesAndTime = `${line.slice(0, line.indexOf(' '))} ${line.slice(line.lastIndexOf(' ') + 1)}`;
      expect(seen.has(seriesAndTime)).toBe(false);
      seen.add(seriesAndTime);
    }
  });
});
