import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanupAfterEach, startMosquitto, waitFor } from '@gongbang/harness';
import type Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { InputConfigSchema } from '../../src/config/inputs.js';
import { createInputs } from '../../src/inputs/index.js';
import { DEFAULT_SPOOL_OPTIONS, SqliteSpool } from '../../src/spool/index.js';
import { measurement, silentLogger } from '../support/drafts.js';

const cleanups = cleanupAfterEach(afterEach);

/** A SqliteSpool and an mqtt-subscribe input wired to it as the agent wires them. */
async function subscriberOnSpool(url: string, qos: 1 | 2) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gb-suback-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const spool = new SqliteSpool(
    { ...DEFAULT_SPOOL_OPTIONS, file: path.join(dir, 'spool.db'), reserveBytes: 0 },
    { logger: silentLogger() },
  );
  await spool.start();
  const config = InputConfigSchema.parse({
    id: 'cloud-mqtt',
    type: 'mqtt-subscribe',
    url,
    clientId: 'gongbang-agent-test',
    reconnect: { minMs: 200, maxMs: 1000 },
    topics: [{ topic: 'shop/{room}/power', qos, payload: { format: 'number', channel: 'power_w', unit: 'W' } }],
  });
  const [input] = createInputs([config], {
    sink: (d) => spool.append(d),
    committed: () => spool.committed(),
    logger: silentLogger(),
    now: () => Date.now(),
  });
  await input!.start();
  const stop = async () => {
    await input!.stop();
    await spool.stop();
  };
  cleanups.push(stop);
  await waitFor('subscriber connected', () => input!.health().connected, { timeoutMs: 20_000 });
  const values = () =>
    spool
      .takeOldest({ maxReadings: 1_000, maxBytes: 1e9 })
      .map((r) => JSON.parse(r.json))
      .filter((r) => r.channel === 'power_w')
      .map((r) => r.value as number);
  return { spool, input: input!, stop, values };
}

describe('MQTT subscriber: acknowledge only what the spool committed', () => {
  it.each([1, 2] as const)(
    'gets a QoS %i message again after a restart when its reading was never committed',
    async (qos) => {
      const broker = await startMosquitto();
      cleanups.push(broker.close);
      const first = await subscriberOnSpool(broker.url, qos);
      const db = (first.spool as unknown as { db: Database.Database }).db;
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      for (let i = 0; first.spool.stats().problem?.code !== 'disk_full'; i++) {
        first.spool.append(measurement(i, 'x'));
        first.spool.flush();
      }
      const pub = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
      cleanups.push(() => pub.endAsync(true));
      const depth = first.spool.stats().depth;
      // Published until the subscriber has it in memory (its subscription may still be on the way).
      await waitFor('the message in the spool buffer, not committed', async () => {
        if (first.spool.stats().depth === depth) await pub.publishAsync('shop/r1/power', '777', { qos });
        return first.spool.stats().depth > depth;
      });
      await first.stop(); // the agent goes away before the reading is on disk

      const second = await subscriberOnSpool(broker.url, qos);
      await waitFor('the message delivered again', () => second.values().includes(777));
      expect(second.values().filter((v) => v === 777)).toHaveLength(1);
    },
  );
});
