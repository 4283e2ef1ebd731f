import { jobScans, type ScanFrame } from './scan-script.js';

/** A barcode scanner in USB-CDC mode with AIM identifiers on, going through its jobs one scan per interval. */
export class VirtualScanner {
  private timer: NodeJS.Timeout | null = null;
  private job = 0;
  private queue: ScanFrame[] = [];
  /** Scans sent so far. */
  sent = 0;

  constructor(
    private readonly opts: { intervalMs: number; piecesPerJob: number },
    private readonly send: (frame: ScanFrame) => void,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.opts.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    if (this.queue.length === 0) this.queue = jobScans(this.job++, this.opts.piecesPerJob);
    this.send(this.queue.shift()!);
    this.sent++;
  }
}
