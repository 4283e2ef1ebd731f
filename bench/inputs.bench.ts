// The input side on one core: scans/s through framing + decode (AIM, encodings, GS1) + scan rules
// + scan cycle times, and MQTT messages/s through the topic router (payload maps, Shelly merge,
// derived machine states and counts). Each is compared with a baseline measured in the same run
// that does only the unavoidable part (split + UTF-8 decode for scans, JSON.parse for MQTT).
import { pino } from 'pino';
import {
  InputConfigSchema,
  type MqttBrokerConfig,
  type SerialScannerConfig,
} from '../packages/edge-agent/src/config/inputs.js';
import { Framer, lineEndsFor } from '../packages/edge-agent/src/decode/framing.js';
import { decodeScan } from '../packages/edge-agent/src/decode/scan.js';
import { applyRules, compileRules } from '../packages/edge-agent/src/decode/scan-rules.js';
import { type ScanCycleMemory, scanCycleStep } from '../packages/edge-agent/src/derive/cycle-time.js';
import { HealthTracker } from '../packages/edge-agent/src/inputs/common/health.js';
import { RateLimitedLog } from '../packages/edge-agent/src/inputs/common/rate-log.js';
import { TopicRouter } from '../packages/edge-agent/src/inputs/mqtt/topic-router.js';
import { median } from './stats.js';

const RUNS = 7;
const SCANS = 50_000;
const MESSAGES = 50_000;
const iconv = (await import('iconv-lite')).default;

const scanner = InputConfigSchema.parse({
  id: 'scanner-1',
  type: 'serial-scanner',
  port: '/dev/null',
  rules: [
    { id: 'badge', meaning: 'badge', regex: '^EMP-(?<worker>\\d{4})$' },
    { id: 'start', meaning: 'work_order', regex: '^S:(?<order>WO-\\d+)$' },
    { id: 'finish', meaning: 'work_order', regex: '^F:(?<order>WO-\\d+)$' },
    { id: 'defect', meaning: 'defect', regex: '^불량:(?<code>.+)$' },
    { id: 'product', meaning: 'product', gs1: true },
  ],
  cycleTime: { startRules: ['start'], finishRules: ['finish'], key: 'order' },
}) as SerialScannerConfig;

/** A realistic mix: GS1-128, GS1 DataMatrix, EAN-13, badges, orders, QR in UTF-8 and CP949. */
function scanStream(n: number): Buffer {
  const kinds = [
    (i: number) => Buffer.from(`]C1010880123456789310LOT${i % 100}\r`),
    (i: number) => Buffer.from(`]d201088012345678931726123110B${i % 50}\x1d21SN${i}\r`),
    () => Buffer.from(']E08801234567893\r'),
    (i: number) => Buffer.from(`]C0EMP-${String(i % 10000).padStart(4, '0')}\r`),
    (i: number) => Buffer.from(`]C0S:WO-${i}\r`),
    (i: number) => Buffer.from(`]C0F:WO-${i - 1}\r`),
    () => Buffer.from(']Q1불량:실밥\r'),
    () => Buffer.concat([Buffer.from(']Q1'), iconv.encode('불량:기포', 'cp949'), Buffer.from('\r')]),
  ];
  return Buffer.concat(Array.from({ length: n }, (_, i) => kinds[i % kinds.length]!(i)));
}

