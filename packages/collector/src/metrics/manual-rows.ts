import { type BucketRow, Buckets } from './buckets.js';
import type { PruLookup } from './day-input.js';
import type { MachineConfig, ManualEntry } from './inputs.js';

/**
 * Day rows (and shift rows, for entries given per shift) of hand entries. They are kept under
 * origin `manual`, beside the device rows and never merged into them, so every figure can say
 * whether it used hand-kept numbers. Pure.
 */
export function manualRows(
  day: string,
  entries: readonly ManualEntry[],
  pru: PruLookup,
  machines: readonly MachineConfig[],
): { days: BucketRow[]; shifts: BucketRow[] } {
  const days = new Buckets();
  const shifts = new Buckets();
  const defaults = new Map(machines.map((m) => [m.id, m.defaultPruS]));
  for (const e of entries) {
    if (e.day !== day) continue;
    const target = { machine: e.machineId, product: e.productId, worker: e.workerId };
    const unitPru = pru(e.productId, null) ?? (e.machineId ? (defaults.get(e.machineId) ?? null) : null);
    const periods: [Buckets, string][] = [[days, day]];
    if (e.shift !== null) periods.push([shifts, `${day}#${e.shift}`]);
    for (const [b, period] of periods) {
      const t = { ...target, period };
      b.add(t, 'pq', e.pq, 'manual', 'qty');
      b.add(t, 'sq', e.sq, 'manual', 'qty');
      b.add(t, 'rq', e.rq, 'manual', 'qty');
      if (unitPru !== null) b.add(t, 'pru_pq_s', unitPru * e.pq, 'manual', 'qty');
      else b.add(t, 'pq_without_pru', e.pq, 'manual', 'qty');
      if (e.workS !== null) {
        b.add(t, 'apat_s', e.workS, 'manual', 'people');
        b.add(t, 'apwt_s', e.workS, 'manual', 'people');
      }
    }
  }
  return { days: days.list(), shifts: shifts.list() };
}
