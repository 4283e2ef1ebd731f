import type { ProcessParams, SimMachine, SimProduct } from './programme.js';

/**
 * Long-run expectations of one machine's order cycle (renewal-reward): an order is a setup,
 * then Q units whose cycles are lognormal around PRU / performance, with stops after a cycle
 * in proportion to its length; between orders the machine waits for the next one so that a
 * share `load` of planned time has an order.
 */
export interface OrderCycle {
  /** Expected units per order. */
  units: number;
  /** Expected running time per order, s. */
  runS: number;
  /** Expected busy time per order (setup + running + stops), s. */
  busyS: number;
  /** Expected Σ PRU over an order's units, s. */
  pruS: number;
}

/** Stop time per second of running: Σ rate × mean duration. */
export function delayPerRunS(p: ProcessParams): number {
  return (
    (p.minorStopsPerRunH * p.minorStopMeanS + p.faultsPerRunH * p.faultMeanS + p.waitsPerRunH * p.waitMeanS) / 3600
  );
}

/** Mean PRU of a machine's operation over the job mix, weighted by each product's share of orders. */
export function meanPru(machine: SimMachine, products: readonly SimProduct[]): number {
  const w = products.reduce((s, p) => s + p.weight, 0);
  return products.reduce((s, p) => s + p.weight * (p.pruS[machine.operation] ?? machine.defaultPruS), 0) / w;
}

export function orderCycle(p: ProcessParams, pru: number): OrderCycle {
  const units = p.orderQty;
  const runS = (units * pru) / p.performance;
  return { units, runS, busyS: p.setupMeanS + runS * (1 + delayPerRunS(p)) + 0.001, pruS: units * pru };
}

/** Expected elements per planned second of one machine at `load`. */
export function perPlannedSecond(p: ProcessParams, pru: number, load: number) {
  const c = orderCycle(p, pru);
  const pq = (load * c.units) / c.busyS;
  return {
    apt: (load * c.runS) / c.busyS,
    pq,
    pruPq: (load * c.pruS) / c.busyS,
    gq: pq * (1 - p.scrapRate - p.reworkRate),
  };
}
