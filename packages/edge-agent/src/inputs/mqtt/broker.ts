import type net from 'node:net';
import { Aedes } from 'aedes';
import type { MqttBrokerConfig } from '../../config/inputs.js';
import { HealthTracker } from '../common/health.js';
import { RateLimitedLog } from '../common/rate-log.js';
import type { Input, InputContext } from '../types.js';
import { BrokerAccess } from './broker-access.js';
import { BrokerListener } from './broker-listener.js';
import { TopicRouter } from './topic-router.js';

const TICK_MS = 1000;

/**
 * An MQTT broker (aedes, MQTT 3.1.1, plain TCP or TLS) on the mini PC for shop-floor devices.
 * Each device logs in with its own username and password, keeps its client id to itself and may
 * publish and subscribe only to its own topics (broker-access.ts).
 * Everything devices publish runs through the topic maps into readings.
 */
export class MqttBrokerInput implements Input {
  readonly id: string;
  readonly type = 'mqtt-broker';
  private readonly tracker: HealthTracker;
  private readonly rateLog: RateLimitedLog;
  private readonly router: TopicRouter;
  private readonly access: BrokerAccess;
  private readonly listener: BrokerListener;
  private broker: Aedes | null = null;
  private tick: NodeJS.Timeout | null = null;

  constructor(
    cfg: MqttBrokerConfig,
    private readonly ctx: InputContext,
  ) {
    this.id = cfg.id;
    this.tracker = new HealthTracker(cfg.id);
    this.rateLog = new RateLimitedLog(ctx.logger, cfg.logIntervalMs, ctx.now);
    this.router = new TopicRouter(cfg.id, cfg.topics, ctx.sink, this.tracker, this.rateLog, ctx.state);
    this.access = new BrokerAccess(cfg.devices, this.tracker, this.rateLog);
    this.listener = new BrokerListener(cfg, (err) => {
      this.tracker.count('tls_error');
      this.rateLog.warn('tls_error', 'MQTT TLS handshake failed', { error: err.message });
    });
  }

  /** The address actually bound (port 0 in the config picks a free one). */
  address(): net.AddressInfo | null {
    return this.listener.address();
  }

  async start(): Promise<void> {
    const broker = await Aedes.createBroker({
      authenticate: this.access.authenticate,
      authorizePublish: this.access.authorizePublish,
      authorizeSubscribe: this.access.authorizeSubscribe,
    });
    broker.on('publish', (packet, client) => {
      if (!client) return;
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      this.router.handle(packet.topic, payload, this.ctx.now());
    });
    broker.on('clientError', (_client, err) =>
      this.tracker.count(err.message.includes('protocol') ? 'protocol_error' : 'client_error'),
    );
    try {
      await this.listener.listen((socket) => broker.handle(socket));
    } catch (err) {
      await new Promise<void>((r) => broker.close(() => r()));
      throw err;
    }
    this.listener.onError((err) => this.ctx.logger.error({ err }, 'MQTT broker server error'));
    this.broker = broker;
    this.tracker.connected = true;
    this.tick = setInterval(() => this.router.tick(this.ctx.now()), TICK_MS);
    this.ctx.logger.info({ address: this.address() }, 'embedded MQTT broker listening');
  }

  async stop(): Promise<void> {
    if (this.tick) clearInterval(this.tick);
    this.tick = null;
    const broker = this.broker;
    this.broker = null;
    await this.listener.close();
    if (broker) await new Promise<void>((r) => broker.close(() => r()));
    this.tracker.connected = false;
  }

  health(): ReturnType<Input['health']> {
    return this.tracker.snapshot();
  }
}
