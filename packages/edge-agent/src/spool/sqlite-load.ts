import { type SeqFloor, seqFloor } from './seq-floor.js';
import type { SeqSidecar } from './seq-reserve.js';
import type { SqliteStatements } from './sqlite-statements.js';

/** What a spool file holds, read once when the spool takes it over. */
export interface LoadedSpool {
  nextSeq: number;
  count: number;
  bytes: number;
  deadCount: number;
  cursors: Map<string, number>;
  state: Map<string, number>;
  dropped: Record<string, number>;
  /** Commits the file once had and lacks now (only checked when `found` was given). */
  lost: SeqFloor['lost'];
}

/**
 * Reads counters, cursors and derived state from an opened spool file and works out the next
 * seq from every source (see seqFloor). `found` says what was on disk before the open; without
 * it (a fresh file replacing a corrupt one) nothing is reported lost here.
 */
export function loadSpool(
  st: SqliteStatements,
  sidecar: SeqSidecar | undefined,
  found: { fileExisted: boolean; walExisted: boolean } | undefined,
): LoadedSpool {
  const stored = (st.getMeta.get('next_seq') as { value: number } | undefined)?.value;
  const rowsNext = Math.max(st.maxSeq.get() as number, st.maxDeadSeq.get() as number) + 1;
  const floor = seqFloor({
    stored,
    rowsNext,
    sidecar,
    fileExisted: found?.fileExisted ?? true,
    walExisted: found?.walExisted ?? true,
  });
  const agg = st.aggregate.get() as { n: number; b: number | null };
  const cursors = new Map<string, number>();
  for (const c of st.cursors.all() as Array<{ source: string; ts: number }>) cursors.set(c.source, c.ts);
  const state = new Map<string, number>();
  for (const m of st.stateMeta.all() as Array<{ key: string; value: number }>) {
    state.set(m.key.slice('state:'.length), m.value);
  }
  const dropped: Record<string, number> = {};
  for (const m of st.droppedMeta.all() as Array<{ key: string; value: number }>) {
    dropped[m.key.slice('dropped:'.length)] = m.value;
  }
  return {
    nextSeq: floor.nextSeq,
    count: agg.n,
    bytes: agg.b ?? 0,
    deadCount: st.deadCount.get() as number,
    cursors,
    state,
    dropped,
    lost: found ? floor.lost : undefined,
  };
}
