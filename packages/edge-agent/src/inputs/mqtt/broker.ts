import { timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import { Aedes, type Client } from 'aedes';
import type { MqttBrokerConfig } from '../../config/inputs.js';
import { HealthTracker } from '../common/health.js';
import { RateLimitedLog } from '../common/rate-log.js';
import type { Input, InputContext } from '../types.js';
import { DurablePublish } from './durable-publish.js';
import { filterMatches } from './topic-pattern.js';
import { TopicRouter } from './topic-router.js';

const TICK_MS = 1000;

function sameSecret(a: string, b: Buffer | undefined): boolean {
  const x = Buffer.from(a);
  return b !== undefined && x.length === b.length && timingSafeEqual(x, b);
}

/**
 * An MQTT broker (aedes, MQTT 3.1.1) on the mini PC for shop-floor devices. Each device logs
 * in with its own username and password and may publish and subscribe only to its own topics.
 * Everything devices publish runs through the topic maps into readings.
 */
export class MqttBrokerInput implements Input {
  readonly id: string;
  readonly type = 'mqtt-broker';
  private readonly tracker: HealthTracker;
  private readonly rateLog: RateLimitedLog;
  private readonly router: TopicRouter;
  private readonly allowed = new Map<string, { password: string; topics: string[] }>();
  private broker: Aedes | null = null;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  /** aedes keeps no username on its clients; remembered at authentication. */
  private readonly users = new WeakMap<Client, string>();
  private tick: NodeJS.Timeout | null = null;
  private readonly publishPath: DurablePublish;

  constructor(
    private readonly cfg: MqttBrokerConfig,
    private readonly ctx: InputContext,
  ) {
    this.id = cfg.id;
    this.tracker = new HealthTracker(cfg.id);
    this.rateLog = new RateLimitedLog(ctx.logger, cfg.logIntervalMs, ctx.now);
    this.router = new TopicRouter(cfg.id, cfg.topics, ctx.sink, this.tracker, this.rateLog, ctx.state);
    for (const d of cfg.devices) {
      this.allowed.set(d.username, { password: d.password, topics: d.topics ?? [`devices/${d.username}/#`] });
    }
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
    return (this.server?.address() as net.AddressInfo | null) ?? null;
  }

  async start(): Promise<void> {
    const broker = await Aedes.createBroker({
      authenticate: (client, username, password, done) => {
        const dev = username === undefined ? undefined : this.allowed.get(username);
        if (username !== undefined && dev && sameSecret(dev.password, password)) {
          this.users.set(client, username);
          return done(null, true);
        }
        this.tracker.count('auth_failed');
        this.rateLog.warn('auth_failed', 'MQTT login refused', { clientId: client.id, username });
        done(Object.assign(new Error('bad username or password'), { returnCode: 4 as const }), false);
      },
      authorizePublish: this.publishPath.authorize((client, packet, done) => {
        if (client === null) return done(null);
        if (this.may(client, packet.topic)) return done(null);
        this.tracker.count('publish_denied');
        this.rateLog.warn('publish_denied', 'MQTT publish outside the device topics denied', {
          username: this.userOf(client),
          topic: packet.topic,
        });
        done(new Error('topic not allowed'));
      }),
      // Readings are handled here and in authorizePublish (QoS 1), acknowledged only once committed.
      published: this.publishPath.published,
      authorizeSubscribe: (client, sub, done) => {
        if (this.may(client, sub.topic)) return done(null, sub);
        this.tracker.count('subscribe_denied');
        done(null, null); // MQTT 3.1.1 §3.9.3: SUBACK 0x80 for this filter
      },
    });
    broker.on('clientError', (_client, err) =>
      this.tracker.count(err.message.includes('protocol') ? 'protocol_error' : 'client_error'),
    );
    const server = net.createServer(broker.handle);
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.cfg.port, this.cfg.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.ctx.logger.error({ err }, 'MQTT broker server error'));
    this.broker = broker;
    this.server = server;
    this.tracker.connected = true;
    this.tick = setInterval(() => this.router.tick(this.ctx.now()), TICK_MS);
    this.ctx.logger.info({ address: this.address() }, 'embedded MQTT broker listening');
  }

  async stop(): Promise<void> {
    if (this.tick) clearInterval(this.tick);
    this.tick = null;
    const { server, broker } = this;
    this.server = this.broker = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((r) => server.close(() => r()));
    if (broker) await new Promise<void>((r) => broker.close(() => r()));
    this.tracker.connected = false;
  }

  health(): ReturnType<Input['health']> {
    return this.tracker.snapshot();
  }

  private userOf(client: Client): string | undefined {
    return this.users.get(client);
  }

  /** The client may use this topic or filter: one of its device's filters covers it. */
  private may(client: Client, topic: string): boolean {
    const user = this.users.get(client);
    const dev = user === undefined ? undefined : this.allowed.get(user);
    return dev !== undefined && !topic.startsWith('$') && dev.topics.some((f) => filterMatches(f, topic));
  }
}
