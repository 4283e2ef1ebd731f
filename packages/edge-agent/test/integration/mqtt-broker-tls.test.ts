import { readFileSync } from 'node:fs';
import { cleanupAfterEach, tempDir, waitFor } from '@gongbang/harness';
import mqtt, { type IClientOptions } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unwrapInput } from '../../src/inputs/index.js';
import type { MqttBrokerInput } from '../../src/inputs/mqtt/broker.js';
import { buildInput, type Capture, measurements } from './input-helpers.js';
import { makeTestCerts, type TestCerts } from './tls-certs.js';

const cleanups = cleanupAfterEach(afterEach);
let certs: TestCerts;
let removeDir: () => Promise<void>;

beforeAll(async () => {
  const dir = await tempDir('gb-broker-tls-');
  removeDir = dir.remove;
  certs = makeTestCerts(dir.dir);
});
afterAll(() => removeDir?.());

async function tlsBroker(tls: Record<string, string>): Promise<{ cap: Capture; port: number }> {
  const cap = buildInput({
    id: 'shop-mqtt',
    type: 'mqtt-broker',
    host: '127.0.0.1',
    port: 0,
    tls,
    devices: [{ username: 'sensor-1', password: 'pw-sensor-1' }],
    topics: [{ topic: 'devices/{dev}/temp', payload: { format: 'number', channel: 'temp', unit: 'Cel' } }],
  });
  await cap.input.start();
  cleanups.push(() => cap.input.stop());
  return { cap, port: (unwrapInput(cap.input) as MqttBrokerInput).address()!.port };
}

/** Connects and resolves with the client, or rejects when the connection closes first (no retries). */
async function connect(url: string, opts: IClientOptions) {
  const c = await mqtt.connectAsync(
    url,
    { username: 'sensor-1', password: 'pw-sensor-1', reconnectPeriod: 0, connectTimeout: 10_000, ...opts },
    false,
  );
  cleanups.push(() => c.endAsync(true));
  return c;
}

describe('embedded MQTT broker over TLS', () => {
  it('takes publishes from a client that verifies the server against the private CA, and refuses plain MQTT', async () => {
    const { cap, port } = await tlsBroker({ cert: certs.serverCert, key: certs.serverKey });
    const url = `mqtts://127.0.0.1:${port}`;
    const c = await connect(url, { ca: readFileSync(certs.ca), rejectUnauthorized: true });
    await c.publishAsync('devices/sensor-1/temp', '23.5', { qos: 1 });
    await waitFor('a reading over TLS', () => measurements(cap, 'temp').length === 1, { timeoutMs: 20_000 });
    expect(measurements(cap, 'temp')[0]).toMatchObject({ value: 23.5, source: 'shop-mqtt.sensor-1' });

    // A client trusting another CA refuses the server: the certificate is really checked.
    await expect(connect(url, { ca: readFileSync(certs.otherCa), rejectUnauthorized: true })).rejects.toThrow(
      /self-signed|unable to verify|certificate/i,
    );
    // Plain MQTT on the TLS port: the handshake fails and is counted, the broker keeps serving.
    await expect(connect(`mqtt://127.0.0.1:${port}`, {})).rejects.toThrow();
    await waitFor('the TLS errors counted', () => (cap.input.health().errors.tls_error ?? 0) >= 2, {
      timeoutMs: 20_000,
    });
    await c.publishAsync('devices/sensor-1/temp', '24', { qos: 1 });
    await waitFor('the second reading', () => measurements(cap, 'temp').length === 2, { timeoutMs: 20_000 });
  });

  it('with a client CA, lets in only devices presenting a certificate it signed', async () => {
    const { cap, port } = await tlsBroker({ cert: certs.serverCert, key: certs.serverKey, ca: certs.ca });
    const url = `mqtts://127.0.0.1:${port}`;
    const ca = readFileSync(certs.ca);
    await expect(connect(url, { ca, rejectUnauthorized: true })).rejects.toThrow();
    const c = await connect(url, {
      ca,
      rejectUnauthorized: true,
      cert: readFileSync(certs.clientCert),
      key: readFileSync(certs.clientKey),
    });
    await c.publishAsync('devices/sensor-1/temp', '19', { qos: 1 });
    await waitFor('a reading over mutual TLS', () => measurements(cap, 'temp').length === 1, { timeoutMs: 20_000 });
    expect(cap.input.health().errors.tls_error).toBeGreaterThanOrEqual(1);
  });

  it('fails to start naming the TLS file it cannot read', async () => {
    const cap = buildInput({
      id: 'shop-mqtt',
      type: 'mqtt-broker',
      port: 0,
      tls: { cert: '/nonexistent/server.pem', key: certs.serverKey },
      devices: [{ username: 'sensor-1', password: 'pw-sensor-1' }],
      topics: [{ topic: 'devices/{dev}/temp', payload: { format: 'number', channel: 'temp', unit: 'Cel' } }],
    });
    cleanups.push(() => cap.input.stop());
    await expect(cap.input.start()).rejects.toThrow(
      /input shop-mqtt \(mqtt-broker\) tls\.cert: cannot read \/nonexistent\/server\.pem: ENOENT/,
    );
  });
});
