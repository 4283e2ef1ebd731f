import { METER_REGISTERS, METER_UNIT, METER_WORD_ORDER } from './power-meter.js';
import { liveScanRules } from './scan-script.js';

/** Source ids of the live devices' readings (the machines registry names them as scanners and machines). */
export const LIVE_SOURCES = Object.freeze({
  scanner: 'live-scanner',
  sensor: 'live-sensor',
  meter: 'live-meter',
  plug: 'live-plug',
});

/** Id of the agent's Modbus TCP input (its device's readings carry the source `live-meter`). */
export const LIVE_MODBUS_INPUT = 'live-modbus';
/** Id of the agent's MQTT subscriber input. */
export const LIVE_MQTT_INPUT = 'live-mqtt';
/** Topic prefix of the Shelly plug (the topic map `shellies/{plug}` gives source `{plug}`). */
export const SHELLY_PREFIX = `shellies/${LIVE_SOURCES.plug}`;
/** Topic the line sensor publishes on when it cannot print to a serial line (the fallback). */
export const SENSOR_TOPIC = `sensors/${LIVE_SOURCES.sensor}/state`;

/** Machine-state thresholds: the meter's machine draws ~1.85 kW running, ~140 W idle; the plug's ~95 W and ~4.5 W. */
export const METER_DERIVE = { kind: 'machine-state', channel: 'power_w', offBelow: 50, runningAbove: 1000 } as const;
export const PLUG_DERIVE = { kind: 'machine-state', channel: 'power_w', offBelow: 2, runningAbove: 40 } as const;

const SENSOR_CHANNELS = [
  { channel: 'temp', unit: 'Cel' },
  { channel: 'hum', unit: '%' },
];

/** A machine state turns `unknown` after this many missed samples. */
const stale = (intervalMs: number) => Math.max(10_000, intervalMs * 5);

export function scannerInput(port: string) {
  return {
    id: LIVE_SOURCES.scanner,
    type: 'serial-scanner',
    port,
    terminator: 'CR',
    aim: true,
    rules: liveScanRules(),
    cycleTime: { startRules: ['order-start'], finishRules: ['order-end'], key: 'order', channel: 'order_cycle_s' },
  };
}

/**
 * The scanner's stand-in without a pseudo-terminal: the agent's `simulated` input, which makes
 * work-order scans (`WO-LIVE-<tick>`, meaning work_order) and piece counts inside the agent.
 * `resume: false`: a live device has no memory of the time the agent was down.
 */
export function simulatedScannerInput(scanIntervalMs: number, seed: number) {
  // One tick per scan interval: faster than 1/s through the rate, slower through `every`.
  const ratePerS = Math.min(1000, Math.max(1, Math.round(1000 / scanIntervalMs)));
  const every = Math.max(1, Math.round((scanIntervalMs * ratePerS) / 1000));
  return {
    id: LIVE_SOURCES.scanner,
    type: 'simulated',
    ratePerS,
    seed,
    resume: false,
    channels: [
      // About one work order per job of the scanner it stands for (badge, order, pieces, …).
      { id: 'orders', kind: 'scan', prefix: 'WO-LIVE-', every: every * 8 },
      { id: 'pieces', kind: 'count', every },
    ],
  };
}

export function sensorInput(port: string) {
  return { id: LIVE_SOURCES.sensor, type: 'serial-sensor', port, format: 'kv', channels: SENSOR_CHANNELS };
}

export function meterInput(host: string, port: number, pollMs: number) {
  const reg = (channel: keyof typeof METER_REGISTERS, unit: string) => ({
    channel,
    table: 'input',
    address: METER_REGISTERS[channel],
    type: 'float32',
    wordOrder: METER_WORD_ORDER,
    unit,
  });
  return {
    id: LIVE_MODBUS_INPUT,
    type: 'modbus-tcp',
    host,
    port,
    timeoutMs: 500,
    retry: { minMs: 500, maxMs: 5_000 },
    devices: [
      {
        unit: METER_UNIT,
        source: LIVE_SOURCES.meter,
        groups: [
          {
            intervalMs: pollMs,
            registers: [reg('current_a', 'A'), reg('power_w', 'W'), reg('energy_kwh', 'kWh')],
          },
        ],
        derive: [{ ...METER_DERIVE, staleAfterMs: stale(pollMs) }],
      },
    ],
  };
}

/** The agent subscribes to the live broker: the Shelly plug, and in the fallback the sensor's JSON. */
export function mqttInput(url: string, shellyIntervalMs: number, sensorOverMqtt: boolean) {
  const topics: unknown[] = [
    {
      topic: 'shellies/{plug}',
      source: '{plug}',
      qos: 1,
      payload: { format: 'shelly-gen2', switch: 0 },
      derive: [{ ...PLUG_DERIVE, staleAfterMs: stale(shellyIntervalMs) }],
    },
  ];
  if (sensorOverMqtt) {
    topics.push({
      topic: SENSOR_TOPIC,
      source: LIVE_SOURCES.sensor,
      qos: 1,
      payload: { format: 'json', channels: SENSOR_CHANNELS },
    });
  }
  return {
    id: LIVE_MQTT_INPUT,
    type: 'mqtt-subscribe',
    url,
    clientId: 'gongbang-agent-live',
    reconnect: { minMs: 500, maxMs: 5_000 },
    topics,
  };
}
