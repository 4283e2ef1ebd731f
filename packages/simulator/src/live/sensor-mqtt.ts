import mqtt, { type MqttClient } from 'mqtt';
import type { SensorSample } from './line-sensor.js';

/** The line sensor's way out when there is no serial line: its samples as JSON on an MQTT topic. */
export class MqttSensorLink {
  private client: MqttClient | null = null;

  constructor(private readonly opts: { url: string; topic: string; clientId: string }) {}

  start(): void {
    const client = mqtt.connect(this.opts.url, {
      clientId: this.opts.clientId,
      protocolVersion: 4,
      reconnectPeriod: 1_000,
    });
    client.on('error', () => {}); // reconnects by itself
    this.client = client;
  }

  send(sample: SensorSample): void {
    if (this.client?.connected) this.client.publish(this.opts.topic, JSON.stringify(sample), { qos: 1 });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.endAsync(true);
  }
}
