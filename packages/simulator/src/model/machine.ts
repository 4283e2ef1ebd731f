import type { MachineState } from '@gongbang/shared';
import type { Random } from '../random.js';
import { meanPru, orderCycle } from './expect.js';
import type { ProcessParams, SimMachine, SimWorkshop } from './programme.js';
import { count, machineState, scan } from './scans.js';
import type { DaySink, TimeClass } from './sink.js';

/** A planned window (shift minus breaks) in UTC ms, as the collector's `plannedWindows` gives it. */
export interface Window {
  startMs: number;
  endMs: number;
}

type Kind = 'idle' | 'setup' | 'run' | 'tail' | 'minor' | 'fault' | 'wait';
const STATE: Record<Kind, MachineState> = {
  idle: 'idle',
  setup: 'setup',
  run: 'running',
  tail: 'running',
  minor: 'idle',
  fault: 'fault',
  wait: 'idle',
};
const BREAK_OFF_MS = 3 * 3_600_000;
const REASON_AFTER_MS = 30_000;

interface Order {
  id: string;
  product: string;
  pruS: number;
  qty: number;
  done: number;
}

/** What the machine needs from its workshop: its stage's process and the day's load. */
export interface MachineContext {
  workshop: SimWorkshop;
  machine: SimMachine;
  windows: readonly Window[];
  rng: Random;
  sink: DaySink;
  paramsAt: (ms: number) => ProcessParams;
  loadAt: (ms: number) => number;
}

/**
 * One machine's process through planned time, advanced day by day. Activities (setup, cycles,
 * stops, idle between orders) use up planned time only: a break or the night pauses them. What
 * the devices would report is emitted once observation has begun (stage 1), and every planned
 * millisecond is booked to the class the collector gives it (docs/metrics.md, time classes).
 */
export class MachineSim {
  private wi = 0;
  private inWindow = false;
  private t: number;
  private kind: Kind = 'idle';
  private remaining = 1;
  private order: Order | null = null;
  private orders = 0;
  private observedFrom = Number.POSITIVE_INFINITY;
  private dropouts: Window[] = [];
  private di = 0;
  private inDropout = false;
  private pending = { pq: 0, sq: 0, rq: 0, lastTs: 0 };
  private lastCountTs = Number.NEGATIVE_INFINITY;
  private totals = { pieces: 0, scrap: 0, rework: 0 };
  private readonly pru: number;

  constructor(private readonly c: MachineContext) {
    this.t = c.windows[0]?.startMs ?? 0;
    this.pru = meanPru(c.machine, c.workshop.products);
  }

  /** From `ms` on the machine's devices report (the agent is installed): tells the open order and the state. */
  observeFrom(ms: number): void {
    this.observedFrom = ms;
    const m = this.c.machine;
    if (this.order) this.orderScan(ms, 'start');
    const state = this.inWindow && this.t >= ms ? STATE[this.kind] : 'off';
    this.c.sink.emit(machineState(ms, m.source, m.id, this.inDropout ? 'unknown' : state));
  }

  /** Runs the process up to `limitMs` (exclusive for what happens there). */
  advanceTo(limitMs: number): void {
    this.run(limitMs);
    // Pieces counted so far belong to this day: report them before it is handed on.
    this.flush();
  }

  private run(limitMs: number): void {
    const { windows } = this.c;
    for (;;) {
      if (this.t >= limitMs) return;
      const w = windows[this.wi];
      if (!w) {
        this.t = limitMs;
        return;
      }
      if (!this.inWindow) {
        if (w.startMs >= limitMs) {
          this.t = limitMs;
          return;
        }
        this.t = Math.max(this.t, w.startMs);
        this.inWindow = true;
        this.windowStart(w);
        continue;
      }
      if (this.t >= w.endMs) {
        this.windowEnd(w);
        continue;
      }
      const d = this.dropouts[this.di];
      if (d && !this.inDropout && this.t >= d.startMs) {
        this.dropoutStart();
        continue;
      }
      if (d && this.inDropout && this.t >= d.endMs) {
        this.dropoutEnd();
        continue;
      }
      const edge = d ? (this.inDropout ? d.endMs : d.startMs) : Number.POSITIVE_INFINITY;
      const step = Math.min(this.remaining, w.endMs - this.t, limitMs - this.t, edge - this.t);
      if (step > 0) {
        if (this.t >= this.observedFrom) this.c.sink.time(this.c.machine.id, this.t, this.t + step, this.cls());
        this.t += step;
        this.remaining -= step;
      }
      if (this.remaining <= 0) this.next();
    }
  }

