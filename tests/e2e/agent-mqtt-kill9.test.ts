import path from 'node:path';
import { cleanupAfterEach, tempDir, waitFor } from '@gongbang/harness';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import {
  kill9,
  logLines,
  seeded,
  startAgent,
  waitStarted,
  writeAgentConfig,
} from '../../packages/edge-agent/test/support/agent-process.js';
import { TestReceiver } from '../../packages/edge-agent/test/support/receiver.js';

const cleanups = cleanupAfterEach(afterEach);

const BROKER = {
  id: 'shop-mqtt',
  type: 'mqtt-broker',
  host: '127.0.0.1',
  port: 0,
  devices: [{ username: 'sensor-1', password: 'pw-sensor-1' }],
  topics: [{ topic: 'devices/{dev}/count', payload: { format: 'number', channel: 'n', unit: 'Cel' } }],
};

/** Values of the readings in the spool file, read as another process would after the crash. */
function valuesOnDisk(file: string): Set<number> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT json FROM readings WHERE json LIKE \'%"channel":"n"%\'').pluck().all() as string[];
    return new Set(rows.map((j) => JSON.parse(j).value as number));
  } finally {
    db.close();
  }
}

describe('agent process with the embedded MQTT broker, killed with SIGKILL while a device publishes', () => {
  it('has every reading whose QoS 1 publish was acknowledged on disk after the kill', async () => {
    const tmp = await tempDir('gb-mqtt-kill9-');
    cleanups.push(tmp.remove);
    // The collector is down, so everything the agent committed stays in the spool file.
    const receiver = new TestReceiver({ token: 'tok' });
    await receiver.start();
    await receiver.stop();
    const cfg = writeAgentConfig(tmp.dir, 'agent.yaml', {
      collector: { url: receiver.url, token: 'tok' },
      inputs: [BROKER],
    });
    const file = path.join(tmp.dir, 'data', 'spool.db');
    const random = seeded(20261130);
    const acked: number[] = [];
    let next = 0;
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      const agent = startAgent(cfg);
      cleanups.push(() => agent.stop());
      await waitStarted(agent);
      const port = (logLines(agent, 'embedded MQTT broker listening')[0]!.address as { port: number }).port;
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
        username: 'sensor-1',
        password: 'pw-sensor-1',
        reconnectPeriod: 0,
      });
      client.on('error', () => {});
      cleanups.push(() => client.endAsync(true));
      // A device publishing as fast as the agent acknowledges, 8 messages in flight.
      let stop = false;
      const sender = async () => {
        while (!stop) {
          const v = next++;
          try {
            await client.publishAsync('devices/sensor-1/count', String(v), { qos: 1 });
            acked.push(v);
          } catch {
            return;
          }
        }
      };
      const senders = Array.from({ length: 8 }, sender);
      const before = acked.length;
      await waitFor('some acknowledged publishes', () => acked.length > before + 50, { timeoutMs: 30_000 });
      await new Promise((r) => setTimeout(r, Math.floor(random() * 500)));
      const ackedBeforeKill = new Set(acked);
      await kill9(agent);
      stop = true;
      client.end(true);
      await Promise.allSettled(senders);
      const disk = valuesOnDisk(file);
      const missing = [...ackedBeforeKill].filter((v) => !disk.has(v));
      expect(missing, `round ${round}: acknowledged but not on disk`).toEqual([]);
    }
    expect(acked.length).toBeGreaterThan(rounds * 50);
  }, 120_000);
});
