import { toRanges } from './ranges.js';

/**
 * Seqs the collector acknowledged but the spool could not delete yet (the disk was full even
 * after the reserve was released). They are hidden from the forwarder, so it moves on instead of
 * sending the same batch again and again, and deleted as soon as a write succeeds. Lost only if
 * the process dies first; then they are sent once more and the collector stores them once.
 */
export class PendingAcks {
  private ranges: Array<[number, number]> = [];
  private n = 0;

  add(seqs: readonly number[]): void {
    this.ranges = mergeRanges([...this.ranges, ...toRanges(seqs)]);
    this.n = this.ranges.reduce((s, [lo, hi]) => s + hi - lo + 1, 0);
  }

  has(seq: number): boolean {
    let a = 0;
    let b = this.ranges.length - 1;
    while (a <= b) {
      const m = (a + b) >> 1;
      const [lo, hi] = this.ranges[m]!;
      if (seq < lo) b = m - 1;
      else if (seq > hi) a = m + 1;
      else return true;
    }
    return false;
  }

  /** How many seqs are waiting to be deleted. */
  get size(): number {
    return this.n;
  }

  /** The waiting seqs as inclusive ranges. */
  list(): Array<[number, number]> {
    return this.ranges;
  }

  clear(): void {
    this.ranges = [];
    this.n = 0;
  }
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const s = [...ranges].sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [lo, hi] of s) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}
