import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

/** Seqs reserved per sidecar write: one small fsync'd write per this many readings. */
export const SEQ_RESERVE_BLOCK = 100_000;

/**
 * A sidecar file (`<spool>.seq`) holding a seq above every seq ever handed out. The spool
 * file holds the real counter; the sidecar only matters when the spool file was corrupt and
 * replaced: the fresh spool continues above the reservation, so no seq is ever reused and
 * the collector's idempotent storage never mistakes a new reading for a duplicate.
 */
export class SeqReservation {
  private reserved = 0;

  constructor(private readonly file: string) {}

  /** The reserved high-water mark on disk, or 1 when there is none. */
  read(): number {
    try {
      const v = Number(JSON.parse(readFileSync(this.file, 'utf8')).reserved);
      return Number.isSafeInteger(v) && v >= 1 ? v : 1;
    } catch {
      return 1;
    }
  }

  /** Makes sure `nextSeq` is below the reservation on disk (writes, fsyncs and renames when not). */
  ensure(nextSeq: number): void {
    if (nextSeq < this.reserved) return;
    const reserved = nextSeq + SEQ_RESERVE_BLOCK;
    const tmp = `${this.file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify({ reserved }));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    this.reserved = reserved;
  }
}
