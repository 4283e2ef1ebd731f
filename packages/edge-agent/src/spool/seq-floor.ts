import type { SeqSidecar } from './seq-reserve.js';

/** What is known about the spool file as it was found at start. */
export interface SeqSources {
  /** The counter committed in the spool file (`meta.next_seq`), if any. */
  stored: number | undefined;
  /** One above the highest seq among the file's readings and dead letters (1 when empty). */
  rowsNext: number;
  /** The sidecar `<spool>.seq`, if any. */
  sidecar: SeqSidecar | undefined;
  /** The spool file existed before it was opened. */
  fileExisted: boolean;
  /** Its `-wal` file existed before it was opened. */
  walExisted: boolean;
}

/** Why commits the spool once had are missing from the file found at start. */
export type SeqLossCause = 'wal_lost' | 'older_file' | 'file_missing';

export interface SeqFloor {
  /** The next seq to hand out: above every seq any source knows was handed out. */
  nextSeq: number;
  /** Set when the file lacks commits it once had: the seqs that may have been lost (inclusive). */
  lost?: { cause: SeqLossCause; fromSeq?: number; toSeq: number };
}

/**
 * The next seq is the maximum of every source that knows one (issue #10, item 18): the file's
 * counter, its rows and the sidecar. After a clean stop the sidecar holds the exact next seq;
 * otherwise (a crash, or a sidecar from before the clean-stop marker) only its reservation is
 * safe, so the spool skips to it — a hole in the seqs, never a reused one.
 *
 * A missing WAL is detected from the files: a clean close deletes `-wal`, and the sidecar says the
 * last run ended cleanly; a crashed run always leaves `-wal` behind (SQLite creates it on the first
 * read and only the last connection's close removes it). An unclean end without `-wal` means the
 * commits since the last checkpoint are gone.
 */
export function seqFloor(s: SeqSources): SeqFloor {
  const fileNext = Math.max(s.stored ?? 1, s.rowsNext);
  const side = s.sidecar;
  if (!side) return { nextSeq: fileNext };
  if (side.next !== undefined) {
    const nextSeq = Math.max(fileNext, side.next);
    if (!s.fileExisted && side.next > 1) return { nextSeq, lost: { cause: 'file_missing', toSeq: side.next - 1 } };
    if (fileNext < side.next) {
      return { nextSeq, lost: { cause: 'older_file', fromSeq: fileNext, toSeq: side.next - 1 } };
    }
    return { nextSeq };
  }
  const nextSeq = Math.max(fileNext, side.reserved);
  if (side.v !== 2) return { nextSeq };
  if (!s.fileExisted) return { nextSeq, lost: { cause: 'file_missing', toSeq: side.reserved - 1 } };
  if (!s.walExisted) return { nextSeq, lost: { cause: 'wal_lost', fromSeq: fileNext, toSeq: side.reserved - 1 } };
  return { nextSeq };
}
