import type { SerialScannerConfig } from '../../config/inputs.js';
import { type Frame, Framer, frameBody, lineEndsFor } from '../../decode/framing.js';
import { decodeScan } from '../../decode/scan.js';
import { applyRules, compileRules } from '../../decode/scan-rules.js';
import { type ScanCycleMemory, scanCycleStep } from '../../derive/cycle-time.js';
import { HealthTracker } from '../common/health.js';
import { preview, RateLimitedLog } from '../common/rate-log.js';
import type { Input, InputContext } from '../types.js';
import { ReopeningPort } from './reopening-port.js';

/** A barcode scanner on a serial or USB-CDC port: frames → decoded scans with meanings. */
export class SerialScannerInput implements Input {
  readonly id: string;
  readonly type = 'serial-scanner';
  private readonly tracker: HealthTracker;
  private readonly port: ReopeningPort;
  private readonly framer: Framer;
  private readonly rules;
  private readonly rateLog: RateLimitedLog;
  private idleTimer: NodeJS.Timeout | null = null;
  private cycles: ScanCycleMemory = new Map();

  constructor(
    private readonly cfg: SerialScannerConfig,
    private readonly ctx: InputContext,
  ) {
    this.id = cfg.id;
    this.tracker = new HealthTracker(cfg.id);
    this.rules = compileRules(cfg.rules);
    this.rateLog = new RateLimitedLog(ctx.logger, 60_000, ctx.now);
    this.framer = new Framer({
      lineEnds: lineEndsFor(cfg.terminator),
      terminatorInside: cfg.terminatorInside,
      maxFrameBytes: cfg.maxFrameBytes,
    });
    this.port = new ReopeningPort(
      cfg,
      {
        onData: (chunk) => this.onData(chunk),
        onOpen: () => {
          this.tracker.connected = true;
          this.tracker.reason = null;
        },
        onDown: (kind) => {
          this.tracker.connected = false;
          this.tracker.reason = kind; // until the next open attempt says more (e.g. port_absent)
          this.tracker.count(kind);
          this.onIdle(); // a scan cut by the unplug is still delivered, flagged by its content
        },
        onAbsent: () => {
          this.tracker.reason = 'port_absent';
          this.rateLog.warn('absent', 'scanner port not present; waiting for it', { port: cfg.port });
        },
        onOpenFailed: (err, reason) => {
          this.tracker.reason = reason;
          this.tracker.count('open_failed');
          this.rateLog.warn('open_failed', 'cannot open scanner port', { error: err.message, reason });
        },
      },
      ctx.logger,
    );
  }

  async start(): Promise<void> {
    this.port.start();
  }

  async stop(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    await this.port.stop();
    this.tracker.connected = false;
  }

  health(): ReturnType<Input['health']> {
    return this.tracker.snapshot();
  }

  private onData(chunk: Buffer): void {
    for (const f of this.framer.push(chunk)) this.onFrame(f);
    // Silence completes a frame without terminator and ends the discarding of an overlong one.
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.onIdle(), this.cfg.interCharTimeoutMs);
  }

  private onIdle(): void {
    this.idleTimer = null;
    for (const f of this.framer.idle()) this.onFrame(f);
  }

  private onFrame(frame: Frame): void {
    const ts = this.ctx.now();
    this.tracker.data(ts);
    try {
      const body = frameBody(frame);
      const scan = decodeScan(body, this.cfg, frame.truncated);
      for (const flag of scan.flags) this.tracker.count(flag === 'truncated' ? 'frame_too_long' : flag);
      if (scan.flags.includes('binary_noise') || scan.flags.includes('truncated')) {
        this.rateLog.warn(scan.flags.join('+'), 'scanner sent a bad frame', { frame: preview(frame.bytes) });
      }
      const match = applyRules(scan, this.rules);
      this.ctx.sink({
        kind: 'scan',
        ts,
        timeSource: 'agent',
        source: this.id,
        ...scan,
        raw: frame.bytes.toString('base64'),
        ...match,
      });
      if (this.cfg.cycleTime) {
        const r = scanCycleStep(this.cycles, { ts, ...match }, this.cfg.cycleTime);
        this.cycles = r.mem;
        if (r.seconds !== null) {
          const channel = this.cfg.cycleTime.channel;
          this.ctx.sink({
            kind: 'measurement',
            ts,
            timeSource: 'agent',
            source: this.id,
            channel,
            value: r.seconds,
            unit: 's',
          });
        }
      }
    } catch (err) {
      // A reading the sink refused or a decoder bug must not take the port down.
      this.tracker.count('internal');
      this.rateLog.warn('internal', 'scan handling failed', { error: (err as Error).message });
    }
  }
}
