import type { SeqRange } from '@gongbang/shared';

/** Compresses sequence numbers into sorted inclusive ranges: [1,2,3,7] → [[1,3],[7,7]]. */
export function toRanges(seqs: readonly number[]): SeqRange[] {
  const sorted = [...seqs].sort((a, b) => a - b);
  const out: SeqRange[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s === last[1] + 1) last[1] = s;
    else if (!last || s > last[1]) out.push([s, s]);
  }
  return out;
}
