import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanupAfterEach, waitFor } from '@gongbang/harness';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { InputConfigSchema } from '../../src/config/inputs.js';
import { createInputs, unwrapInput } from '../../src/inputs/index.js';
import type { MqttBrokerInput } from '../../src/inputs/mqtt/broker.js';
import { DEFAULT_SPOOL_OPTIONS, SqliteSpool } from '../../src/spool/index.js';
import { measurement, silentLogger } from '../support/drafts.js';

const cleanups = cleanupAfterEach(afterEach);

/** The embedded broker wired to a real SqliteSpool exactly as the agent wires them. */
async function brokerOnSpool() {
  const dir = mkdtempSync(path.join(tmpdir(), 'gb-puback-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'spool.db');
  const spool = new SqliteSpool({ ...DEFAULT_SPOOL_OPTIONS, file, reserveBytes: 0 }, { logger: silentLogger() });
  await spool.start();
  cleanups.push(() => spool.stop());
  const config = InputConfigSchema.parse({
    id: 'shop-mqtt',
    type: 'mqtt-broker',
    host: '127.0.0.1',
    port: 0,
    devices: [{ username: 'sensor-1', password: 'pw-sensor-1' }],
    topics: [{ topic: 'devices/{dev}/temp', payload: { format: 'number', channel: 'temp', unit: 'Cel' } }],
  });
  const [input] = createInputs([config], {
    sink: (d) => spool.append(d),
    committed: () => spool.committed(),
    logger: silentLogger(),
    now: () => Date.now(),
  });
  await input!.start();
  cleanups.push(() => input!.stop());
  const port = (unwrapInput(input!) as MqttBrokerInput).address()!.port;
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    username: 'sensor-1',
    password: 'pw-sensor-1',
    reconnectPeriod: 0,
  });
  cleanups.push(() => client.endAsync(true));
  // What another process would see on disk: a separate connection to the spool file.
  const reader = new Database(file, { readonly: true });
  cleanups.push(() => reader.close());
  const onDisk = () =>
    (reader.prepare('SELECT json FROM readings WHERE json LIKE \'%"temp"%\'').pluck().all() as string[]).map(
      (j) => JSON.parse(j).value as number,
    );
  const db = (spool as unknown as { db: Database.Database }).db;
  /** Makes every commit fail with a real SQLITE_FULL (the file may not grow), or lifts that. */
  const failCommits = (on: boolean) =>
    db.pragma(`max_page_count = ${on ? (db.pragma('page_count', { simple: true }) as number) : 1_000_000}`);
  return { spool, client, onDisk, failCommits };
}

describe('embedded broker: acknowledge only what the spool committed', () => {
  it.each([1, 2] as const)('answers a QoS %i publish once its reading is in the spool file', async (qos) => {
    const { client, onDisk } = await brokerOnSpool();
    for (const v of [21.5, 22.5, 23.5]) {
      await client.publishAsync('devices/sensor-1/temp', String(v), { qos });
      expect(onDisk()).toContain(v);
    }
  });

  it.each([1, 2] as const)('withholds the QoS %i acknowledgement while the spool cannot commit', async (qos) => {
    const { spool, client, onDisk, failCommits } = await brokerOnSpool();
    failCommits(true);
    // Fill what is left of the file's last page, until a commit fails with SQLITE_FULL.
    for (let i = 0; spool.stats().problem?.code !== 'disk_full'; i++) {
      spool.append(measurement(i, 'x'));
      spool.flush();
    }
    const first = spool.stats().problem!.at;
    let acked = false;
    const published = client.publishAsync('devices/sensor-1/temp', '30.5', { qos }).then(() => {
      acked = true;
    });
    // Several failed commit attempts (each one stamps the problem anew) while the message waits.
    await waitFor('two more failed commits', () => spool.stats().problem!.at > first + 300);
    expect(acked).toBe(false);
    expect(onDisk()).not.toContain(30.5);
    failCommits(false);
    await published;
    expect(onDisk()).toContain(30.5);
    expect(spool.stats().problem).toBeNull();
  });
});