  private cls(): TimeClass {
    if (this.inDropout) return 'no_data';
    switch (STATE[this.kind]) {
      case 'running':
        return 'apt';
      case 'setup':
        return 'asut';
      case 'fault':
        return 'adet';
      default:
        return this.order ? 'adet' : 'adot';
    }
  }

  private observed(ms: number): boolean {
    return ms >= this.observedFrom;
  }

  private state(ms: number): void {
    if (!this.observed(ms) || this.inDropout) return;
    const m = this.c.machine;
    this.c.sink.emit(machineState(ms, m.source, m.id, STATE[this.kind]));
  }

  private windowStart(w: Window): void {
    this.state(this.t);
    // Sensor dropouts of this window: the plug loses power or Wi-Fi; its state is unknown, its counts lost.
    this.dropouts = [];
    this.di = 0;
    const { dropoutsPerH, dropoutMeanS } = this.c.workshop;
    const hours = (w.endMs - w.startMs) / 3_600_000;
    const rng = this.c.rng;
    let n = 0;
    for (let p = Math.exp(-dropoutsPerH * hours), u = rng.next(), cum = p; u > cum && n < 5; ) {
      n++;
      p *= (dropoutsPerH * hours) / n;
      cum += p;
    }
    for (let k = 0; k < n; k++) {
      const len = Math.min(rng.lognormal(dropoutMeanS, 0.5) * 1000, (w.endMs - w.startMs) / 3);
      const start = Math.round(rng.uniform(w.startMs + 60_000, w.endMs - 60_000 - len));
      if (start > this.t) this.dropouts.push({ startMs: start, endMs: Math.round(start + len) });
    }
    this.dropouts.sort((a, b) => a.startMs - b.startMs);
    this.dropouts = this.dropouts.filter((d, k, l) => k === 0 || d.startMs > l[k - 1]!.endMs);
  }

  private windowEnd(w: Window): void {
    this.flush();
    this.inWindow = false;
    this.inDropout = false;
    this.wi++;
    const next = this.c.windows[this.wi];
    if (this.observed(w.endMs)) {
      const m = this.c.machine;
      const off = !next || next.startMs - w.endMs >= BREAK_OFF_MS;
      this.c.sink.emit(machineState(w.endMs, m.source, m.id, off ? 'off' : 'idle'));
    }
  }

  private dropoutStart(): void {
    this.flush();
    if (this.observed(this.t)) {
      const m = this.c.machine;
      this.c.sink.emit(machineState(this.t, m.source, m.id, 'unknown'));
    }
    this.inDropout = true;
  }

  private dropoutEnd(): void {
    this.inDropout = false;
    this.di++;
    this.state(this.t);
  }

  private go(kind: Kind, durationMs: number): void {
    const changed = STATE[kind] !== STATE[this.kind];
    this.kind = kind;
    this.remaining = Math.max(1, Math.round(durationMs));
    if (changed) this.state(this.t);
  }

  /** The activity that just ended decides the next one. */
  private next(): void {
    const p = this.c.paramsAt(this.t);
    const rng = this.c.rng;
    switch (this.kind) {
      case 'idle':
        this.startOrder(p);
        return;
      case 'setup':
      case 'minor':
      case 'fault':
      case 'wait':
        this.go('run', this.cycleMs(p));
        return;
      case 'tail':
        this.endOrder(p);
        return;
      case 'run': {
        this.piece(p);
        const order = this.order as Order;
        if (order.done >= order.qty) {
          this.go('tail', 1);
          return;
        }
        const cycleS = order.pruS / p.performance;
        const pm = (p.minorStopsPerRunH * cycleS) / 3600;
        const pf = (p.faultsPerRunH * cycleS) / 3600;
        const pw = (p.waitsPerRunH * cycleS) / 3600;
        const u = rng.next();
        if (u < pm) this.go('minor', rng.uniform(0.5, 1.5) * p.minorStopMeanS * 1000);
        else if (u < pm + pf) this.stop('fault', rng.lognormal(p.faultMeanS, 0.6) * 1000, 'breakdown');
        else if (u < pm + pf + pw) this.stop('wait', rng.lognormal(p.waitMeanS, 0.5) * 1000, 'material_wait');
        else this.go('run', this.cycleMs(p));
        return;
      }
    }
  }

