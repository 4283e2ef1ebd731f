import type { InputHealth } from '@gongbang/shared';
import type { InputConfig } from '../../config/inputs.js';
import type { Input, InputContext } from '../types.js';
import { type SimulatedConfig, SimulatedConfigSchema } from './config.js';
import { simulatedDrafts, tickAtOrBefore, tsOfTick } from './sequence.js';

/**
 * What the agent adds to the input context: the capture time of the last reading of a source
 * that the spool has committed, so a device with memory can resume right after it.
 */
export interface ResumableInputContext extends InputContext {
  lastTs?: (source: string) => number | undefined;
}

/**
 * A simulated device on a timer. Every timer turn emits all ticks due up to now (so event-loop
 * lag never skips a tick); all readings of a tick go to the sink synchronously, so they are
 * committed together.
 */
export class SimulatedInput implements Input {
  readonly type = 'simulated';
  readonly id: string;
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  private first: number | undefined;
  private produced = 0;
  private lastDataTs: number | null = null;

  constructor(
    private readonly cfg: SimulatedConfig,
    private readonly ctx: ResumableInputContext,
  ) {
    this.id = cfg.id;
  }

  async start(): Promise<void> {
    const nowTick = tickAtOrBefore(this.cfg.ratePerS, this.ctx.now());
    const last = this.cfg.resume ? this.ctx.lastTs?.(this.cfg.id) : undefined;
    this.next = last === undefined ? nowTick : tickAtOrBefore(this.cfg.ratePerS, last) + 1;
    if (nowTick - this.next > this.cfg.maxCatchUpTicks) {
      const skipped = nowTick - this.cfg.maxCatchUpTicks - this.next;
      this.ctx.sink({
        ts: this.ctx.now(),
        timeSource: 'agent',
        source: this.cfg.id,
        kind: 'gap',
        dropped: skipped,
        reason: 'input_overflow',
        fromTs: tsOfTick(this.cfg.ratePerS, this.next),
        toTs: tsOfTick(this.cfg.ratePerS, this.next + skipped - 1),
        detail: 'simulated device memory exceeded',
      });
      this.next += skipped;
    }
    this.ctx.logger.info({ fromTick: this.next, resumed: last !== undefined }, 'simulated input started');
    this.emitDue();
    this.timer = setInterval(() => this.emitDue(), Math.max(10, Math.floor(1000 / this.cfg.ratePerS)));
  }

  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    // The last tick handed to the sink; tests compare it with what arrived.
    this.ctx.logger.info(
      { firstTs: this.first ?? null, lastTs: this.lastDataTs, produced: this.produced },
      'simulated input stopped',
    );
  }

  health(): InputHealth {
    return { id: this.id, connected: this.timer !== undefined, lastDataTs: this.lastDataTs, errors: {} };
  }

  private emitDue(): void {
    const nowTick = tickAtOrBefore(this.cfg.ratePerS, this.ctx.now());
    for (; this.next <= nowTick; this.next++) {
      for (const d of simulatedDrafts(this.cfg, this.next)) {
        this.ctx.sink(d);
        this.produced++;
        this.first ??= d.ts;
        this.lastDataTs = d.ts;
      }
    }
  }
}

/** Factory registered as `simulated` in INPUT_FACTORIES. */
export function createSimulatedInput(config: InputConfig, ctx: InputContext): Input {
  return new SimulatedInput(SimulatedConfigSchema.parse(config), ctx);
}
