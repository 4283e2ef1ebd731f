import type { Elements } from '../metrics/elements.js';
import { sumElements } from '../metrics/formulas.js';
import { addDays, isoWeekMonday, kstDayOf, kstDayStartMs } from '../metrics/periods.js';
import type { OriginFilter } from '../metrics/query.js';
import type { RollupRow, RollupStore } from '../metrics/rollup-store.js';
import { weekIndexOf } from './weekly-panel.js';

/** A week row of one workshop as the store keeps it: elements as JSON text or parsed. */
export interface WeekRow {
  workshopId: string;
  origin: RollupRow['origin'];
  startMs: number;
  elements: Elements | string;
}

/**
 * Every workshop's week rows (dimension `workshop`) whose week starts in [fromDay, toDay], as
 * stored (elements unparsed): the I/O half of {@link weeklyElements}.
 */
export async function weekRows(
  rollups: RollupStore,
  fromDay: string,
  toDay: string,
  workshopId: string | null = null,
): Promise<WeekRow[]> {
  const rows = await rollups.rawRows({
    workshopId,
    grain: 'week',
    fromMs: kstDayStartMs(isoWeekMonday(fromDay)),
    toMs: kstDayStartMs(addDays(toDay, 1)),
    dim: 'workshop',
  });
  return rows.map((r) => ({ workshopId: r.workshopId, origin: r.origin, startMs: r.startMs, elements: r.elements }));
}

/**
 * Week rows packed to cross to a worker thread cheaply: columns, and the elements' JSON (about
 * 1 KB a row, 47 MB for 400 workshops × 3 years) as newline-joined UTF-8 bytes, one buffer per
 * chunk read, transferred rather than copied.
 */
export interface PackedWeekRows {
  workshopId: string[];
  origin: RollupRow['origin'][];
  startMs: number[];
  /** Per chunk, the JSON of its rows' elements joined by `\n` (JSON text has no raw newline). */
  elements: Uint8Array[];
}

/** Weeks read at a time by {@link packedWeekRows}. */
const CHUNK_WEEKS = 13;

/**
 * The week rows of every workshop in [fromDay, toDay], read a quarter at a time with a turn of
 * the event loop between reads (SQLite reads block it: one read of the whole programme took
 * 0.3–0.5 s), and packed for a worker thread.
 */
export async function packedWeekRows(rollups: RollupStore, fromDay: string, toDay: string): Promise<PackedWeekRows> {
  const out: PackedWeekRows = { workshopId: [], origin: [], startMs: [], elements: [] };
  const encoder = new TextEncoder();
  const fromMs = kstDayStartMs(isoWeekMonday(fromDay));
  const toMs = kstDayStartMs(addDays(toDay, 1));
  const step = CHUNK_WEEKS * 7 * 86_400_000;
  for (let a = fromMs; a < toMs; a += step) {
    await new Promise((resolve) => setImmediate(resolve));
    const rows = await rollups.rawRows({
      workshopId: null,
      grain: 'week',
      fromMs: a,
      toMs: Math.min(a + step, toMs),
      dim: 'workshop',
    });
    if (rows.length === 0) continue;
    for (const r of rows) {
      out.workshopId.push(r.workshopId);
      out.origin.push(r.origin);
      out.startMs.push(r.startMs);
    }
    out.elements.push(encoder.encode(rows.map((r) => r.elements).join('\n')));
  }
  return out;
}

/** The rows of {@link packedWeekRows} again, their elements as JSON text. */
export function unpackWeekRows(p: PackedWeekRows): WeekRow[] {
  const decoder = new TextDecoder();
  const texts = p.elements.flatMap((b) => decoder.decode(b).split('\n'));
  if (texts.length !== p.workshopId.length) {
    throw new Error(`packed week rows: ${p.workshopId.length} rows but ${texts.length} elements`);
  }
  return p.workshopId.map((workshopId, i) => ({
    workshopId,
    origin: p.origin[i] as RollupRow['origin'],
    startMs: p.startMs[i] as number,
    elements: texts[i] as string,
  }));
}

/** The rows' elements, the origins kept by `origin` summed per workshop-week, keyed by week index: the pure half. */
export function sumWeekly(rows: readonly WeekRow[], origin: OriginFilter): Map<string, Map<number, Elements>> {
  const grouped = new Map<string, Map<number, Elements[]>>();
  for (const r of rows) {
    if (origin !== 'all' && r.origin !== origin) continue;
    const week = weekIndexOf(kstDayOf(r.startMs));
    let byWeek = grouped.get(r.workshopId);
    if (!byWeek) {
      byWeek = new Map();
      grouped.set(r.workshopId, byWeek);
    }
    const e = typeof r.elements === 'string' ? (JSON.parse(r.elements) as Elements) : r.elements;
    const list = byWeek.get(week);
    if (list) list.push(e);
    else byWeek.set(week, [e]);
  }
  const out = new Map<string, Map<number, Elements>>();
  for (const [workshop, byWeek] of grouped) {
    out.set(workshop, new Map([...byWeek].map(([week, list]) => [week, sumElements(list)])));
  }
  return out;
}

/**
 * Every workshop's week rows (dimension `workshop`) whose week starts in [fromDay, toDay], the
 * origins kept by `origin` summed per workshop-week, keyed by week index.
 */
export async function weeklyElements(
  rollups: RollupStore,
  fromDay: string,
  toDay: string,
  origin: OriginFilter,
  workshopId: string | null = null,
): Promise<Map<string, Map<number, Elements>>> {
  return sumWeekly(await weekRows(rollups, fromDay, toDay, workshopId), origin);
}
