import type { SpoolSynchronous } from './options.js';
import { type SalvageResult, salvageInto } from './salvage.js';
import { type Db, moveAside, openSpoolFile } from './sqlite-file.js';
import type { GapDraft } from './types.js';

/** A damaged spool replaced by a fresh file holding what could be read from it. */
export interface Recovered {
  db: Db;
  /** Where the damaged file went. */
  aside: string;
  salvage: SalvageResult;
  /** Readings lost: exact when the damaged file's count (or the running spool's) was known. */
  lost: number;
  exact: boolean;
  /** The gap reading to spool, when anything was lost. */
  gap: GapDraft | undefined;
}

/**
 * Moves a damaged spool file aside, opens a fresh one and copies into it every reading that can
 * still be read (issue #10, item 17). The number lost is the damaged file's own reading count
 * (kept in `meta.count` by every write, or the count the running spool held) minus what was
 * salvaged; only when neither is readable is it an upper bound (the unreadable seqs), or 1 with
 * "count unknown" when the file is not a database at all.
 */
export function recoverCorrupt(
  file: string,
  synchronous: SpoolSynchronous,
  opts: { now: number; knownCount: number | undefined; hiHint: number; cacheKiB: number },
): Recovered {
  const aside = moveAside(file, opts.now);
  const db = openSpoolFile(file, synchronous, opts.cacheKiB);
  const salvage = salvageInto(aside, db, opts.hiHint);
  const expected = salvage.expected ?? opts.knownCount;
  const unreadable = salvage.unreadable.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);
  let lost: number;
  let exact = true;
  if (expected !== undefined) lost = Math.max(0, expected - salvage.readings);
  else {
    exact = false;
    lost = Math.max(1, unreadable);
  }
  const first = salvage.unreadable[0];
  const last = salvage.unreadable[salvage.unreadable.length - 1];
  const readable = salvage.readings > 0 || expected !== undefined;
  const detail = [
    `salvaged ${salvage.readings} readings${expected !== undefined ? ` of ${expected}` : ''}`,
    salvage.rawPages ? 'read from raw pages' : '',
    exact ? '' : readable ? `count unknown, at most ${lost} lost` : 'count unknown',
    `file moved to ${aside}`,
  ]
    .filter(Boolean)
    .join('; ');
  const gap: GapDraft | undefined =
    lost > 0
      ? {
          ts: opts.now,
          timeSource: 'agent',
          source: 'agent',
          kind: 'gap',
          dropped: lost,
          reason: 'spool_corrupt',
          ...(first ? { fromSeq: first[0] } : {}),
          ...(last ? { toSeq: last[1] } : {}),
          detail: detail.slice(0, 512),
        }
      : undefined;
  return { db, aside, salvage, lost, exact, gap };
}
