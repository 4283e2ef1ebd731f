/**
 * Estimates agent clock minus collector clock from request/answer pairs, like NTP's offset
 * with the answer assumed halfway through the round trip. Keeps the last `window` samples
 * and reports their median, so one slow request does not swing it.
 */
export class ClockOffsetEstimator {
  private readonly samples: number[] = [];

  constructor(private readonly window = 9) {}

  add(sentAt: number, answeredAt: number, serverTime: number): void {
    this.samples.push(Math.round((sentAt + answeredAt) / 2 - serverTime));
    if (this.samples.length > this.window) this.samples.shift();
  }

  /** Agent minus collector, ms; null until the first answer. */
  offsetMs(): number | null {
    if (this.samples.length === 0) return null;
    const s = [...this.samples].sort((a, b) => a - b);
    return s[s.length >> 1]!;
  }
}
