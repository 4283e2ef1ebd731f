import { seededRandom } from './pattern.js';

/** One sample of the line sensor. */
export interface SensorSample {
  /** Air temperature, °C. */
  temp: number;
  /** Relative humidity, %. */
  hum: number;
}

/** The sample `elapsedMs` into the run: a slow daily-like swing plus seeded noise. Pure given `random`. */
export function sensorSample(elapsedMs: number, random: () => number): SensorSample {
  const swing = Math.sin((2 * Math.PI * elapsedMs) / 600_000);
  return {
    temp: Math.round((21.5 + 1.5 * swing + (random() - 0.5) * 0.4) * 10) / 10,
    hum: Math.round((42 - 4 * swing + (random() - 0.5) * 2) * 10) / 10,
  };
}

/** The line an ESP32-style sensor prints: `temp=21.5 hum=40.2`, LF-terminated. */
export function sensorLine(s: SensorSample): Buffer {
  return Buffer.from(`temp=${s.temp} hum=${s.hum}\n`);
}

/** A microcontroller printing one sample per interval. */
export class VirtualLineSensor {
  private timer: NodeJS.Timeout | null = null;
  private readonly random: () => number;
  private t0 = 0;
  /** Samples sent so far. */
  sent = 0;

  constructor(
    private readonly opts: { intervalMs: number; seed: number; now: () => number },
    private readonly send: (sample: SensorSample) => void,
  ) {
    this.random = seededRandom(opts.seed);
  }

  start(): void {
    this.t0 = this.opts.now();
    this.tick();
    this.timer = setInterval(() => this.tick(), this.opts.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    this.send(sensorSample(this.opts.now() - this.t0, this.random));
    this.sent++;
  }
}
