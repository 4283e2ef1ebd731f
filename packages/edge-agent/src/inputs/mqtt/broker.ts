import type net from 'node:net';
import { Aedes } from 'aedes';
import type { MqttBrokerConfig } from '../../config/inputs.js';
import { HealthTracker } from '../common/health.js';
import { RateLimitedLog } from '../common/rate-log.js';
import type { Input, InputContext } from '../types.js';
import { BrokerAccess } from './broker-access.js';
import { BrokerListener } from './broker-listener.js';
import { DurablePublish } from './durable-publish.js';
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
  private readonly publishPath: DurablePublish;

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
    this.publishPath = new DurablePublish({
      handle: (topic, payload) => this.router.handle(topic, payload, this.ctx.now()),
      ...(ctx.committed ? { committed: ctx.committed } : {}),
      onLost: (client, err) => {
        this.tracker.count('not_committed');
        this.rateLog.warn('not_committed', 'MQTT publish not acknowledged: its readings were not committed', {
          clientId: client.id,
          error: err.message,
        });
      },
    });
  }

  /** The address actually bound (port 0 in the config picks a free one). */
  address(): net.AddressInfo | null {
    return this.listener.address();
  }

  async start(): Promise<void> {
    const broker = await Aedes.createBroker({
      authenticate: this.access.authenticate,
      // Readings are handled at the end of authorizePublish (QoS 1) or in published (QoS 0, 2),
      // and a QoS 1/2 publish is acknowledged only once they are committed (durable-publish.ts).
      authorizePublish: this.publishPath.authorize(this.access.authorizePublish),
      published: this.publishPath.published,
      authorizeSubscribe: this.access.authorizeSubscribe,
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
