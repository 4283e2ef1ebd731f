import type { ReadingDraft } from '../types.js';
import type { SimulatedChannel, SimulatedConfig } from './config.js';

/** Capture time of tick k, UTC ms. */
export function tsOfTick(ratePerS: number, k: number): number {
  return Math.floor((k * 1000) / ratePerS);
}

/** The tick whose capture time is `ts` (the inverse of `tsOfTick` on its values), or the last tick before it. */
export function tickAtOrBefore(ratePerS: number, ts: number): number {
  let k = Math.floor((ts * ratePerS) / 1000);
  while (tsOfTick(ratePerS, k + 1) <= ts) k++;
  while (tsOfTick(ratePerS, k) > ts) k--;
  return k;
}

/** A 32-bit hash of (seed, channel, k): the simulated values' only source of variety. */
export function hash32(seed: number, channel: string, k: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  const mix = (x: number) => {
    h ^= x;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (let i = 0; i < channel.length; i++) mix(channel.charCodeAt(i));
  mix(k & 0xffff);
  mix((k >>> 16) & 0xffff);
  mix(Math.floor(k / 2 ** 32) & 0xffff);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) >>> 0;
}

/** The readings of tick k, in channel order. Same config and k → same readings, always. */
export function simulatedDrafts(cfg: SimulatedConfig, k: number): ReadingDraft[] {
  const ts = tsOfTick(cfg.ratePerS, k);
  const base = { ts, timeSource: 'device' as const, source: cfg.id };
  const out: ReadingDraft[] = [];
  for (const ch of cfg.channels) {
    if (k % ch.every !== 0) continue;
    out.push({ ...base, ...channelReading(cfg.seed, ch, k) });
  }
  return out;
}

function channelReading(seed: number, ch: SimulatedChannel, k: number) {
  const h = hash32(seed, ch.id, k);
  switch (ch.kind) {
    case 'measurement':
      return {
        kind: 'measurement' as const,
        channel: ch.id,
        value: Math.round((ch.min + (h / 2 ** 32) * (ch.max - ch.min)) * 10) / 10,
        unit: ch.unit,
      };
    case 'count':
      return { kind: 'count' as const, channel: ch.id, delta: 1, total: Math.floor(k / ch.every) };
    case 'scan': {
      const text = `${ch.prefix}${k}`;
      return {
        kind: 'scan' as const,
        text,
        raw: Buffer.from(`${text}\r`).toString('base64'),
        encoding: 'ascii' as const,
        symbology: null,
        gs1: null,
        meaning: 'work_order' as const,
        rule: null,
        fields: { order: text },
        flags: [],
      };
    }
    case 'machine_state':
      return {
        kind: 'machine_state' as const,
        machine: ch.id,
        state: h % 4 === 0 ? ('idle' as const) : ('running' as const),
        reason: 'simulated',
      };
  }
}
