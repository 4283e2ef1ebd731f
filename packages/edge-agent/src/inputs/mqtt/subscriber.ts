import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { Backoff } from '../../backoff/index.js';
import type { MqttSubscribeConfig } from '../../config/inputs.js';
import { HealthTracker } from '../common/health.js';
import { RateLimitedLog } from '../common/rate-log.js';
import type { Input, InputContext } from '../types.js';
import { SubscriberAcks } from './subscriber-acks.js';
import { TopicRouter } from './topic-router.js';

const TICK_MS = 1000;

/** Subscribes to an existing broker (Mosquitto, a cloud broker; TLS optional) and maps its topics to readings. */
export class MqttSubscribeInput implements Input {
  readonly id: string;
  readonly type = 'mqtt-subscribe';
  private readonly tracker: HealthTracker;
  private readonly rateLog: RateLimitedLog;
  private readonly router: TopicRouter;
  private readonly backoff: Backoff;
  private client: MqttClient | null = null;
  private tick: NodeJS.Timeout | null = null;

  constructor(
    private readonly cfg: MqttSubscribeConfig,
    private readonly ctx: InputContext,
  ) {
    this.id = cfg.id;
    this.tracker = new HealthTracker(cfg.id);
    this.rateLog = new RateLimitedLog(ctx.logger, cfg.logIntervalMs, ctx.now);
    this.router = new TopicRouter(cfg.id, cfg.topics, ctx.sink, this.tracker, this.rateLog, ctx.state);
    this.backoff = new Backoff(cfg.reconnect);
  }

  async start(): Promise<void> {
    const c = this.cfg;
    const acks = new SubscriberAcks(
      (topic, payload) => this.router.handle(topic, payload, this.ctx.now()),
      this.ctx.committed,
    );
    const opts: IClientOptions = {
      username: c.username,
      password: c.password,
      clientId: c.clientId,
      protocolVersion: c.protocolVersion,
      reconnectPeriod: c.reconnect.minMs,
      connectTimeout: 10_000,
      // With its own client id the agent keeps a session at the broker, which then holds the
      // messages the agent has not acknowledged (not yet committed) across a restart.
      clean: c.clientId === undefined,
    };
    if (c.tls) {
      opts.rejectUnauthorized = c.tls.rejectUnauthorized;
      if (c.tls.caFile) opts.ca = readFileSync(c.tls.caFile);
      if (c.tls.certFile) opts.cert = readFileSync(c.tls.certFile);
      if (c.tls.keyFile) opts.key = readFileSync(c.tls.keyFile);
    }
    const client = mqtt.connect(c.url, opts);
    client.handleMessage = acks.handleMessage;
    // Set on the client, not in the connect options: mqtt.js honours the option only for MQTT 5
    // (client.js) but calls it for every QoS 2 publish (handlers/publish.js).
    client.options.customHandleAcks = acks.customHandleAcks;
    this.client = client;
    client.on('connect', () => {
      this.tracker.connected = true;
      this.backoff.reset();
      client.options.reconnectPeriod = c.reconnect.minMs;
      this.ctx.logger.info({ url: redact(c.url) }, 'MQTT subscriber connected');
      const subs = this.router.subscriptions();
      client.subscribe(Object.fromEntries(subs.map((s) => [s.filter, { qos: s.qos }])), (err, granted) => {
        if (err) this.rateLog.warn('subscribe_failed', 'MQTT subscribe failed', { error: err.message });
        for (const g of granted ?? []) if (g.qos === 128) this.tracker.count('subscribe_denied');
      });
    });
    client.on('message', acks.onMessage);
    // Prepended: mqtt.js schedules the reconnect in its own 'close' listener, with the period set here.
    client.prependListener('close', () => {
      // Losing the broker means no data, not "off"; stopping the agent is neither.
      if (this.tracker.connected && this.client === client) this.router.offline(this.ctx.now());
      this.tracker.connected = false;
      // mqtt.js reconnects after options.reconnectPeriod: stretch it, doubling to maxMs.
      client.options.reconnectPeriod = this.backoff.next();
    });
    client.on('error', (err) => {
      this.tracker.count('connection_error');
      this.rateLog.warn('connection_error', 'MQTT connection error', { error: err.message });
    });
    this.tick = setInterval(() => this.router.tick(this.ctx.now()), TICK_MS);
  }

  async stop(): Promise<void> {
    if (this.tick) clearInterval(this.tick);
    this.tick = null;
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync(true);
    this.tracker.connected = false;
  }

  health(): ReturnType<Input['health']> {
    return this.tracker.snapshot();
  }
}

/** The URL without credentials, for logs. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = u.password = '';
    return u.toString();
  } catch {
    return '(invalid url)';
  }
}
