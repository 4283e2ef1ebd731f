import type { SeqRange } from '@gongbang/shared';

/** Compresses sequence numbers into sorted inclusive ranges: [1,2,3,7] → [[1,3],[7,7]]. */
export function toRanges(seqs: readonly number[]): SeqRange[] {
  let ascending = true;
  for (let i = 1; i < seqs.length && ascending; i++) ascending = seqs[i - 1]! < seqs[i]!;
  // Stores answer in the agent's (ascending) order; sorting a thousand numbers is then wasted work.
  const sorted = ascending ? seqs : [...seqs].sort((a, b) => a - b);
  const out: SeqRange[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s === last[1] + 1) last[1] = s;
    else if (!last || s > last[1]) out.push([s, s]);
  }
  return out;
}