  private stop(kind: 'fault' | 'wait', ms: number, reason: string): void {
    this.go(kind, ms);
    // Someone scans the reason card at the machine once the stop has lasted a while.
    const at = this.t + REASON_AFTER_MS;
    if (ms > 2 * REASON_AFTER_MS && this.observed(this.t)) {
      this.c.sink.emit(scan(at, this.c.machine.scanner, 'stop_reason', `SR-${reason}`, { reason }));
    }
  }

  private cycleMs(p: ProcessParams): number {
    const order = this.order as Order;
    return this.c.rng.lognormal((order.pruS / p.performance) * 1000, p.cycleSigma);
  }

  private startOrder(p: ProcessParams): void {
    const w = this.c.workshop;
    const rng = this.c.rng;
    const product = w.products[rng.weighted(w.products.map((x) => x.weight))]!;
    this.orders++;
    this.order = {
      id: `WO-${this.c.machine.id}-${String(this.orders).padStart(5, '0')}`,
      product: product.id,
      pruS: product.pruS[this.c.machine.operation] ?? this.c.machine.defaultPruS,
      qty: Math.max(1, Math.round(rng.lognormal(p.orderQty, p.orderQtySigma))),
      done: 0,
    };
    if (this.observed(this.t)) this.orderScan(this.t, 'start');
    this.go('setup', rng.lognormal(p.setupMeanS, 0.4) * 1000);
  }

  private endOrder(p: ProcessParams): void {
    this.flush();
    if (this.observed(this.t)) this.orderScan(this.t, 'end');
    this.order = null;
    // Waiting for the next order: on average the share 1 − load of planned time has none.
    const load = this.c.loadAt(this.t);
    const busy = orderCycle(p, this.pru).busyS;
    this.go('idle', this.c.rng.exponential((busy * (1 - load)) / load) * 1000);
  }

  private orderScan(ms: number, action: 'start' | 'end'): void {
    const o = this.order as Order;
    this.c.sink.emit(
      scan(ms, this.c.machine.scanner, 'work_order', `${o.id}|${action}`, {
        order: o.id,
        product: o.product,
        operation: this.c.machine.operation,
        action,
      }),
    );
  }

  private piece(p: ProcessParams): void {
    const o = this.order as Order;
    o.done++;
    const rng = this.c.rng;
    const u = rng.next();
    const sq = u < p.scrapRate ? 1 : 0;
    const rq = !sq && u < p.scrapRate + p.reworkRate ? 1 : 0;
    const { sink, machine, workshop } = this.c;
    sink.truth(this.t, { pq: 1, sq, rq });
    if (!this.observed(this.t)) return;
    if (workshop.counting === 'scan') {
      // Piece, scrap and rework barcodes at the machine's scanner: seen even while its plug is out.
      sink.emit(scan(this.t, machine.scanner, 'piece', `PC-${o.id}`, { qty: '1', product: o.product }));
      if (sq) sink.emit(scan(this.t, machine.scanner, 'scrap', `SQ-${o.id}`, { qty: '1', product: o.product }));
      if (rq) sink.emit(scan(this.t, machine.scanner, 'rework', `RQ-${o.id}`, { qty: '1', product: o.product }));
      sink.quantity(machine.id, this.t, { pq: 1, sq, rq, pruPqS: o.pruS });
      return;
    }
    if (this.inDropout) return;
    this.pending.pq++;
    this.pending.sq += sq;
    this.pending.rq += rq;
    this.pending.lastTs = this.t;
    if (this.t - this.lastCountTs >= workshop.countEveryMs) this.flush();
  }

  /** Reports the pieces counted since the last count reading, at the time of the last of them. */
  private flush(): void {
    const q = this.pending;
    if (q.pq + q.sq + q.rq === 0) return;
    const { sink, machine } = this.c;
    const o = this.order;
    const channels: [keyof typeof this.totals, number][] = [
      ['pieces', q.pq],
      ['scrap', q.sq],
      ['rework', q.rq],
    ];
    for (const [channel, n] of channels) {
      if (n <= 0) continue;
      this.totals[channel] += n;
      sink.emit(count(q.lastTs, machine.source, channel, n, this.totals[channel]));
    }
    sink.quantity(machine.id, q.lastTs, {
      pq: q.pq,
      sq: q.sq,
      rq: q.rq,
      pruPqS: q.pq * (o?.pruS ?? machine.defaultPruS),
    });
    this.lastCountTs = q.lastTs;
    this.pending = { pq: 0, sq: 0, rq: 0, lastTs: 0 };
  }
}
