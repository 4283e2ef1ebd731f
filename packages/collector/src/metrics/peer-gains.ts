import type { Kpi } from './formulas.js';
import { KPI_KEYS, type KpiKey } from './kpi-definitions.js';
import { addDays } from './periods.js';
import { MIN_PEERS } from './programme.js';
import type { KpiFigures } from './query.js';
import { median } from './stats.js';

/** Two windows of KST days, inclusive. */
export interface GainWindows {
  before: { from: string; to: string };
  after: { from: string; to: string };
}

/** One workshop's change of a KPI from the window before to the window after. */
export interface Change {
  before: number;
  after: number;
  /** Relative change of the KPI itself, (after − before) / before, as Korean reports quote it. */
  change: number;
}

/** Per KPI: the workshop's own change, and the median change of its industry's other workshops. */
export interface PeerGain {
  own: Change | null;
  peers: { median: number | null; n: number; withheld: boolean };
}

/** Default length of each window: 8 weeks. */
export const GAIN_WINDOW_DAYS = 56;

/**
 * The windows around a stage start: the 8 weeks before it and the 8 weeks from it, the second
 * cut at `lastDay` (yesterday: today is not complete). Null when the stage started less than a
 * week before `lastDay`, since a change over a few days says nothing.
 */
export function windowsAround(stageStart: string, lastDay: string): GainWindows | null {
  if (addDays(stageStart, 6) > lastDay) return null;
  const afterTo = addDays(stageStart, GAIN_WINDOW_DAYS - 1);
  return {
    before: { from: addDays(stageStart, -GAIN_WINDOW_DAYS), to: addDays(stageStart, -1) },
    after: { from: stageStart, to: afterTo < lastDay ? afterTo : lastDay },
  };
}

/** The change between two figures of one KPI; null unless both are `ok` and the first is above zero. */
export function changeOf(before: Kpi | undefined, after: Kpi | undefined): Change | null {
  if (!before || !after || before.status !== 'ok' || after.status !== 'ok') return null;
  if (before.value === null || after.value === null || !(before.value > 0)) return null;
  return { before: before.value, after: after.value, change: after.value / before.value - 1 };
}

/**
 * The owner's gain beside the anonymous median gain of similar workshops over the same weeks: a
 * peer counts for a KPI only where both its windows are `ok`; the median is withheld below
 * {@link MIN_PEERS} peers, as for the peers' levels. Pure: figures in, table out.
 */
export function peerGains(
  own: { before: KpiFigures | undefined; after: KpiFigures | undefined },
  peers: ReadonlyArray<{ before: KpiFigures | undefined; after: KpiFigures | undefined }>,
): Record<KpiKey, PeerGain> {
  const table = {} as Record<KpiKey, PeerGain>;
  for (const k of KPI_KEYS) {
    const changes = peers.map((p) => changeOf(p.before?.kpis[k], p.after?.kpis[k])?.change ?? null);
    const m = median(changes);
    table[k] = {
      own: changeOf(own.before?.kpis[k], own.after?.kpis[k]),
      peers: m.n >= MIN_PEERS ? { median: m.value, n: m.n, withheld: false } : { median: null, n: m.n, withheld: true },
    };
  }
  return table;
}
