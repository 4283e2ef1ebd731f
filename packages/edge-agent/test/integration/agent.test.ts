import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanupAfterEach, waitFor } from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent.js';
import { type AgentConfig, AgentConfigSchema } from '../../src/config/index.js';
import { INPUT_FACTORIES, type InputFactories } from '../../src/inputs/index.js';
import { silentLogger } from '../support/drafts.js';
import { TestReceiver } from '../support/receiver.js';

const cleanups = cleanupAfterEach(afterEach);

function configFor(dir: string, url: string, inputs: unknown[]): AgentConfig {
  const cfg = AgentConfigSchema.parse({
    agent: { id: 'agent-it', dataDir: dir },
    collector: { url, token: 'tok' },
    spool: { flushIntervalMs: 20 },
    forwarder: { backoff: { initialMs: 50, maxMs: 200 } },
    statusPage: { port: 0 },
    inputs,
  });
  cfg.spool.file = path.join(dir, 'spool.db');
  return cfg;
}

const sim = (id: string) => ({ id, type: 'simulated', ratePerS: 50, channels: [{ id: 'v', kind: 'measurement' }] });

async function startedAgent(inputs: unknown[], inputFactories?: InputFactories) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gb-agent-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const receiver = new TestReceiver({ token: 'tok' });
  await receiver.start();
  cleanups.push(() => receiver.stop());
  const agent = new Agent(configFor(dir, receiver.url, inputs), { logger: silentLogger(), inputFactories });
  await agent.start();
  cleanups.push(() => agent.stop());
  return { agent, receiver, dir };
}

describe('Agent (composition root)', () => {
  it('swaps inputs on reconfigure without touching the spool', async () => {
    const { agent, receiver, dir } = await startedAgent([sim('old-1')]);
    await waitFor('old readings', () => receiver.readingsOf('old-1').length > 5);
    const seqBefore = agent.spool.stats().nextSeq;
    await agent.reconfigure(configFor(dir, receiver.url, [sim('new-1')]));
    // Seqs are handed out at append and the old inputs are stopped before reconfigure returns:
    // every seq from here on belongs to what runs now.
    const firstNewSeq = agent.spool.stats().nextSeq;
    expect(agent.status().inputs.map((i) => i.id)).toEqual(['new-1']);
    expect(firstNewSeq).toBeGreaterThanOrEqual(seqBefore);
    // "The old input is silent" is proven on delivered data, not after a pause: wait until the
    // receiver holds every seq from firstNewSeq up to the 20th new reading (an old input still
    // running at the same rate would have put about as many readings in that range), then
    // assert that none of them is old.
    await waitFor('20 new readings and every seq before them', () => {
      const last = receiver.readingsOf('new-1')[19]?.seq;
      if (last === undefined) return false;
      for (let seq = firstNewSeq; seq <= last; seq++) if (!receiver.stored.has(seq)) return false;
      return true;
    });
    expect(receiver.readingsOf('old-1').filter((r) => r.seq >= firstNewSeq)).toEqual([]);
    expect(receiver.conflicts).toEqual([]);
  });

  it('keeps the old inputs running when the new ones fail to start, and throws', async () => {
    // The agent's own factory map, not the module's: nothing leaks into other tests.
    const inputFactories: InputFactories = {
      ...INPUT_FACTORIES,
      'failing-test': (c) => ({
        id: c.id,
        type: 'failing-test',
        start: async () => {
          throw new Error('port busy');
        },
        stop: async () => {},
        health: () => ({ id: c.id, connected: false, lastDataTs: null, errors: {} }),
      }),
    };
    const { agent, receiver, dir } = await startedAgent([sim('keep-1')], inputFactories);
    const bad = { ...configFor(dir, receiver.url, []), inputs: [{ id: 'bad-1', type: 'failing-test', enabled: true }] };
    await expect(agent.reconfigure(bad as unknown as AgentConfig)).rejects.toThrow('port busy');
    expect(agent.status().inputs.map((i) => i.id)).toEqual(['keep-1']);
    const n = receiver.readingsOf('keep-1').length;
    await waitFor('the old input to keep delivering', () => receiver.readingsOf('keep-1').length > n + 5);
  });

  it('spools a health reading on each heartbeat and runs the heartbeat hooks', async () => {
    const { agent, receiver } = await startedAgent([sim('hb-1')]);
    const seen: number[] = [];
    agent.onHeartbeat((s) => {
      seen.push(s.spool.depth);
    });
    await agent.heartbeat();
    expect(seen).toHaveLength(1);
    await waitFor('health readings', () => receiver.readingsOf('agent').filter((r) => r.kind === 'health').length >= 2);
    const h = receiver.readingsOf('agent').find((r) => r.kind === 'health');
    expect(h).toMatchObject({ kind: 'health', agentVersion: expect.any(String) });
  });

  it('serves a read-only status page in Korean and English', async () => {
    const { dir } = await startedAgent([sim('page-1')]);
    const { statusUrl } = JSON.parse(
      (await import('node:fs')).readFileSync(path.join(dir, 'agent-status.json'), 'utf8'),
    );
    const ko = await (await fetch(`${statusUrl}?lang=ko`)).text();
    expect(ko).toContain('로컬 보관(스풀)');
    expect(ko).toContain('page-1');
    const en = await (await fetch(statusUrl, { headers: { 'accept-language': 'en-US' } })).text();
    expect(en).toContain('Spool:');
    const json = await (await fetch(new URL('status.json', statusUrl))).json();
    expect(json).toMatchObject({ agentId: 'agent-it', running: true, spool: { synchronous: 'FULL' } });
    const post = await fetch(statusUrl, { method: 'POST' });
    expect(post.status).toBe(405);
    await post.text();
  });
});
