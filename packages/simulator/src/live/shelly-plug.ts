import mqtt, { type MqttClient } from 'mqtt';
import { jitter, type MachinePhase, type PhaseStep, phaseAt, seededRandom } from './pattern.js';

/** Power a sewing machine's servo motor draws through the plug in each phase, W, before noise. */
const POWER_W: Record<MachinePhase, number> = { running: 95, idle: 4.5, off: 0 };

/**
 * The `switch:0` status a Shelly Gen2 plug publishes on `<prefix>/status/switch:0`
 * (Shelly Gen2 API, Switch component: output, apower W, voltage V, current A, aenergy Wh, temperature).
 */
export function shellyStatus(phase: MachinePhase, energyWh: number, random: () => number): Record<string, unknown> {
  const output = phase !== 'off';
  const apower = output ? jitter(POWER_W[phase], 0.05, random, 1) : 0;
  const voltage = jitter(220, 0.01, random, 1);
  return {
    id: 0,
    source: 'timer',
    output,
    apower,
    voltage,
    freq: 60,
    current: Math.round((apower / voltage) * 1000) / 1000,
    aenergy: { total: Math.round(energyWh * 1000) / 1000, by_minute: [0, 0, 0], minute_ts: 0 },
    temperature: { tC: jitter(38, 0.03, random, 1), tF: 0 },
  };
}

/** A Shelly Gen2 plug publishing its status and its online flag to an MQTT broker. */
export class VirtualShellyPlug {
  private client: MqttClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly random: () => number;
  private t0 = 0;
  private lastMs = 0;
  private energyWh = 0;
  /** Status messages published. */
  sent = 0;

  constructor(
    private readonly opts: {
      url: string;
      prefix: string;
      intervalMs: number;
      schedule: readonly PhaseStep[];
      seed: number;
      now: () => number;
    },
  ) {
    this.random = seededRandom(opts.seed);
  }

  async start(): Promise<void> {
    const online = `${this.opts.prefix}/online`;
    const client = mqtt.connect(this.opts.url, {
      clientId: this.opts.prefix,
      protocolVersion: 4,
      reconnectPeriod: 1_000,
      will: { topic: online, payload: Buffer.from('false'), qos: 1, retain: true },
    });
    this.client = client;
    client.on('error', () => {}); // reconnects by itself
    client.on('connect', () => {
      client.publish(online, 'true', { qos: 1, retain: true });
    });
    this.t0 = this.lastMs = this.opts.now();
    this.timer = setInterval(() => this.publish(), this.opts.intervalMs);
    this.publish();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (client.connected)
      await client.publishAsync(`${this.opts.prefix}/online`, 'false', { qos: 1, retain: true }).catch(() => {});
    await client.endAsync(true);
  }

  private publish(): void {
    const client = this.client;
    if (!client?.connected) return; // a plug without its broker has nobody to tell
    const now = this.opts.now();
    const phase = phaseAt(this.opts.schedule, now - this.t0);
    const status = shellyStatus(phase, this.energyWh, this.random);
    this.energyWh += ((status.apower as number) * Math.max(0, now - this.lastMs)) / 3_600_000;
    this.lastMs = now;
    client.publish(`${this.opts.prefix}/status/switch:0`, JSON.stringify(status), { qos: 1 });
    this.sent++;
  }
}
