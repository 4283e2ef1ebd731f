import type { Reading } from '@gongbang/shared';
import { describe, expect, it } from 'vitest';
import { readingsToLines } from '../../src/store/index.js';
import { asciiLines } from '../../src/store/influx/ascii-lines.js';
import { everyKind, measurements, TRICKY_TEXT } from '../support/readings.js';

const T0 = 1_700_000_000_000;
const fast = new Set(['measurement', 'count', 'machine_state', 'scan']);

/** Variants of each reading: odd text, numbers and seqs that each path must write alike. */
function variants(r: Reading): Reading[] {
  const out: Reading[] = [r];
  const texts = ['plain', 'say "hi"', 'back\\slash', 'line\nbreak\r', TRICKY_TEXT, '', 'a,b=c d', '\u007f'];
  for (const t of texts) {
    if (r.kind === 'measurement') out.push({ ...r, unit: t || 'W' });
    if (r.kind === 'machine_state') out.push({ ...r, reason: t || 'x' }, { ...r, machine: t });
    if (r.kind === 'scan')
      out.push(
        { ...r, text: t },
        { ...r, fields: { k: t } },
        { ...r, symbology: { aim: ']C0', name: t } },
        { ...r, rule: t || null },
      );
    out.push({ ...r, source: t }, { ...r, channel: t } as Reading);
  }
  for (const v of [0, -0, 1.5, -3, 1e15, -1e15, 0.1 + 0.2, 2 ** 31, 1e21, Number.NaN])
    if (r.kind === 'measurement') out.push({ ...r, value: v });
  for (const v of [0, 7, 2 ** 31 + 1, 9_007_199_254_740_991])
    if (r.kind === 'count') out.push({ ...r, delta: v, total: v }, { ...r, counterEvent: 'reset' });
  for (const seq of [1, 42, 999_999, 1_000_000, 1_234_567, 2 ** 40 + 3]) out.push({ ...r, seq });
  for (const ts of [0, 999_999_999, 1_000_000_000, T0, 4_102_444_800_000]) out.push({ ...r, ts });
  if (r.kind === 'machine_state') out.push({ ...r, channel: undefined });
  // Values the schema refuses, as a caller that skipped it could pass them: the general path decides.
  if (r.kind === 'scan') out.push({ ...r, text: undefined, rule: undefined, symbology: {} } as never);
  if (r.kind === 'count') out.push({ ...r, delta: '5', counterEvent: undefined } as never);
  return out;
}

const general = (ws: string, agent: string, rs: Reading[]): string | Error => {
  try {
    return readingsToLines(ws, agent, rs);
  } catch (err) {
    return err as Error;
  }
};

describe('asciiLines', () => {
  it('writes exactly the lines of readingsToLines, or leaves the batch to it', () => {
    let written = 0;
    for (const r of [...everyKind(1, T0), ...measurements(10, T0, 3)]) {
      for (const v of variants(r)) {
        for (const [ws, agent] of [
          ['ws-1', 'agent-1'],
          ['ws 1', 'agent-1'],
          ['공방', 'agent-1'],
        ] as const) {
          const fastText = asciiLines(ws, agent, [v, v]);
          const expected = general(ws, agent, [v, v]);
          if (fastText === undefined) continue;
          written++;
          expect(fastText.toString('utf8'), JSON.stringify(v)).toBe(expected);
        }
      }
    }
    // Most variants are plain enough for the byte path.
    expect(written).toBeGreaterThan(300);
  });

  it('takes plain batches of the high-volume kinds, and leaves other kinds and non-ASCII text', () => {
    const rs = everyKind(1, T0);
    for (const r of rs) {
      const plain =
        r.kind === 'scan'
          ? { ...r, text: 'WO-1', raw: 'V08tMQ==', fields: {} }
          : r.kind === 'machine_state'
            ? { ...r, reason: 'threshold' }
            : r;
      expect(asciiLines('ws-1', 'agent-1', [plain]) !== undefined, r.kind).toBe(fast.has(r.kind));
    }
    expect(asciiLines('ws-1', 'agent-1', [{ ...measurements(1, T0, 1)[0]!, unit: '℃' } as Reading])).toBeUndefined();
    expect(asciiLines('ws-1', 'agent-1', [])?.toString()).toBe('');
  });

  it('grows its buffer for long text', () => {
    const [scan] = everyKind(1, T0).filter((r) => r.kind === 'scan');
    const long = { ...scan!, text: 'x'.repeat(8192), raw: 'QUJD'.repeat(4096), fields: {} } as Reading;
    const rs = Array.from({ length: 40 }, (_, i) => ({ ...long, seq: i + 1 }));
    expect(asciiLines('ws-1', 'agent-1', rs)?.toString()).toBe(readingsToLines('ws-1', 'agent-1', rs));
  });
});
