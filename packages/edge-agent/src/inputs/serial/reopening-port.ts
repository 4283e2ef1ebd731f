import { existsSync, realpathSync } from 'node:fs';
import type { Logger } from 'pino';
import { SerialPort } from 'serialport';
import { Backoff } from '../../backoff/index.js';
import type { BackoffConfig, Parity } from '../../config/inputs.js';
import { type PortReason, portReasonOf } from './port-reason.js';

/** Line settings of a serial port. */
export interface SerialLineOptions {
  port: string;
  baudRate: number;
  parity: Parity;
  dataBits: 5 | 6 | 7 | 8;
  stopBits: 1 | 1.5 | 2;
  reconnect: BackoffConfig;
}

export interface PortEvents {
  onData: (chunk: Buffer) => void;
  onOpen: () => void;
  /** The port closed or vanished; `kind` is counted as an error. */
  onDown: (kind: 'disconnected' | 'port_error') => void;
  /** Opening failed; `reason` says why in words the status can show (port-reason.ts). */
  onOpenFailed: (err: Error, reason: PortReason) => void;
  /** The path does not exist (device unplugged or never plugged in); called on every poll. */
  onAbsent?: () => void;
}

/** How often an open port's path is checked, ms: a USB unplug removes it. */
const WATCH_MS = 500;
/** Poll interval while the path does not exist, ms. */
const ABSENT_POLL_MS = 500;

/**
 * A serial port that keeps itself open: absent at start, unplugged or failing, it is reopened
 * with backoff, polling the path (a by-id symlink reappears on replug), with no restart.
 */
export class ReopeningPort {
  private port: SerialPort | null = null;
  private timer: NodeJS.Timeout | null = null;
  private watch: NodeJS.Timeout | null = null;
  private openedTarget: string | null = null;
  private stopped = true;
  private readonly backoff: Backoff;

  constructor(
    private readonly opts: SerialLineOptions,
    private readonly events: PortEvents,
    private readonly log: Logger,
  ) {
    this.backoff = new Backoff(opts.reconnect);
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  start(): void {
    this.stopped = false;
    this.tryOpen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.watch) clearInterval(this.watch);
    this.timer = this.watch = null;
    const p = this.port;
    this.port = null;
    if (p?.isOpen) await new Promise<void>((r) => p.close(() => r()));
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tryOpen(), ms);
  }

  private tryOpen(): void {
    this.timer = null;
    if (this.stopped || this.port) return;
    if (!existsSync(this.opts.port)) {
      this.events.onAbsent?.();
      this.schedule(Math.min(ABSENT_POLL_MS, this.opts.reconnect.maxMs));
      return;
    }
    const { port: path, baudRate, parity, dataBits, stopBits } = this.opts;
    const port = new SerialPort({ path, baudRate, parity, dataBits, stopBits, autoOpen: false });
    this.port = port;
    port.open((err) => {
      if (this.stopped || this.port !== port) {
        if (!err) port.close();
        return;
      }
      if (err) {
        this.port = null;
        this.events.onOpenFailed(err, portReasonOf(err));
        this.schedule(this.backoff.next());
        return;
      }
      this.backoff.reset();
      this.openedTarget = safeRealpath(path);
      this.log.info({ port: path }, 'serial port open');
      this.events.onOpen();
      this.watch = setInterval(() => this.checkPath(port), WATCH_MS);
    });
    port.on('data', (chunk: Buffer) => {
      if (this.port === port) this.events.onData(chunk);
    });
    port.on('error', (err) => {
      if (this.port === port) this.down(port, 'port_error', err);
    });
    port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      if (this.port === port) this.down(port, err?.disconnected ? 'disconnected' : 'port_error', err ?? undefined);
    });
  }

  /** The path vanished or now points at another device: the old one was unplugged. */
  private checkPath(port: SerialPort): void {
    if (this.port !== port) return;
    const target = safeRealpath(this.opts.port);
    if (target === null || target !== this.openedTarget) this.down(port, 'disconnected');
  }

  private down(port: SerialPort, kind: 'disconnected' | 'port_error', err?: Error): void {
    if (this.port !== port) return;
    this.port = null;
    if (this.watch) clearInterval(this.watch);
    this.watch = null;
    this.log.warn({ port: this.opts.port, err: err?.message }, 'serial port lost; reopening');
    if (port.isOpen) port.close(() => {});
    this.events.onDown(kind);
    this.schedule(Math.min(ABSENT_POLL_MS, this.backoff.next()));
  }
}

function safeRealpath(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}
