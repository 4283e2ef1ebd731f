import type { AuthorizePublishHandler, Client, PublishedHandler } from 'aedes';

/** What the publish path needs from the broker input. */
export interface DurablePublishDeps {
  /** Turns one message into readings (synchronously, into the spool's buffer). */
  handle: (topic: string, payload: Buffer) => void;
  /** Resolves once everything handed to the spool so far is committed; absent: acknowledge at once. */
  committed?: () => Promise<void>;
  /** The readings of an acknowledged-to-be message will never be committed (the client is disconnected instead). */
  onLost: (client: Client, err: Error) => void;
}

/**
 * The embedded broker's publish path (issue #10, item 16): a QoS 1 or 2 publish is acknowledged
 * (PUBACK, PUBREC) only after its readings are committed to the spool, so a device keeps what
 * the agent has not yet got on disk — MQTT 3.1.1 §4.3.2/§4.3.3: the receiver acknowledges once it
 * has taken ownership of the message. If they can never be committed the acknowledgement is
 * withheld and the client disconnected, so it sends the message again.
 *
 * aedes writes the PUBACK of a QoS 1 publish *before* it publishes (lib/handlers/publish.js), so
 * QoS 1 messages are handled at the end of `authorizePublish`; it writes the PUBREC of a QoS 2
 * publish after the `published` hook, which handles QoS 0 and 2 (a QoS 2 duplicate is filtered by
 * aedes before either hook, a QoS 1 duplicate is a new delivery by the protocol's rules).
 */
export class DurablePublish {
  /** Packets already handled in `authorizePublish`; `published` gets the same object. */
  private readonly handled = new WeakSet<object>();

  constructor(private readonly deps: DurablePublishDeps) {}

  /** Wraps the authorization: once it allows a client's QoS 1 publish, handles it and waits for the commit. */
  authorize(inner: AuthorizePublishHandler): AuthorizePublishHandler {
    return (client, packet, done) =>
      inner(client, packet, (err) => {
        if (err || client === null || packet.qos !== 1) return done(err);
        this.handled.add(packet);
        this.deliver(client, packet.topic, packet.payload, done);
      });
  }

  readonly published: PublishedHandler = (packet, client, done) => {
    if (!client || this.handled.has(packet)) return done();
    if (packet.qos === 2) return this.deliver(client, packet.topic, packet.payload, done);
    this.deps.handle(packet.topic, asBuffer(packet.payload));
    done();
  };

  private deliver(client: Client, topic: string, payload: Buffer | string, done: (err?: Error | null) => void): void {
    this.deps.handle(topic, asBuffer(payload));
    if (!this.deps.committed) {
      done();
      return;
    }
    this.deps.committed().then(
      () => done(),
      (err: Error) => {
        this.deps.onLost(client, err);
        done(err);
      },
    );
  }
}

function asBuffer(payload: Buffer | string): Buffer {
  return Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
}
