/**
 * When the next group commit may start, with `flushIntervalMs: 0`. Committing as soon as the
 * spool is free keeps a reading's wait for the disk at about one fsync, but on a disk whose
 * fsync takes well under a millisecond nearly every reading got a commit of its own (issue #11:
 * 998 commits/s and 17–22 % of a core at 1,000 readings/s). The pacer keeps the first commit
 * after a quiet spell immediate and spaces the next ones at least `gapMs` after the end of the
 * previous one, so a busy spool commits at most about 1,000 / `gapMs` times a second and a
 * reading waits at most `gapMs` plus one commit.
 */
export class CommitPacer {
  private lastEndAt = Number.NEGATIVE_INFINITY;

  /**
   * @param gapMs least time from the end of one commit to the start of the next, ms; 0: none.
   * @param now a monotonic clock in ms (wall-clock steps must not stall or hurry commits).
   */
  constructor(
    private readonly gapMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!Number.isFinite(gapMs) || gapMs < 0)
      throw new Error(`commit gap must be a finite number ≥ 0 ms, got ${gapMs}`);
  }

  /** How long the next commit must wait, ms: 0 when the last one ended at least `gapMs` ago. */
  delayMs(): number {
    if (this.gapMs === 0) return 0;
    // Clamped to the gap, so a clock that is not monotonic after all never stalls the spool.
    return Math.min(this.gapMs, Math.max(0, this.lastEndAt + this.gapMs - this.now()));
  }

  /** A commit has just ended. */
  committed(): void {
    this.lastEndAt = this.now();
  }
}
