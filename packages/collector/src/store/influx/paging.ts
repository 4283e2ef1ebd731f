import { type Cursor, decodeCursorFor, encodeCursor, MAX_CURSOR_OFFSET } from '../cursor.js';
import type { RangePage, RangeQuery, StoredReading } from '../types.js';

/** Largest page a range query may ask for (the readings route allows up to this). */
export const MAX_QUERY_LIMIT = 10_000;

/** Reads each kind's rows in `[fromMs, toMs)` in time order, at most `take` per kind. */
export type FetchKinds = (fromMs: number, toMs: number, take: number) => Promise<StoredReading[][]>;

/** Order of a range: (ts, agent, seq), the same as the SQLite store's. */
export function compareStored(
  a: { agentId: string; reading: { ts: number; seq: number } },
  b: { agentId: string; reading: { ts: number; seq: number } },
): number {
  return (
    a.reading.ts - b.reading.ts ||
    (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0) ||
    a.reading.seq - b.reading.seq
  );
}

const keyOf = (c: Cursor) => ({ agentId: c.agent, reading: { ts: c.ts, seq: c.seq } });

/**
 * Keyset paging over one measurement per kind. InfluxDB orders a measurement by point time
 * (nanoseconds: ms plus a part of seq), not by (ts, agent, seq), and LIMIT cuts in its order; so
 * rows of the last millisecond a truncated kind returned may be missing. Rows before that
 * millisecond are complete; when they do not fill the page, the whole millisecond is read too.
 * A kind is read from the cursor's millisecond on, `offset + limit + 1` rows at most (`offset`
 * readings of that millisecond were returned before), so a page costs at most
 * MAX_CURSOR_OFFSET + MAX_QUERY_LIMIT + 1 rows per kind, whatever cursor the client sends.
 */
export async function pageRange(q: RangeQuery, fetchKinds: FetchKinds): Promise<RangePage> {
  const after = decodeCursorFor(q);
  const take = (after?.offset ?? 0) + q.limit + 1;
  const perKind = await fetchKinds(after ? after.ts : q.fromMs, q.toMs, take);
  // The first millisecond that may be incomplete: the last one of any kind cut by LIMIT.
  let boundary = Number.POSITIVE_INFINITY;
  for (const rows of perKind) {
    const last = rows[rows.length - 1];
    if (rows.length >= take && last) boundary = Math.min(boundary, last.reading.ts);
  }
  const isAfter = (s: StoredReading) => !after || compareStored(s, keyOf(after)) > 0;
  let rows = perKind.flat().filter((s) => s.reading.ts < boundary && isAfter(s));
  if (Number.isFinite(boundary) && rows.length <= q.limit) {
    const bound = MAX_CURSOR_OFFSET + MAX_QUERY_LIMIT + 1;
    const whole = await fetchKinds(boundary, Math.min(boundary + 1, q.toMs), bound);
    if (whole.some((k) => k.length >= bound)) throw tooManyInOneMs(boundary);
    rows = rows.concat(whole.flat().filter(isAfter));
  }
  rows.sort(compareStored);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  // A kind cut by LIMIT may hold rows past the boundary: there may be more even on a short page.
  if (!last || (rows.length <= q.limit && !Number.isFinite(boundary))) return { readings: page };
  let sameMs = page.filter((s) => s.reading.ts === last.reading.ts).length;
  if (after && after.ts === last.reading.ts) sameMs += after.offset ?? 0;
  if (sameMs > MAX_CURSOR_OFFSET) throw tooManyInOneMs(last.reading.ts);
  const next = encodeCursor({ ts: last.reading.ts, agent: last.agentId, seq: last.reading.seq, offset: sameMs });
  return { readings: page, next };
}

const tooManyInOneMs = (ms: number) => new CrowdedMillisecondError(ms);

/** More readings share one millisecond than paging can step over (MAX_CURSOR_OFFSET). */
export class CrowdedMillisecondError extends Error {
  readonly code = 'GB_CROWDED_MILLISECOND';
  readonly retryable = false;
  constructor(readonly ms: number) {
    super(
      `more than ${MAX_CURSOR_OFFSET} readings share the millisecond ${ms}: page them by source or kind, or with a larger limit`,
    );
    this.name = 'CrowdedMillisecondError';
  }
}
