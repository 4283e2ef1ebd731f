import { execFile } from 'node:child_process';
import { cleanupAfterEach, mosquittoPubPath, waitFor } from '@gongbang/harness';
import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unwrapInput } from '../../src/inputs/index.js';
import type { MqttBrokerInput } from '../../src/inputs/mqtt/broker.js';
import { buildInput, type Capture, measurements } from './input-helpers.js';

const cleanups = cleanupAfterEach(afterEach);

let cap: Capture;
let port: number;
beforeEach(async () => {
  cap = buildInput({
    id: 'shop-mqtt',
    type: 'mqtt-broker',
    host: '127.0.0.1',
    port: 0,
    devices: [
      { username: 'plug-1', password: 'pw-plug-1', topics: ['shelly/plug-1/#'] },
      { username: 'sensor-1', password: 'pw-sensor-1' },
      { username: 'meter-1', password: 'pw-meter-1', topics: ['meters/meter-1/+'] },
    ],
    topics: [
      {
        topic: 'shelly/{plug}',
        source: 'plug-{plug}',
        payload: { format: 'shelly-gen2' },
        derive: [{ kind: 'machine-state', channel: 'power_w', offBelow: 2, runningAbove: 50 }],
      },
      { topic: 'devices/{dev}/temp', payload: { format: 'number', channel: 'temp', unit: 'Cel' } },
      {
        topic: 'devices/{dev}/json',
        payload: { format: 'json', channels: [{ channel: 'current_a', key: 'i', unit: 'A' }] },
      },
    ],
  });
  await cap.input.start();
  cleanups.push(() => cap.input.stop());
  port = (unwrapInput(cap.input) as MqttBrokerInput).address()!.port;
});

async function client(username: string, password: string, protocolVersion: 4 | 5 = 4, clientId?: string) {
  const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    username,
    password,
    protocolVersion,
    reconnectPeriod: 0,
    ...(clientId ? { clientId } : {}),
  });
  cleanups.push(() => c.endAsync(true));
  return c;
}

/** Runs mosquitto_pub without blocking the event loop: the broker runs in this process. */
function mosquittoPub(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      mosquittoPubPath(),
      ['-h', '127.0.0.1', '-p', String(port), ...args],
      { timeout: 20_000 },
      (err, _out, stderr) => resolve({ status: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr }),
    );
  });
}

const values = (channel: string) => measurements(cap, channel).map((m) => m.value);