function scansPerSecond(stream: Buffer): number {
  const framer = new Framer({ lineEnds: lineEndsFor('CR'), terminatorInside: false, maxFrameBytes: 4096 });
  const rules = compileRules(scanner.rules);
  let cycles: ScanCycleMemory = new Map();
  let n = 0;
  const t0 = process.hrtime.bigint();
  for (let off = 0; off < stream.length; off += 4096) {
    for (const f of framer.push(stream.subarray(off, off + 4096))) {
      const scan = decodeScan(f.bytes.subarray(0, f.bytes.length - f.terminatorLength), scanner, f.truncated);
      const match = applyRules(scan, rules);
      cycles = scanCycleStep(cycles, { ts: n, ...match }, scanner.cycleTime!).mem;
      n++;
    }
  }
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

function baselineScansPerSecond(stream: Buffer): number {
  let n = 0;
  const t0 = process.hrtime.bigint();
  let from = 0;
  for (;;) {
    const at = stream.indexOf(13, from);
    if (at < 0) break;
    if (stream.subarray(from, at).toString('utf8').length >= 0) n++;
    from = at + 1;
  }
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

const brokerCfg = InputConfigSchema.parse({
  id: 'shop-mqtt',
  type: 'mqtt-broker',
  devices: [{ username: 'x', password: 'y' }],
  topics: [
    {
      topic: 'shelly/{plug}',
      source: 'plug-{plug}',
      payload: { format: 'shelly-gen2' },
      derive: [{ kind: 'machine-state', channel: 'power_w', offBelow: 2, runningAbove: 50, hysteresis: 5 }],
    },
    {
      topic: 'devices/{dev}/json',
      payload: {
        format: 'json',
        channels: [
          { channel: 'current_a', key: 'i', unit: 'A' },
          { channel: 'counter', key: 'n', unit: '1' },
        ],
      },
      derive: [
        { kind: 'machine-state', channel: 'current_a', offBelow: 0.05, runningAbove: 0.6 },
        { kind: 'count', channel: 'counter', rolloverAt: 65536, cycleTimeChannel: 'cycle_s' },
      ],
    },
  ],
}) as MqttBrokerConfig;

function messages(n: number): [string, Buffer][] {
  return Array.from({ length: n }, (_, i) => {
    const plug = `p${i % 20}`;
    if (i % 4 === 0)
      return [
        `shelly/${plug}/status/switch:0`,
        Buffer.from(
          JSON.stringify({
            id: 0,
            output: true,
            apower: (i % 300) + 0.5,
            voltage: 230.1,
            current: 1.2,
            aenergy: { total: i },
          }),
        ),
      ];
    if (i % 4 === 1)
      return [
        `shelly/${plug}/events/rpc`,
        Buffer.from(
          JSON.stringify({ method: 'NotifyStatus', params: { ts: 1764000000 + i, 'switch:0': { apower: i % 100 } } }),
        ),
      ];
    return [`devices/d${i % 10}/json`, Buffer.from(`{"i":${(i % 7) / 5},"n":${i % 65536}}`)];
  });
}

function messagesPerSecond(msgs: [string, Buffer][]): number {
  let emitted = 0;
  const tracker = new HealthTracker('shop-mqtt');
  const log = new RateLimitedLog(pino({ level: 'silent' }), 60_000, Date.now);
  const router = new TopicRouter('shop-mqtt', brokerCfg.topics, () => void emitted++, tracker, log);
  const now = Date.now();
  const t0 = process.hrtime.bigint();
  for (const [topic, payload] of msgs) router.handle(topic, payload, now);
  if (emitted === 0) throw new Error('the router emitted nothing');
  return msgs.length / (Number(process.hrtime.bigint() - t0) / 1e9);
}

function baselineMessagesPerSecond(msgs: [string, Buffer][]): number {
  let keys = 0;
  const t0 = process.hrtime.bigint();
  for (const [, payload] of msgs) keys += Object.keys(JSON.parse(payload.toString('utf8'))).length;
  if (keys === 0) throw new Error('nothing parsed');
  return msgs.length / (Number(process.hrtime.bigint() - t0) / 1e9);
}

export async function run(log: (msg: string) => void): Promise<Record<string, unknown>> {
  const stream = scanStream(SCANS);
  const msgs = messages(MESSAGES);
  scansPerSecond(stream); // warm-up (JIT)
  messagesPerSecond(msgs);
  const scan: number[] = [];
  const scanBase: number[] = [];
  const mqtt: number[] = [];
  const mqttBase: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    scanBase.push(baselineScansPerSecond(stream));
    scan.push(scansPerSecond(stream));
    mqttBase.push(baselineMessagesPerSecond(msgs));
    mqtt.push(messagesPerSecond(msgs));
  }
  const r = (x: number) => Math.round(x);
  const result = {
    runs: RUNS,
    scansPerRun: SCANS,
    scansPerS: r(median(scan)),
    scanBaselineSplitUtf8PerS: r(median(scanBase)),
    scanRatioToBaseline: Number((median(scan) / median(scanBase)).toFixed(4)),
    mqttMessagesPerRun: MESSAGES,
    mqttMessagesPerS: r(median(mqtt)),
    mqttBaselineJsonParsePerS: r(median(mqttBase)),
    mqttRatioToBaseline: Number((median(mqtt) / median(mqttBase)).toFixed(4)),
    note: 'one core, in process: framing+AIM+encodings+GS1+rules+cycle times; MQTT: topic map+payload map+Shelly merge+derive',
  };
  log(
    `scans/s ${result.scansPerS} (baseline ${result.scanBaselineSplitUtf8PerS}, ratio ${result.scanRatioToBaseline})`,
  );
  log(
    `MQTT msgs/s ${result.mqttMessagesPerS} (baseline ${result.mqttBaselineJsonParsePerS}, ratio ${result.mqttRatioToBaseline})`,
  );
  return result;
}
