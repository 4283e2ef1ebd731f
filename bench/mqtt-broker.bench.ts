// Delivered QoS 1 messages/s through the agent's embedded broker (aedes with per-device
// logins, topic ACLs and the topic router turning every message into readings) against
// Mosquitto on the same machine, with the same mqtt.js publisher and subscriber, as a ratio.
// Both brokers run as processes of their own, so the clients do not share the broker's core.
import { pathToFileURL } from 'node:url';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { InputConfigSchema, type MqttBrokerConfig } from '../packages/edge-agent/src/config/inputs.js';
import { MqttBrokerInput } from '../packages/edge-agent/src/inputs/mqtt/broker.js';
import { assertAlive, startMosquitto, startProcess, waitFor } from '../tests/harness/index.js';
import { median } from './stats.js';

const RUNS = 3;
const MESSAGES = 10_000;
const WINDOW = 200;
const TOPIC = 'devices/bench/json';

/** Publishes MESSAGES at QoS 1 and resolves with delivered messages/s at a QoS 1 subscriber. */
async function deliveredPerSecond(url: string, auth: { username?: string; password?: string }): Promise<number> {
  const sub = await mqtt.connectAsync(url, { ...auth, clientId: `bench-sub-${process.pid}`, reconnectPeriod: 0 });
  const pub = await mqtt.connectAsync(url, { ...auth, clientId: `bench-pub-${process.pid}`, reconnectPeriod: 0 });
  try {
    let got = 0;
    const all = new Promise<void>((resolve) =>
      sub.on('message', () => {
        if (++got === MESSAGES) resolve();
      }),
    );
    await sub.subscribeAsync('devices/bench/#', { qos: 1 });
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < MESSAGES; i += WINDOW) {
      const batch = [];
      for (let j = i; j < Math.min(MESSAGES, i + WINDOW); j++)
        batch.push(pub.publishAsync(TOPIC, `{"i":${j % 5},"n":${j}}`, { qos: 1 }));
      await Promise.all(batch);
    }
    await all;
    return MESSAGES / (Number(process.hrtime.bigint() - t0) / 1e9);
  } finally {
    await pub.endAsync(true);
    await sub.endAsync(true);
  }
}

const BROKER_CONFIG = {
  id: 'shop-mqtt',
  type: 'mqtt-broker',
  port: 0,
  devices: [{ username: 'bench', password: 'bench-pw' }],
  topics: [
    {
      topic: 'devices/{dev}/json',
      payload: { format: 'json', channels: [{ channel: 'current_a', key: 'i', unit: 'A' }] },
    },
  ],
};

/** Child process: runs the embedded broker, prints its port, and on SIGTERM the number of readings made. */
async function serveEmbedded(): Promise<void> {
  let readings = 0;
  const cfg = InputConfigSchema.parse(BROKER_CONFIG) as MqttBrokerConfig;
  const broker = new MqttBrokerInput(cfg, {
    sink: () => void readings++,
    logger: pino({ level: 'silent' }),
    now: Date.now,
  });
  await broker.start();
  console.log(`PORT ${broker.address()!.port}`);
  process.once('SIGTERM', () => {
    console.log(`READINGS ${readings}`);
    void broker.stop().then(() => process.exit(0));
  });
}

if (process.argv.includes('--serve-embedded') && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await serveEmbedded();
}

export async function run(log: (msg: string) => void): Promise<Record<string, unknown>> {
  const embedded = startProcess(process.execPath, [
    '--import',
    'tsx',
    new URL(import.meta.url).pathname,
    '--serve-embedded',
  ]);
  const emb: number[] = [];
  const mosq: number[] = [];
  let mosquitto: Awaited<ReturnType<typeof startMosquitto>> | null = null;
  try {
    const port = await waitFor(
      'the embedded broker process',
      () => {
        assertAlive(embedded, 'embedded broker');
        return /PORT (\d+)/.exec(embedded.output())?.[1];
      },
      { timeoutMs: 30_000 },
    );
    mosquitto = await startMosquitto();
    const embUrl = `mqtt://127.0.0.1:${port}`;
    const auth = { username: 'bench', password: 'bench-pw' };
    await deliveredPerSecond(embUrl, auth); // warm-up
    await deliveredPerSecond(mosquitto.url, {});
    for (let i = 0; i < RUNS; i++) {
      mosq.push(await deliveredPerSecond(mosquitto.url, {}));
      emb.push(await deliveredPerSecond(embUrl, auth));
    }
  } finally {
    await embedded.stop();
    await mosquitto?.close();
  }
  const readings = Number(/READINGS (\d+)/.exec(embedded.output())?.[1] ?? 0);
  if (readings < MESSAGES * (RUNS + 1))
    throw new Error(`embedded broker made ${readings} readings, expected ≥ ${MESSAGES * (RUNS + 1)}`);
  const result = {
    runs: RUNS,
    messagesPerRun: MESSAGES,
    publishWindow: WINDOW,
    embeddedDeliveredQos1PerS: Math.round(median(emb)),
    mosquittoDeliveredQos1PerS: Math.round(median(mosq)),
    ratioEmbeddedToMosquitto: Number((median(emb) / median(mosq)).toFixed(3)),
    note: 'each broker in its own process; same mqtt.js publisher and QoS 1 subscriber; the embedded broker also authenticates, checks ACLs and turns each message into readings',
  };
  log(
    `embedded ${result.embeddedDeliveredQos1PerS}/s vs Mosquitto ${result.mosquittoDeliveredQos1PerS}/s → ratio ${result.ratioEmbeddedToMosquitto}`,
  );
  return result;
}
