import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

/** Seqs reserved per sidecar write: one small fsync'd write per this many readings. */
export const SEQ_RESERVE_BLOCK = 100_000;

/** What the sidecar says. */
export interface SeqSidecar {
  /** Every seq ever handed out is below this. */
  reserved: number;
  /**
   * Written by a clean stop: the exact next seq at that moment. Absent while an agent runs (and
   * after a crash), and in files of agents before the format had a version (`v`).
   */
  next?: number;
  /** Written by a clean stop with `next`: readings the spool file held then (a later corrupt file's loss is exact). */
  count?: number;
  /** Format version; 2 since the clean-stop marker exists. */
  v?: number;
}

/**
 * A sidecar file (`<spool>.seq`) holding a seq above every seq ever handed out, and after a clean
 * stop the exact next one. The spool file holds the real counter; the sidecar matters when the
 * spool file lost commits (corrupt and replaced, its WAL file lost, an older copy restored): the
 * spool continues above the sidecar, so no seq is ever reused and the collector's idempotent
 * storage never mistakes a new reading for a duplicate of a delivered one.
 */
export class SeqReservation {
  private reserved = 0;

  constructor(private readonly file: string) {}

  /** The sidecar on disk, or undefined when there is none (or it is unreadable). */
  read(): SeqSidecar | undefined {
    try {
      const raw = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, unknown>;
      const reserved = Number(raw.reserved);
      if (!Number.isSafeInteger(reserved) || reserved < 1) return undefined;
      const next = Number(raw.next);
      const count = Number(raw.count);
      return {
        reserved,
        ...(Number.isSafeInteger(next) && next >= 1 ? { next } : {}),
        ...(Number.isSafeInteger(count) && count >= 0 && raw.count !== undefined ? { count } : {}),
        ...(raw.v === 2 ? { v: 2 } : {}),
      };
    } catch {
      return undefined;
    }
  }

  /** Makes sure `nextSeq` is below the reservation on disk (writes, fsyncs and renames when not). */
  ensure(nextSeq: number): void {
    if (nextSeq < this.reserved) return;
    this.write({ v: 2, reserved: nextSeq + SEQ_RESERVE_BLOCK });
  }

  /** At start: a fresh reservation without the clean-stop marker (a crash from now on leaves none). */
  markRunning(nextSeq: number): void {
    this.write({ v: 2, reserved: Math.max(nextSeq + SEQ_RESERVE_BLOCK, this.reserved) });
  }

  /** At a clean stop: records the exact next seq, so the next start need not skip the reserved block. */
  markClean(nextSeq: number, count: number): void {
    this.write({ v: 2, reserved: Math.max(this.reserved, nextSeq), next: nextSeq, count });
  }

  private write(content: SeqSidecar): void {
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(content));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    this.reserved = content.reserved;
  }
}
