import { safeEqual } from '@gongbang/shared/node';
import type { AedesOptions, AuthenticateError, Client } from 'aedes';
import type { MqttBrokerConfig } from '../../config/inputs.js';
import type { HealthTracker } from '../common/health.js';
import type { RateLimitedLog } from '../common/rate-log.js';
import { filterCovers } from './acl.js';

/** CONNACK return codes used here (MQTT 3.1.1 §3.2.2.3). */
const IDENTIFIER_REJECTED = 2;
const BAD_USERNAME_OR_PASSWORD = 4;

type Handler<K extends keyof AedesOptions> = NonNullable<AedesOptions[K]>;

function sameSecret(a: string, b: Buffer | undefined): boolean {
  return b !== undefined && safeEqual(a, b);
}

function refusal(message: string, returnCode: 2 | 4): AuthenticateError {
  return Object.assign(new Error(message), { returnCode });
}

/**
 * Who may connect to the embedded broker and what each device may touch: username and
 * password, client ids bound to the username that holds them, and topic filters per device.
 */
export class BrokerAccess {
  private readonly devices = new Map<string, { password: string; topics: string[] }>();
  /** aedes keeps no username on its clients; remembered at authentication. */
  private readonly users = new WeakMap<Client, string>();
  /**
   * Client ids in use and who holds them, from authentication on — aedes registers a client
   * only after more async steps, so its own `clients` map would let two logins race.
   */
  private readonly holders = new Map<string, { username: string; client: Client }>();

  constructor(
    devices: MqttBrokerConfig['devices'],
    private readonly tracker: HealthTracker,
    private readonly rateLog: RateLimitedLog,
  ) {
    for (const d of devices) {
      this.devices.set(d.username, { password: d.password, topics: d.topics ?? [`devices/${d.username}/#`] });
    }
  }

  readonly authenticate: Handler<'authenticate'> = (client, username, password, done) => {
    const dev = username === undefined ? undefined : this.devices.get(username);
    if (username === undefined || !dev || !sameSecret(dev.password, password)) {
      this.tracker.count('auth_failed');
      this.rateLog.warn('auth_failed', 'MQTT login refused', { clientId: client.id, username });
      return done(refusal('bad username or password', BAD_USERNAME_OR_PASSWORD), false);
    }
    const holder = this.holders.get(client.id);
    if (holder && holder.username !== username && !holder.client.closed) {
      // MQTT 3.1.1 §3.1.4-2 lets a new connection with the same id take over the session;
      // only the device that holds the id may do that, or any device could kick another off.
      this.tracker.count('client_id_taken');
      this.rateLog.warn('client_id_taken', 'MQTT client id held by another device; login refused', {
        clientId: client.id,
        username,
        holder: holder.username,
      });
      return done(refusal('client id in use by another device', IDENTIFIER_REJECTED), false);
    }
    this.users.set(client, username);
    this.holders.set(client.id, { username, client });
    client.conn.once('close', () => this.release(client));
    done(null, true);
  };

  readonly authorizePublish: Handler<'authorizePublish'> = (client, packet, done) => {
    if (client === null) return done(null); // the broker's own $SYS messages
    if (this.may(client, packet.topic)) return done(null);
    this.tracker.count('publish_denied');
    this.rateLog.warn('publish_denied', 'MQTT publish outside the device topics denied', {
      username: this.users.get(client),
      topic: packet.topic,
    });
    done(new Error('topic not allowed'));
  };

  readonly authorizeSubscribe: Handler<'authorizeSubscribe'> = (client, sub, done) => {
    if (this.may(client, sub.topic)) return done(null, sub);
    this.tracker.count('subscribe_denied');
    done(null, null); // MQTT 3.1.1 §3.9.3: SUBACK 0x80 for this filter
  };

  /** Frees the client id once its connection is gone (a later login of any device may use it). */
  private release(client: Client): void {
    if (this.holders.get(client.id)?.client === client) this.holders.delete(client.id);
  }

  /** The client may use this topic or filter: one of its device's filters covers all of it. */
  private may(client: Client, topic: string): boolean {
    const user = this.users.get(client);
    const dev = user === undefined ? undefined : this.devices.get(user);
    return dev?.topics.some((f) => filterCovers(f, topic)) ?? false;
  }
}
