import type { PhaseStep } from './pattern.js';

/** Language of the text the live devices show people. */
export type Lang = 'ko' | 'en';

/**
 * How the scanner and the line sensor reach the agent. `auto`: socat pseudo-terminals when
 * `socat` is on PATH, else the fallback. `socat`: pseudo-terminals or an error. `fallback`:
 * never a pseudo-terminal (the scanner becomes the agent's `simulated` input, the sensor
 * publishes its values over MQTT).
 */
export type SerialMode = 'auto' | 'socat' | 'fallback';

/** Options of {@link startLiveDevices}; every field has a default fit for the demo. */
export interface LiveDevicesOptions {
  /** Folder for the pseudo-terminal links (created if absent). Default: a new temp folder, removed on stop. */
  dir?: string;
  /** Default `auto`. */
  serial?: SerialMode;
  /** Address the Modbus TCP server and the MQTT broker bind. Default 127.0.0.1. */
  host?: string;
  /** Modbus TCP port. Default 0 (any free port). */
  modbusPort?: number;
  /** MQTT broker port. Default 0 (any free port). */
  mqttPort?: number;
  /** Seed of every random variation (values, noise). Default 1. */
  seed?: number;
  /** Time between two scans, ms. Default 4000. */
  scanIntervalMs?: number;
  /** Piece labels scanned per job. Default 3. */
  piecesPerJob?: number;
  /** Time between two sensor lines, ms. Default 2000. */
  sensorIntervalMs?: number;
  /** How often the agent polls the power meter, ms. Default 1000. */
  meterPollMs?: number;
  /** Time between two Shelly status messages, ms. Default 2000. */
  shellyIntervalMs?: number;
  /** The power meter's machine: running, idle and off phases. Default 40 s running, 20 s idle, 20 s off. */
  meterSchedule?: readonly PhaseStep[];
  /** The Shelly plug's machine. Default 30 s running, 15 s idle, 15 s off. */
  shellySchedule?: readonly PhaseStep[];
  /** Language of `describe()`. Default ko. */
  lang?: Lang;
  /** Clock, UTC ms. Default Date.now. */
  now?: () => number;
}

/** The options with their defaults, frozen. */
export type ResolvedLiveOptions = Readonly<Required<Omit<LiveDevicesOptions, 'dir'>> & { dir: string | undefined }>;

export function resolveLiveOptions(o: LiveDevicesOptions): ResolvedLiveOptions {
  const r: ResolvedLiveOptions = {
    dir: o.dir,
    serial: o.serial ?? 'auto',
    host: o.host ?? '127.0.0.1',
    modbusPort: o.modbusPort ?? 0,
    mqttPort: o.mqttPort ?? 0,
    seed: o.seed ?? 1,
    scanIntervalMs: o.scanIntervalMs ?? 4_000,
    piecesPerJob: o.piecesPerJob ?? 3,
    sensorIntervalMs: o.sensorIntervalMs ?? 2_000,
    meterPollMs: o.meterPollMs ?? 1_000,
    shellyIntervalMs: o.shellyIntervalMs ?? 2_000,
    meterSchedule: o.meterSchedule ?? [
      { phase: 'running', durationMs: 40_000 },
      { phase: 'idle', durationMs: 20_000 },
      { phase: 'off', durationMs: 20_000 },
    ],
    shellySchedule: o.shellySchedule ?? [
      { phase: 'running', durationMs: 30_000 },
      { phase: 'idle', durationMs: 15_000 },
      { phase: 'off', durationMs: 15_000 },
    ],
    lang: o.lang ?? 'ko',
    now: o.now ?? Date.now,
  };
  if (!['auto', 'socat', 'fallback'].includes(r.serial))
    throw new Error(`serial must be auto, socat or fallback, got ${JSON.stringify(r.serial)}`);
  if (!['ko', 'en'].includes(r.lang)) throw new Error(`lang must be ko or en, got ${JSON.stringify(r.lang)}`);
  for (const key of ['scanIntervalMs', 'sensorIntervalMs', 'shellyIntervalMs'] as const) {
    if (!(Number.isFinite(r[key]) && r[key] >= 10)) throw new Error(`${key} must be at least 10 ms, got ${r[key]}`);
  }
  if (!(Number.isInteger(r.meterPollMs) && r.meterPollMs >= 50))
    throw new Error(`meterPollMs must be an integer ≥ 50, got ${r.meterPollMs}`);
  if (!(Number.isInteger(r.piecesPerJob) && r.piecesPerJob >= 1))
    throw new Error(`piecesPerJob must be an integer ≥ 1, got ${r.piecesPerJob}`);
  for (const key of ['modbusPort', 'mqttPort'] as const) {
    if (!(Number.isInteger(r[key]) && r[key] >= 0 && r[key] <= 65_535))
      throw new Error(`${key} must be a port 0–65535, got ${r[key]}`);
  }
  return Object.freeze(r);
}
