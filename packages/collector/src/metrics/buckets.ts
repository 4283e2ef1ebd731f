import { type ElementSource, type Elements, emptyElements } from './elements.js';
import { addToBin, binKey } from './histogram.js';

/** The dimensions a rollup row is kept for. `workshop` has the empty id. */
export const DIMENSIONS = ['workshop', 'machine', 'product', 'worker'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** One computed row: a period of some granularity, a dimension and its elements. */
export interface BucketRow {
  /** Hour label `YYYY-MM-DDTHH` (KST) or shift label `YYYY-MM-DD#n`. */
  period: string;
  dim: Dimension;
  dimId: string;
  elements: Elements;
}

/** What one addition touches: the period, and the ids of the dimensions it belongs to. */
export interface Target {
  period: string;
  machine?: string | null;
  product?: string | null;
  worker?: string | null;
}

type NumericKey = {
  [K in keyof Elements]: Elements[K] extends number ? K : never;
}[keyof Elements];

function addUnique<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

/**
 * Accumulates elements per period and dimension. Every addition goes to the workshop row and to
 * the machine, product and worker rows it names, so the workshop row is always the sum of what
 * was attributed, never a separate count.
 */
export class Buckets {
  // Per period, then per dimension and id: a joined string key per addition cost the KPI engine
  // a tenth of its time in building keys and collecting them.
  private readonly periods = new Map<string, { workshop: BucketRow; ids: Map<Dimension, Map<string, BucketRow>> }>();

  private period(period: string) {
    let p = this.periods.get(period);
    if (!p) {
      p = { workshop: { period, dim: 'workshop', dimId: '', elements: emptyElements() }, ids: new Map() };
      this.periods.set(period, p);
    }
    return p;
  }

  private row(p: { ids: Map<Dimension, Map<string, BucketRow>> }, period: string, dim: Dimension, dimId: string) {
    let byId = p.ids.get(dim);
    if (!byId) {
      byId = new Map();
      p.ids.set(dim, byId);
    }
    let r = byId.get(dimId);
    if (!r) {
      r = { period, dim, dimId, elements: emptyElements() };
      byId.set(dimId, r);
    }
    return r.elements;
  }

  private each(t: Target, fn: (e: Elements, dim: Dimension) => void): void {
    const p = this.period(t.period);
    fn(p.workshop.elements, 'workshop');
    if (t.machine) fn(this.row(p, t.period, 'machine', t.machine), 'machine');
    if (t.product) fn(this.row(p, t.period, 'product', t.product), 'product');
    if (t.worker) fn(this.row(p, t.period, 'worker', t.worker), 'worker');
  }

  add(t: Target, key: NumericKey, amount: number, source: ElementSource, sourceKind: 'time' | 'qty' | 'people'): void {
    if (amount === 0) return;
    const list = sourceKind === 'time' ? 'time_sources' : sourceKind === 'qty' ? 'qty_sources' : 'people_sources';
    this.each(t, (e) => {
      e[key] += amount;
      addUnique(e[list], source);
      if (t.machine && sourceKind === 'time') addUnique(e.machines, t.machine);
      if (t.worker && sourceKind === 'people') addUnique(e.workers, t.worker);
    });
  }

  /** Adds `count` units of duration `seconds` to a histogram of every row the target names. */
  addHistogram(t: Target, which: 'cycle_hist' | 'lead_hist', seconds: number, count = 1): void {
    const key = binKey(seconds);
    if (key === null || !(count >= 1)) return;
    this.each(t, (e) => addToBin(e[which], key, count));
  }

  /** Rows with sorted id and source lists, in a stable order. */
  list(): BucketRow[] {
    const out: BucketRow[] = [];
    for (const p of this.periods.values()) {
      out.push(p.workshop);
      for (const byId of p.ids.values()) for (const r of byId.values()) out.push(r);
    }
    for (const r of out) {
      r.elements.machines.sort();
      r.elements.workers.sort();
      r.elements.time_sources.sort();
      r.elements.qty_sources.sort();
      r.elements.people_sources.sort();
    }
    return out.sort((a, b) =>
      a.period < b.period
        ? -1
        : a.period > b.period
          ? 1
          : a.dim < b.dim
            ? -1
            : a.dim > b.dim
              ? 1
              : a.dimId < b.dimId
                ? -1
                : 1,
    );
  }
}
