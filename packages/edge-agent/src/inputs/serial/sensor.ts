import type { SerialSensorConfig } from '../../config/inputs.js';
import { Framer, lineEndsFor } from '../../decode/framing.js';
import { decodeSensorLine } from '../../decode/sensor-line.js';
import { isBinaryNoise } from '../../decode/text.js';
import { DeriveRunner } from '../common/derive-runner.js';
import { HealthTracker } from '../common/health.js';
import { preview, RateLimitedLog } from '../common/rate-log.js';
import type { Input, InputContext } from '../types.js';
import { ReopeningPort } from './reopening-port.js';

/** How often missing data is checked for derived machine states, ms. */
const TICK_MS = 1000;

/** A microcontroller printing sensor lines (CSV, JSON lines, key=value) on a serial port. */
export class SerialSensorInput implements Input {
  readonly id: string;
  readonly type = 'serial-sensor';
  private readonly tracker: HealthTracker;
  private readonly port: ReopeningPort;
  private readonly framer: Framer;
  private readonly derive: DeriveRunner;
  private readonly rateLog: RateLimitedLog;
  private tick: NodeJS.Timeout | null = null;

  constructor(
    private readonly cfg: SerialSensorConfig,
    private readonly ctx: InputContext,
  ) {
    this.id = cfg.id;
    this.tracker = new HealthTracker(cfg.id);
    this.rateLog = new RateLimitedLog(ctx.logger, 60_000, ctx.now);
    this.derive = new DeriveRunner(cfg.id, cfg.derive, ctx.sink, ctx.state);
    this.framer = new Framer({
      lineEnds: lineEndsFor('LF'),
      terminatorInside: false,
      maxFrameBytes: cfg.maxLineBytes,
    });
    this.port = new ReopeningPort(
      cfg,
      {
        onData: (chunk) => {
          for (const f of this.framer.push(chunk)) this.onLine(f.bytes, f.truncated);
        },
        onOpen: () => {
          this.tracker.connected = true;
          this.tracker.reason = null;
        },
        onDown: (kind) => {
          this.tracker.connected = false;
          this.tracker.reason = kind; // until the next open attempt says more (e.g. port_absent)
          this.tracker.count(kind);
          this.framer.idle(); // a half line from before the unplug is dropped, not glued to the next
          this.derive.offline(this.ctx.now());
        },
        onAbsent: () => {
          this.tracker.reason = 'port_absent';
          this.rateLog.warn('absent', 'sensor port not present; waiting for it', { port: cfg.port });
        },
        onOpenFailed: (err, reason) => {
          this.tracker.reason = reason;
          this.tracker.count('open_failed');
          this.rateLog.warn('open_failed', 'cannot open sensor port', { error: err.message, reason });
        },
      },
      ctx.logger,
    );
  }

  async start(): Promise<void> {
    this.port.start();
    this.tick = setInterval(() => this.derive.tick(this.ctx.now()), TICK_MS);
  }

  async stop(): Promise<void> {
    if (this.tick) clearInterval(this.tick);
    this.tick = null;
    await this.port.stop();
    this.tracker.connected = false;
  }

  health(): ReturnType<Input['health']> {
    return this.tracker.snapshot();
  }

  private onLine(bytes: Buffer, truncated: boolean): void {
    const now = this.ctx.now();
    if (truncated) {
      this.tracker.count('line_too_long');
      this.rateLog.warn('line_too_long', 'sensor line over the cap, dropped', { line: preview(bytes) });
      return;
    }
    if (isBinaryNoise(bytes.subarray(0, bytes.length - 1).filter((b) => b !== 0x0d))) {
      this.tracker.count('binary_noise');
      this.rateLog.warn('binary_noise', 'binary noise on the sensor line', { line: preview(bytes) });
      return;
    }
    const decoded = decodeSensorLine(bytes.toString('utf8'), this.cfg);
    if (decoded === null) {
      this.tracker.count('malformed_line');
      this.rateLog.warn('malformed_line', `line is not ${this.cfg.format}`, { line: preview(bytes) });
      return;
    }
    for (const p of decoded.problems) this.tracker.count(p);
    if (decoded.values.length === 0) return;
    this.tracker.data(now);
    const ts = decoded.deviceTs ?? now;
    const timeSource = decoded.deviceTs !== undefined ? 'device' : 'agent';
    try {
      for (const v of decoded.values)
        this.derive.measurement({ kind: 'measurement', ts, timeSource, source: this.id, ...v });
    } catch (err) {
      this.tracker.count('internal');
      this.rateLog.warn('internal', 'sensor reading handling failed', { error: (err as Error).message });
    }
  }
}
