import type { IClientOptions, IPublishPacket } from 'mqtt';

type AckDone = Parameters<NonNullable<IClientOptions['customHandleAcks']>>[3];

/**
 * The subscriber's side of issue #10, item 16: mqtt.js acknowledges a message to the broker only
 * once its readings are committed, so with a persistent session the broker keeps (and sends
 * again after a reconnect) what the agent has not got on disk.
 *
 * mqtt.js sends a QoS 1 PUBACK after `client.handleMessage` calls back (lib/handlers/publish.js),
 * so that waits for the commit. It sends a QoS 2 PUBREC right after `customHandleAcks` and emits
 * the message only at PUBREL, when the broker has already let go of it; so a QoS 2 message is
 * handled in `customHandleAcks` and its PUBREC waits for the commit, and the later 'message' is
 * skipped. A QoS 2 duplicate (same packet id, before PUBREL) is not handled twice.
 */
export class SubscriberAcks {
  private readonly qos2InFlight = new Set<number>();

  constructor(
    private readonly handle: (topic: string, payload: Buffer) => void,
    private readonly committed: (() => Promise<void>) | undefined,
  ) {}

  /** For `IClientOptions.customHandleAcks`. */
  readonly customHandleAcks = (topic: string, message: Buffer, packet: IPublishPacket, done: AckDone): void => {
    if (packet.qos !== 2 || !this.committed || packet.messageId === undefined) {
      done(0);
      return;
    }
    if (!this.qos2InFlight.has(packet.messageId)) {
      this.qos2InFlight.add(packet.messageId);
      this.handle(topic, message);
    }
    this.committed().then(
      () => done(0),
      (err: Error) => done(err),
    );
  };

  /** The client's 'message' listener. */
  readonly onMessage = (topic: string, payload: Buffer, packet: IPublishPacket): void => {
    if (packet.qos === 2 && this.committed && packet.messageId !== undefined) {
      this.qos2InFlight.delete(packet.messageId);
      return;
    }
    this.handle(topic, payload);
  };

  /** Replaces `client.handleMessage`: a QoS 1 PUBACK waits for the commit. */
  readonly handleMessage = (packet: IPublishPacket, callback: (err?: Error) => void): void => {
    if (packet.qos !== 1 || !this.committed) {
      callback();
      return;
    }
    this.committed().then(
      () => callback(),
      (err: Error) => callback(err),
    );
  };
}
