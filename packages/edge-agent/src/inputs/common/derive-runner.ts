import type { TimeSource } from '@gongbang/shared';
import type { DeriveConfig } from '../../config/inputs.js';
import { countStep, initialCount } from '../../derive/counter.js';
import { type CountCycleMemory, countCycleStep } from '../../derive/cycle-time.js';
import { initialMachineState, type MachineEvent, machineStateStep } from '../../derive/machine-state.js';
import type { DeriveStateStore, ReadingDraft, ReadingSink } from '../types.js';

type Measurement = Extract<ReadingDraft, { kind: 'measurement' }>;

interface Runner {
  onMeasurement(m: Measurement): void;
  onEvent(ev: Exclude<MachineEvent, { type: 'sample' }>): void;
}

/**
 * Runs an input's `derive:` block for one source: each measurement goes to the sink, then
 * through the pure derive steps, whose results go to the same sink beside it.
 */
export class DeriveRunner {
  private readonly runners: Runner[];

  constructor(
    readonly source: string,
    configs: readonly DeriveConfig[],
    private readonly sink: ReadingSink,
    private readonly state?: DeriveStateStore,
  ) {
    this.runners = configs.map((c) => (c.kind === 'machine-state' ? this.machine(c) : this.count(c)));
  }

  /** Emits a measurement and what derives from it. */
  measurement(m: Measurement): void {
    this.sink(m);
    for (const r of this.runners) r.onMeasurement(m);
  }

  /** The device stopped delivering: machine states go `unknown` (reason `offline`). */
  offline(ts: number): void {
    for (const r of this.runners) r.onEvent({ type: 'offline', ts });
  }

  /** Clock tick to notice missing data (call every second or so). */
  tick(ts: number): void {
    for (const r of this.runners) r.onEvent({ type: 'tick', ts });
  }

  private machine(c: Extract<DeriveConfig, { kind: 'machine-state' }>): Runner {
    let mem = initialMachineState();
    const machine = c.machine ?? this.source;
    const apply = (ev: MachineEvent, timeSource: TimeSource) => {
      const r = machineStateStep(mem, ev, c);
      mem = r.mem;
      if (r.change) {
        const { ts, state, reason } = r.change;
        this.sink({
          kind: 'machine_state',
          ts,
          timeSource,
          source: this.source,
          machine,
          state,
          reason,
          channel: c.channel,
        });
      }
    };
    return {
      onMeasurement: (m) => {
        if (m.channel === c.channel) apply({ type: 'sample', ts: m.ts, value: m.value }, m.timeSource);
      },
      onEvent: (ev) => apply(ev, 'agent'),
    };
  }

  private count(c: Extract<DeriveConfig, { kind: 'count' }>): Runner {
    // The running total and the last raw value survive a restart, so `total` never falls back
    // to 0 and pieces made while the agent was down count once the counter is read again.
    const key = `count:${this.source}:${c.countChannel}`;
    const saved = { last: this.state?.get(`${key}:last`), total: this.state?.get(`${key}:total`) };
    let mem = { ...initialCount(), ...(saved.total !== undefined ? { total: saved.total } : {}) };
    if (saved.last !== undefined) mem.last = saved.last;
    let cycle: CountCycleMemory = { lastIncrementTs: null };
    return {
      onMeasurement: (m) => {
        if (m.channel !== c.channel) return;
        const r = countStep(mem, m.value, c);
        if (r.mem.last !== mem.last) this.state?.set(`${key}:last`, r.mem.last ?? 0);
        if (r.mem.total !== mem.total) this.state?.set(`${key}:total`, r.mem.total);
        mem = r.mem;
        if (!r.out) return;
        const base = { ts: m.ts, timeSource: m.timeSource, source: this.source };
        this.sink({ ...base, kind: 'count', channel: c.countChannel, ...r.out });
        if (c.cycleTimeChannel && !r.out.counterEvent) {
          const cy = countCycleStep(cycle, m.ts, r.out.delta, c);
          cycle = cy.mem;
          if (cy.seconds !== null) {
            this.sink({ ...base, kind: 'measurement', channel: c.cycleTimeChannel, value: cy.seconds, unit: 's' });
          }
        }
      },
      onEvent: () => {},
    };
  }
}
