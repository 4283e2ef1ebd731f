import type { SpooledReading } from './types.js';

/** The first readings that fit in `maxBytes` of JSON (at least one). */
export function trimBytes(rows: SpooledReading[], maxBytes: number): SpooledReading[] {
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    total += rows[i]!.json.length + 1;
    if (total > maxBytes && i > 0) return rows.slice(0, i);
  }
  return rows;
}

/** Sorted seqs → inclusive ranges of consecutive numbers. */
export function toRanges(seqs: readonly number[]): Array<[number, number]> {
  const s = [...seqs].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const q of s) {
    const last = out[out.length - 1];
    if (last && q <= last[1] + 1) last[1] = Math.max(last[1], q);
    else out.push([q, q]);
  }
  return out;
}
