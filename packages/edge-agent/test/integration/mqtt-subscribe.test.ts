import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync } from 'node:fs';
import { canConnect, cleanupAfterEach, mosquittoPubPath, startMosquitto, tempDir, waitFor } from '@gongbang/harness';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { buildInput, measurements } from './input-helpers.js';
import { makeTestCerts } from './tls-certs.js';

const cleanups = cleanupAfterEach(afterEach);

function subscriber(url: string, prefix: string, protocolVersion: 4 | 5, extra: Record<string, unknown> = {}) {
  return buildInput({
    id: 'cloud-mqtt',
    type: 'mqtt-subscribe',
    url,
    protocolVersion,
    ...extra,
    reconnect: { minMs: 200, maxMs: 2000 },
    topics: [
      {
        topic: `${prefix}/{room}/power`,
        source: 'room-{room}',
        payload: { format: 'number', channel: 'power_w', unit: 'W' },
      },
      {
        topic: `${prefix}/{room}/env`,
        payload: { format: 'json', channels: [{ channel: 'temp', key: 'env.t', unit: 'Cel' }], timestampKey: 'ts' },
      },
    ],
  });
}

describe('MQTT subscriber', () => {
  it('subscribes to a Mosquitto of its own over MQTT 5 and maps mosquitto_pub messages', async () => {
    const broker = await startMosquitto();
    cleanups.push(broker.close);
    const cap = subscriber(broker.url, 'shop', 5);
    await cap.input.start();
    cleanups.push(() => cap.input.stop());
    await waitFor('subscriber connected', () => cap.input.health().connected, { timeoutMs: 20_000 });
    // The subscription is sent right after CONNACK; publish until the first message comes through.
    await waitFor(
      'a power reading',
      () => {
        spawnSync(mosquittoPubPath(), [
          '-p',
          String(broker.port),
          '-V',
          'mqttv5',
          '-q',
          '1',
          '-t',
          'shop/cutting/power',
          '-m',
          '450',
        ]);
        return measurements(cap, 'power_w').length > 0;
      },
      { timeoutMs: 20_000, intervalMs: 300 },
    );
    const r = spawnSync(mosquittoPubPath(), [
      ...['-p', String(broker.port), '-V', 'mqttv5', '-q', '2', '-t', 'shop/cutting/env'],
      ...['-m', '{"env":{"t":24.5},"ts":1764000000}'],
    ]);
    expect(r.status).toBe(0);
    await waitFor('a temperature', () => measurements(cap, 'temp').length === 1, { timeoutMs: 20_000 });
    expect(measurements(cap, 'power_w')[0]).toMatchObject({ source: 'room-cutting', value: 450, unit: 'W' });
    expect(measurements(cap, 'temp')[0]).toMatchObject({
      source: 'cloud-mqtt.cutting',
      value: 24.5,
      ts: 1_764_000_000_000,
      timeSource: 'device',
    });
    expect(cap.invalid).toEqual([]);
  });

  it('subscribes to the Mosquitto running on this machine (127.0.0.1:1883) over MQTT 3.1.1', async () => {
    if (!(await canConnect(1883))) {
      throw new Error(
        'No Mosquitto on 127.0.0.1:1883. Start it with: sudo apt-get install -y mosquitto && sudo service mosquitto start',
      );
    }
    const prefix = `gongbang-test/${randomUUID()}`;
    const cap = subscriber('mqtt://127.0.0.1:1883', prefix, 4);
    await cap.input.start();
    cleanups.push(() => cap.input.stop());
    await waitFor('subscriber connected', () => cap.input.health().connected, { timeoutMs: 20_000 });
    const pub = await mqtt.connectAsync('mqtt://127.0.0.1:1883', { reconnectPeriod: 0 });
    cleanups.push(() => pub.endAsync(true));
    await waitFor(
      'a power reading through the system broker',
      async () => {
        await pub.publishAsync(`${prefix}/sewing/power`, '120.5', { qos: 1 });
        return measurements(cap, 'power_w').length > 0;
      },
      { timeoutMs: 20_000, intervalMs: 300 },
    );
    await pub.publishAsync(`${prefix}/sewing/power`, 'garbage', { qos: 1 });
    await waitFor('the malformed payload counted', () => cap.input.health().errors.malformed_payload === 1, {
      timeoutMs: 20_000,
    });
    expect(measurements(cap, 'power_w')[0]).toMatchObject({ source: 'room-sewing', value: 120.5 });
  });

  it('connects over TLS with a private CA (mqtts://)', async () => {
    const dir = await tempDir('gb-mqtt-tls-');
    cleanups.push(dir.remove);
    const certs = makeTestCerts(dir.dir);
    // Mosquitto started as root drops to its own user, which must be able to read the files.
    chmodSync(dir.dir, 0o755);
    for (const file of [certs.ca, certs.serverCert, certs.serverKey]) chmodSync(file, 0o644);
    // The harness picks the TLS port with the plain one and waits until Mosquitto listens on both.
    const broker = await startMosquitto({
      extraPorts: 1,
      extraConfig: ([tls]) =>
        `listener ${tls} 127.0.0.1\ncafile ${certs.ca}\ncertfile ${certs.serverCert}\nkeyfile ${certs.serverKey}\n`,
    });
    cleanups.push(broker.close);
    const tlsPort = broker.extraPorts[0]!;
    const cap = subscriber(`mqtts://127.0.0.1:${tlsPort}`, 'tls', 4, { tls: { caFile: certs.ca } });
    await cap.input.start();
    cleanups.push(() => cap.input.stop());
    await waitFor('TLS subscriber connected', () => cap.input.health().connected, { timeoutMs: 20_000 });
    const pub = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    cleanups.push(() => pub.endAsync(true));
    await waitFor(
      'a reading over TLS',
      async () => {
        await pub.publishAsync('tls/press/power', '75', { qos: 1 });
        return measurements(cap, 'power_w').length > 0;
      },
      { timeoutMs: 20_000, intervalMs: 300 },
    );
    expect(measurements(cap, 'power_w')[0]).toMatchObject({ source: 'room-press', value: 75 });
  });
});