describe('embedded MQTT broker (aedes)', () => {
  it('takes MQTT 3.1.1 publishes from mqtt.js at QoS 0, 1 and 2', async () => {
    const c = await client('sensor-1', 'pw-sensor-1');
    await c.publishAsync('devices/sensor-1/temp', '21.0', { qos: 0 });
    await c.publishAsync('devices/sensor-1/temp', '21.5', { qos: 1 });
    await c.publishAsync('devices/sensor-1/temp', '22', { qos: 2 });
    await waitFor('three temperatures', () => values('temp').length === 3, { timeoutMs: 20_000 });
    expect(values('temp')).toEqual([21, 21.5, 22]);
    expect(measurements(cap, 'temp')[0]).toMatchObject({
      source: 'shop-mqtt.sensor-1',
      unit: 'Cel',
      timeSource: 'agent',
    });
    expect(cap.input.health()).toMatchObject({ connected: true, lastDataTs: expect.any(Number) });
  });

  it('takes publishes from mosquitto_pub at QoS 0, 1 and 2', async () => {
    for (const q of ['0', '1', '2']) {
      const r = await mosquittoPub([
        '-V',
        'mqttv311',
        '-u',
        'sensor-1',
        '-P',
        'pw-sensor-1',
        '-q',
        q,
        '-t',
        'devices/sensor-1/json',
        '-m',
        `{"i":${q}.5}`,
      ]);
      expect(r.status, r.stderr).toBe(0);
    }
    await waitFor('three currents', () => values('current_a').length === 3, { timeoutMs: 20_000 });
    expect(values('current_a')).toEqual([0.5, 1.5, 2.5]);
  });

  it('refuses a wrong password', async () => {
    await expect(
      mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { username: 'sensor-1', password: 'nope', reconnectPeriod: 0 }),
    ).rejects.toThrow(/Bad username or password|Not authorized/i);
    const r = await mosquittoPub(['-u', 'plug-1', '-P', 'wrong', '-t', 'shelly/plug-1/online', '-m', 'true']);
    expect(r.status).not.toBe(0);
    expect(cap.input.health().errors.auth_failed).toBe(2);
  });

  it("denies a publish to another device's topic and a subscription outside its own", async () => {
    const c = await client('sensor-1', 'pw-sensor-1');
    // SUBACK 0x80 (MQTT 3.1.1 §3.9.3); mqtt.js turns it into an error.
    await expect(c.subscribeAsync('shelly/#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    c.publish('shelly/plug-1/status/switch:0', JSON.stringify({ id: 0, apower: 999 }), { qos: 1 });
    await closed; // MQTT 3.1.1 has no negative PUBACK: the broker drops the connection
    await mosquittoPub(['-u', 'plug-1', '-P', 'pw-plug-1', '-q', '1', '-t', 'devices/sensor-1/temp', '-m', '99']);
    await waitFor('both denials counted', () => (cap.input.health().errors.publish_denied ?? 0) >= 2, {
      timeoutMs: 20_000,
    });
    expect(cap.input.health().errors.subscribe_denied).toBe(1);
    expect(values('power_w')).toEqual([]);
    expect(values('temp')).toEqual([]);
  });

  it('refuses a login with a client id another device holds (CONNACK 2), and the holder stays connected', async () => {
    const holder = await client('sensor-1', 'pw-sensor-1', 4, 'press-7');
    const refused = mqtt.connectAsync(
      `mqtt://127.0.0.1:${port}`,
      { username: 'plug-1', password: 'pw-plug-1', clientId: 'press-7', reconnectPeriod: 0 },
      false,
    );
    // MQTT 3.1.1 §3.2.2.3: 0x02 identifier rejected
    await expect(refused).rejects.toMatchObject({ code: 2, message: expect.stringMatching(/Identifier rejected/) });
    await holder.publishAsync('devices/sensor-1/temp', '20.5', { qos: 1 }); // a PUBACK: not kicked off
    expect(holder.connected).toBe(true);
    await waitFor('the holder reading', () => values('temp').includes(20.5), { timeoutMs: 20_000 });
    expect(cap.input.health().errors.client_id_taken).toBe(1);

    // The same device may take its own id over (a reboot behind a dead TCP connection, §3.1.4-2).
    const kicked = new Promise<void>((r) => holder.once('close', () => r()));
    const again = await client('sensor-1', 'pw-sensor-1', 4, 'press-7');
    await kicked;
    await again.publishAsync('devices/sensor-1/temp', '21.5', { qos: 1 });
    await waitFor('the reading after the takeover', () => values('temp').includes(21.5), { timeoutMs: 20_000 });

    // Once its holder has gone, the id is free for any device.
    await again.endAsync();
    const next = await waitFor(
      'the freed client id',
      () =>
        mqtt
          .connectAsync(
            `mqtt://127.0.0.1:${port}`,
            { username: 'plug-1', password: 'pw-plug-1', clientId: 'press-7', reconnectPeriod: 0 },
            false,
          )
          .catch(() => undefined),
      { timeoutMs: 20_000 },
    );
    cleanups.push(() => next.endAsync(true));
    expect(next.connected).toBe(true);
  });

  it('lets exactly one of two devices racing for the same client id in, and keeps it in', async () => {
    for (let round = 0; round < 5; round++) {
      const clientId = `race-${round}`;
      const attempt = (username: string) =>
        mqtt.connectAsync(
          `mqtt://127.0.0.1:${port}`,
          { username, password: `pw-${username}`, clientId, reconnectPeriod: 0 },
          false,
        );
      const results = await Promise.allSettled([attempt('sensor-1'), attempt('plug-1')]);
      const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      for (const c of won) cleanups.push(() => c.endAsync(true));
      expect(won, `round ${round}`).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 2 } });
      const winner = won[0]!;
      const topic = winner.options.username === 'sensor-1' ? 'devices/sensor-1/temp' : 'shelly/plug-1/online';
      await winner.publishAsync(topic, '1', { qos: 1 });
      expect(winner.connected, `round ${round}`).toBe(true);
    }
    expect(cap.input.health().errors.client_id_taken).toBe(5);
  });

  it('never lets + stand for #: a device allowed meters/meter-1/+ cannot subscribe to meters/meter-1/#', async () => {
    const c = await client('meter-1', 'pw-meter-1');
    await expect(c.subscribeAsync('meters/meter-1/#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await expect(c.subscribeAsync('meters/+/temp', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await expect(c.subscribeAsync('meters/meter-1/+', { qos: 1 })).resolves.toEqual([
      expect.objectContaining({ topic: 'meters/meter-1/+', qos: 1 }),
    ]);
    const s = await client('sensor-1', 'pw-sensor-1');
    await expect(s.subscribeAsync('devices/sensor-1/#', { qos: 1 })).resolves.toHaveLength(1);
    await expect(s.subscribeAsync('devices/+/#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    expect(cap.input.health().errors.subscribe_denied).toBe(3);
  });

  it('refuses MQTT 5 clients: aedes speaks MQTT 3.1.1 (documented)', async () => {
    await expect(
      mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
        username: 'sensor-1',
        password: 'pw-sensor-1',
        protocolVersion: 5,
        reconnectPeriod: 0,
      }),
    ).rejects.toThrow();
  });

  it('maps a Shelly Gen2 plug: full status, NotifyStatus merged onto it, then offline → unknown, never off', async () => {
    const c = await client('plug-1', 'pw-plug-1');
    const status = {
      id: 0,
      source: 'init',
      output: true,
      apower: 812.5,
      voltage: 229.8,
      current: 3.6,
      aenergy: { total: 1520.3 },
    };
    await c.publishAsync('shelly/plug-1/status/switch:0', JSON.stringify(status), { qos: 1 });
    const notify = { method: 'NotifyStatus', params: { ts: 1764000060.5, 'switch:0': { id: 0, apower: 3.1 } } };
    await c.publishAsync('shelly/plug-1/events/rpc', JSON.stringify(notify), { qos: 1 });
    await c.publishAsync('shelly/plug-1/online', 'false', { qos: 1 });
    const states = () => cap.readings.filter((r) => r.kind === 'machine_state').map((r) => [r.state, r.reason]);
    await waitFor('three machine states', () => states().length === 3, { timeoutMs: 20_000 });
    expect(states()).toEqual([
      ['running', 'threshold'],
      ['idle', 'threshold'],
      ['unknown', 'offline'],
    ]);
    expect(values('power_w')).toEqual([812.5, 3.1]);
    expect(values('voltage_v')).toEqual([229.8, 229.8]);
    expect(measurements(cap, 'power_w')[1]).toMatchObject({
      source: 'plug-plug-1',
      ts: 1_764_000_060_500,
      timeSource: 'device',
    });
    expect(cap.invalid).toEqual([]);
  });

  it('counts every malformed payload but logs it once per interval, and keeps reading good ones', async () => {
    const c = await client('sensor-1', 'pw-sensor-1');
    for (let i = 0; i < 25; i++) await c.publishAsync('devices/sensor-1/json', `{"i": oops ${i}`, { qos: 1 });
    await c.publishAsync('devices/sensor-1/json', '{"i": 7}', { qos: 1 });
    await waitFor('the good payload', () => values('current_a').length === 1, { timeoutMs: 20_000 });
    expect(cap.input.health().errors.malformed_payload).toBe(25);
    const lines = cap.logs.filter((l) => l.msg === 'malformed MQTT payload');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ detail: { topic: 'devices/sensor-1/json', payload: { length: 12 } } });
  });
});
