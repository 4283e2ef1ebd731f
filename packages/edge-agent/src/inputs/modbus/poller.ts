import type { Logger } from 'pino';
import { Backoff } from '../../backoff/index.js';
import type { ModbusDeviceConfig, ModbusRtuConfig, ModbusTcpConfig } from '../../config/inputs.js';
import { decodeRegisters } from '../../decode/modbus-values.js';
import { DeriveRunner } from '../common/derive-runner.js';
import { HealthTracker } from '../common/health.js';
import { RateLimitedLog } from '../common/rate-log.js';
import { toSourceId } from '../common/source-id.js';
import type { Input, InputContext } from '../types.js';
import { planSpans, type ReadSpan, typeOf } from './spans.js';
import type { ModbusTransport } from './transport.js';

interface GroupTask {
  device: DeviceState;
  intervalMs: number;
  spans: ReadSpan[];
  dueAt: number;
}

interface DeviceState {
  cfg: ModbusDeviceConfig;
  derive: DeriveRunner;
  backoff: Backoff;
  /** Not polled before this time (ms) while it does not answer. */
  retryAt: number;
  online: boolean | null;
}

/**
 * Polls the units of one Modbus bus (RTU) or endpoint (TCP), one request at a time. A unit
 * that does not answer is retried with backoff and its groups are skipped meanwhile, so a dead
 * meter costs one timeout per backoff step instead of stalling the others.
 */
export class ModbusPoller implements Input {
  readonly id: string;
  readonly type: string;
  private readonly tracker: HealthTracker;
  private readonly tasks: GroupTask[] = [];
  private readonly devices: DeviceState[] = [];
  private readonly connectBackoff: Backoff;
  private readonly rateLog: RateLimitedLog;
  private readonly log: Logger;
  private stopped = true;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly cfg: ModbusRtuConfig | ModbusTcpConfig,
    private readonly transport: ModbusTransport,
    private readonly ctx: InputContext,
  ) {
    this.id = cfg.id;
    this.type = cfg.type;
    this.log = ctx.logger;
    this.tracker = new HealthTracker(cfg.id);
    this.rateLog = new RateLimitedLog(ctx.logger, 60_000, ctx.now);
    this.connectBackoff = new Backoff(cfg.retry);
    for (const d of cfg.devices) {
      const device: DeviceState = {
        cfg: d,
        derive: new DeriveRunner(d.source ?? toSourceId(`${cfg.id}.u${d.unit}`), d.derive, ctx.sink, ctx.state),
        backoff: new Backoff(cfg.retry),
        retryAt: 0,
        online: null,
      };
      this.devices.push(device);
      for (const g of d.groups)
        this.tasks.push({ device, intervalMs: g.intervalMs, spans: planSpans(g.registers), dueAt: 0 });
    }
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
    await this.transport.close().catch(() => {});
    this.tracker.connected = false;
  }

  health(): ReturnType<Input['health']> {
    this.tracker.connected = this.transport.isOpen;
    return this.tracker.snapshot();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (!this.transport.isOpen && !(await this.connect())) continue;
      const now = this.ctx.now();
      for (const d of this.devices) d.derive.tick(now);
      const ready = this.tasks.filter((t) => t.device.retryAt <= now);
      const next = ready.reduce<GroupTask | null>((a, t) => (a === null || t.dueAt < a.dueAt ? t : a), null);
      if (!next || next.dueAt > now) {
        const wakeAt = Math.min(next?.dueAt ?? Infinity, ...this.tasks.map((t) => t.device.retryAt), now + 1000);
        await this.sleep(Math.min(1000, wakeAt - now));
        continue;
      }
      next.dueAt = Math.max(next.dueAt + next.intervalMs, now);
      await this.poll(next);
    }
  }

  private async connect(): Promise<boolean> {
    try {
      await this.transport.connect();
      this.connectBackoff.reset();
      this.tracker.connected = true;
      this.log.info('modbus connected');
      return true;
    } catch (err) {
      this.tracker.connected = false;
      this.tracker.count('connect_failed');
      this.rateLog.warn('connect_failed', 'cannot connect to the Modbus bus/endpoint', {
        error: (err as Error).message,
      });
      for (const d of this.devices) this.markOffline(d);
      await this.sleep(this.connectBackoff.next());
      return false;
    }
  }

  private async poll(task: GroupTask): Promise<void> {
    const { device } = task;
    const unit = device.cfg.unit;
    for (const span of task.spans) {
      let words: number[];
      try {
        words = await this.transport.read(unit, span.table, span.address, span.count);
      } catch (err) {
        this.onReadError(device, err as Error & { modbusCode?: number; errno?: string });
        return;
      }
      const ts = this.ctx.now();
      device.backoff.reset();
      device.retryAt = 0;
      device.online = true;
      this.tracker.data(ts);
      for (const r of span.registers) {
        const off = r.address - span.address;
        let raw: number;
        try {
          raw = decodeRegisters(words.slice(off), typeOf(r), r.wordOrder, r.byteOrder);
        } catch {
          this.tracker.count('short_answer'); // fewer registers than asked for: a misbehaving device
          continue;
        }
        const value = raw * r.scale + r.offset;
        if (!Number.isFinite(value) || Math.abs(value) > 1e15) {
          this.tracker.count('out_of_range');
          continue;
        }
        const source = device.derive.source;
        device.derive.measurement({
          kind: 'measurement',
          ts,
          timeSource: 'agent',
          source,
          channel: r.channel,
          value,
          unit: r.unit,
        });
      }
    }
  }

  private onReadError(device: DeviceState, err: Error & { modbusCode?: number; errno?: string }): void {
    const kind = err.modbusCode !== undefined ? 'exception' : /timed out/i.test(err.message) ? 'timeout' : 'io_error';
    this.tracker.count(kind);
    this.rateLog.warn(`${kind}:${device.cfg.unit}`, 'Modbus unit did not answer', {
      unit: device.cfg.unit,
      error: err.message,
    });
    if (kind === 'io_error' && !this.transport.isOpen) return; // the loop reconnects
    device.retryAt = this.ctx.now() + device.backoff.next();
    this.markOffline(device);
  }

  private markOffline(d: DeviceState): void {
    if (d.online === false) return;
    d.online = false;
    d.derive.offline(this.ctx.now());
  }
}
