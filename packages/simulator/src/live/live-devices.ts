import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  LIVE_SOURCES,
  meterInput,
  mqttInput,
  SENSOR_TOPIC,
  SHELLY_PREFIX,
  scannerInput,
  sensorInput,
  simulatedScannerInput,
} from './agent-inputs.js';
import { LiveBroker } from './broker.js';
import { sensorLine, VirtualLineSensor } from './line-sensor.js';
import { type Line, type LiveCounts, msg } from './messages.js';
import { type Lang, type LiveDevicesOptions, resolveLiveOptions } from './options.js';
import { METER_UNIT, ModbusPowerMeter } from './power-meter.js';
import { SocatPtyPair, socatOnPath } from './pty.js';
import { PtyWriter } from './pty-writer.js';
import { VirtualScanner } from './scanner.js';
import { MqttSensorLink } from './sensor-mqtt.js';
import { VirtualShellyPlug } from './shelly-plug.js';

/** Where the live devices can be reached, for checks and for people. */
export interface LiveEndpoints {
  modbus: { host: string; port: number };
  mqttUrl: string;
  /** The serial ports the agent opens (socat mode only). */
  scannerPort: string | null;
  sensorPort: string | null;
  /** Pids of the socat processes (socat mode only). */
  socatPids: number[];
}

/** Running live devices. */
export interface LiveDevices {
  /** `socat`: scanner and sensor on pseudo-terminals; `fallback`: without them (see describe()). */
  readonly mode: 'socat' | 'fallback';
  /** The agent config's `inputs:` entries that read these devices (plain objects, YAML-ready). */
  readonly agentInputs: Record<string, unknown>[];
  readonly endpoints: LiveEndpoints;
  /** One line per device: which real interface (or which fallback) it runs on. */
  describe(lang?: Lang): string[];
  /** What the devices sent so far. */
  counts(): LiveCounts;
  /** Counts as a line, for progress output. */
  progress(lang?: Lang): string;
  /** Stops every device, server and socat process and removes the temp folder; idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts virtual devices on the real interfaces the edge agent reads: a barcode scanner and a
 * line sensor on socat pseudo-terminals (or their fallback), a power meter as a Modbus TCP
 * server, and a Shelly Gen2 plug publishing to an MQTT broker started here.
 */
export async function startLiveDevices(options: LiveDevicesOptions = {}): Promise<LiveDevices> {
  const o = resolveLiveOptions(options);
  const socat = o.serial === 'fallback' ? null : socatOnPath();
  if (o.serial === 'socat' && !socat) {
    throw new Error(
      'socat이 PATH에 없습니다 (sudo apt-get install socat) / socat is not on PATH (sudo apt-get install socat)',
    );
  }
  const stops: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    const errors: unknown[] = [];
    for (const s of stops.splice(0).reverse()) {
      try {
        await s();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'live devices did not all stop cleanly');
  };
  try {
    const broker = new LiveBroker({ host: o.host, port: o.mqttPort });
    stops.push(() => broker.stop());
    await broker.start();
    const meter = new ModbusPowerMeter({
      host: o.host,
      port: o.modbusPort,
      schedule: o.meterSchedule,
      seed: o.seed,
      now: o.now,
    });
    stops.push(() => meter.stop());
    await meter.start();

    const lines: Line[] = [];
    const inputs: Record<string, unknown>[] = [];
    const pairs: SocatPtyPair[] = [];
    let scanner: VirtualScanner | null = null;
    let sensor: VirtualLineSensor;
    if (socat) {
      const dir = o.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'gongbang-live-')));
      if (o.dir) mkdirSync(o.dir, { recursive: true });
      else stops.push(() => rm(dir, { recursive: true, force: true }));
      const link = async (name: string) => {
        const pair = new SocatPtyPair(socat, dir, name);
        stops.push(() => pair.stop());
        await pair.start();
        pairs.push(pair);
        const writer = new PtyWriter(pair.devicePath);
        await writer.open();
        stops.push(() => writer.close());
        return { pair, writer };
      };
      const scan = await link('scanner');
      const line = await link('sensor');
      scanner = new VirtualScanner({ intervalMs: o.scanIntervalMs, piecesPerJob: o.piecesPerJob }, (f) =>
        scan.writer.write(f.bytes),
      );
      sensor = new VirtualLineSensor({ intervalMs: o.sensorIntervalMs, seed: o.seed + 1, now: o.now }, (s) =>
        line.writer.write(sensorLine(s)),
      );
      inputs.push(scannerInput(scan.pair.agentPath), sensorInput(line.pair.agentPath));
      lines.push(
        msg.scannerPty(LIVE_SOURCES.scanner, scan.pair.agentPath, o.scanIntervalMs),
        msg.sensorPty(LIVE_SOURCES.sensor, line.pair.agentPath, o.sensorIntervalMs),
      );
    } else {
      const link = new MqttSensorLink({ url: broker.url, topic: SENSOR_TOPIC, clientId: LIVE_SOURCES.sensor });
      stops.push(() => link.stop());
      link.start();
      sensor = new VirtualLineSensor({ intervalMs: o.sensorIntervalMs, seed: o.seed + 1, now: o.now }, (s) =>
        link.send(s),
      );
      inputs.push(simulatedScannerInput(o.scanIntervalMs, o.seed));
      lines.push(
        msg.fallbackWhy(o.serial === 'fallback'),
        msg.scannerFallback(LIVE_SOURCES.scanner),
        msg.sensorFallback(LIVE_SOURCES.sensor, broker.url, SENSOR_TOPIC, o.sensorIntervalMs),
      );
    }
    inputs.push(meterInput(o.host, meter.port, o.meterPollMs), mqttInput(broker.url, o.shellyIntervalMs, !socat));
    lines.push(
      msg.meter(LIVE_SOURCES.meter, o.host, meter.port, METER_UNIT, o.meterSchedule),
      msg.plug(LIVE_SOURCES.plug, broker.url, SHELLY_PREFIX, o.shellySchedule),
    );

    const plug = new VirtualShellyPlug({
      url: broker.url,
      prefix: SHELLY_PREFIX,
      intervalMs: o.shellyIntervalMs,
      schedule: o.shellySchedule,
      seed: o.seed + 2,
      now: o.now,
    });
    stops.push(() => plug.stop());
    await plug.start();
    stops.push(() => sensor.stop());
    sensor.start();
    if (scanner) {
      const s = scanner;
      stops.push(() => s.stop());
      s.start();
    }

    const counts = (): LiveCounts => ({
      scans: scanner?.sent ?? 0,
      sensorSamples: sensor.sent,
      meterRequests: meter.requests,
      shellyMessages: plug.sent,
    });
    return {
      mode: socat ? 'socat' : 'fallback',
      agentInputs: inputs,
      endpoints: {
        modbus: { host: o.host, port: meter.port },
        mqttUrl: broker.url,
        scannerPort: pairs[0]?.agentPath ?? null,
        sensorPort: pairs[1]?.agentPath ?? null,
        socatPids: pairs.map((p) => p.pid).filter((p): p is number => p !== null),
      },
      describe: (lang = o.lang) => lines.map((l) => l[lang]),
      counts,
      progress: (lang = o.lang) => msg.counts(counts())[lang],
      stop: stopAll,
    };
  } catch (err) {
    await stopAll().catch(() => {});
    throw err;
  }
}
