import { type Reading, ReadingSchema } from '@gongbang/shared';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/backoff/index.js';
import { DeriveSchema, ModbusRegisterSchema } from '../../src/config/inputs.js';
import { DeriveRunner } from '../../src/inputs/common/derive-runner.js';
import { RateLimitedLog } from '../../src/inputs/common/rate-log.js';
import { toSourceId } from '../../src/inputs/common/source-id.js';
import { planSpans } from '../../src/inputs/modbus/spans.js';
import { compilePattern, filterMatches, matchTopic } from '../../src/inputs/mqtt/topic-pattern.js';
import type { ReadingDraft } from '../../src/inputs/types.js';

describe('DeriveRunner', () => {
  it('emits the measurement, then machine states, counts and cycle times that fit the wire contract', () => {
    const out: ReadingDraft[] = [];
    const runner = new DeriveRunner(
      'sewing-ct',
      [
        DeriveSchema.parse({
          kind: 'machine-state',
          channel: 'current_a',
          machine: 'sewing-1',
          offBelow: 0.1,
          runningAbove: 0.5,
        }),
        DeriveSchema.parse({ kind: 'count', channel: 'n', rolloverAt: 65536, cycleTimeChannel: 'cycle_s' }),
      ],
      (r) => out.push(r),
    );
    const t0 = 1_764_000_000_000;
    const m = (ts: number, channel: string, value: number) =>
      runner.measurement({
        kind: 'measurement',
        ts,
        timeSource: 'agent',
        source: 'sewing-ct',
        channel,
        value,
        unit: 'A',
      });
    m(t0, 'current_a', 1.0);
    m(t0, 'n', 10);
    m(t0 + 20_000, 'n', 11);
    m(t0 + 50_000, 'n', 12);
    runner.offline(t0 + 60_000);
    const kinds = out.map((r) => (r.kind === 'measurement' ? `${r.kind}:${r.channel}` : r.kind));
    expect(kinds).toEqual([
      'measurement:current_a',
      'machine_state',
      'measurement:n',
      'measurement:n',
      'count',
      'measurement:n',
      'count',
      'measurement:cycle_s',
      'machine_state',
    ]);
    expect(out.find((r) => r.kind === 'measurement' && r.channel === 'cycle_s')).toMatchObject({
      value: 30,
      unit: 's',
    });
    expect(out.at(-1)).toMatchObject({
      kind: 'machine_state',
      state: 'unknown',
      reason: 'offline',
      machine: 'sewing-1',
    });
    for (const [i, r] of out.entries()) {
      const parsed = ReadingSchema.safeParse({ ...r, seq: i + 1 } as Reading);
      expect(parsed.error).toBeUndefined();
    }
  });
});

describe('RateLimitedLog', () => {
  it('logs a kind once per interval with how many were suppressed, untrusted data nested under detail', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    let now = 0;
    const log = new RateLimitedLog(logger, 1000, () => now);
    for (let i = 0; i < 10; i++) log.warn('malformed', 'bad payload', { payload: `x${i}` });
    log.warn('other', 'another kind');
    now = 1000;
    log.warn('malformed', 'bad payload', { payload: 'late' });
    expect(lines.map((l) => [l.kind, l.suppressedSinceLast, (l.detail as { payload?: string }).payload])).toEqual([
      ['malformed', 0, 'x0'],
      ['other', 0, undefined],
      ['malformed', 9, 'late'],
    ]);
    expect(lines[0]).not.toHaveProperty('payload');
  });
});

describe('small helpers', () => {
  it('Backoff doubles up to the cap and resets', () => {
    const b = new Backoff({ minMs: 100, maxMs: 500 });
    expect([b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 500]);
    b.reset();
    expect(b.next()).toBe(100);
  });

  it.each([
    ['plug-1', 'plug-1'],
    ['shelly plus/1', 'shelly_plus_1'],
    ['_x', 'x_x'],
    ['', 'x'],
    ['a'.repeat(80), 'a'.repeat(64)],
  ])('toSourceId(%j) = %j', (input, want) => expect(toSourceId(input)).toBe(want));

  it('matches topic patterns with placeholders and #', () => {
    const p = compilePattern('shop/{room}/sensors/#');
    expect(p.filter).toBe('shop/+/sensors/#');
    expect(matchTopic(p, 'shop/cutting/sensors/a/b')).toEqual({ room: 'cutting' });
    expect(matchTopic(p, 'shop//sensors/x')).toBeNull();
    expect(matchTopic(compilePattern('a/{x}'), 'a/b/c')).toBeNull();
    expect(filterMatches('devices/plug-1/#', 'devices/plug-1/status')).toBe(true);
    expect(filterMatches('devices/plug-1/#', 'devices/plug-2/status')).toBe(false);
    expect(filterMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(filterMatches('devices/x/#', '#')).toBe(false);
  });

  it('plans Modbus reads: one request per table for close registers, split when far apart', () => {
    const regs = [
      { channel: 'a', table: 'input', address: 0, type: 'float32' },
      { channel: 'b', table: 'input', address: 2, type: 'float32' },
      { channel: 'c', table: 'input', address: 300 },
      { channel: 'd', table: 'holding', address: 10 },
    ].map((r) => ModbusRegisterSchema.parse(r));
    expect(planSpans(regs).map((s) => [s.table, s.address, s.count, s.registers.length])).toEqual([
      ['input', 0, 4, 2],
      ['input', 300, 1, 1],
      ['holding', 10, 1, 1],
    ]);
  });
});
