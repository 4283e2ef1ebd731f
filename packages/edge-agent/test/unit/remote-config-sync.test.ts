import { statSync } from 'node:fs';
import { tempDir } from '@gongbang/harness';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AgentConfig, AgentConfigSchema } from '../../src/config/index.js';
import {
  type HeartbeatAnswer,
  type HeartbeatClient,
  type HeartbeatReport,
  LastGoodConfigStore,
  mergeRemoteConfig,
  type Reconfigurable,
  RemoteConfigSync,
} from '../../src/remote-config/index.js';

const sim = (id: string) => ({ id, type: 'simulated' });

class FakeCollector implements HeartbeatClient {
  reports: HeartbeatReport[] = [];
  offer: HeartbeatAnswer['config'] = null;
  async heartbeat(report: HeartbeatReport): Promise<HeartbeatAnswer> {
    this.reports.push(report);
    return { v: 1, serverTime: Date.now(), configVersion: this.offer?.version ?? null, config: this.offer };
  }
}

class FakeAgent implements Reconfigurable {
  running: string[] = [];
  calls: string[][] = [];
  async reconfigure(next: Readonly<AgentConfig>): Promise<void> {
    const ids = next.inputs.map((i) => i.id);
    this.calls.push(ids);
    if (ids.includes('broken')) throw new Error('EADDRINUSE');
    this.running = ids;
  }
}

describe('remote config sync', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  let local: AgentConfig;
  beforeEach(async () => {
    dir = await tempDir('gongbang-rc-');
    local = AgentConfigSchema.parse({
      agent: { id: 'ag-1', dataDir: dir.dir },
      collector: { url: 'http://127.0.0.1:1', tokenFile: `${dir.dir}/agent-token` },
      inputs: [sim('old')],
    });
  });
  afterEach(async () => await dir.remove());

  const make = () => {
    const collector = new FakeCollector();
    const agent = new FakeAgent();
    const store = new LastGoodConfigStore(dir.dir);
    const sync = new RemoteConfigSync({
      target: agent,
      client: collector,
      store,
      running: local,
      runningVersion: null,
      local,
      logger: pino({ level: 'silent' }),
    });
    return { collector, agent, store, sync };
  };
  const offer = (version: number, inputs: unknown[], agentId = 'ag-1') => ({
    version,
    config: { agent: { id: agentId, dataDir: '/elsewhere' }, collector: { url: 'http://evil.example' }, inputs },
    author: 'tech',
    createdAt: new Date().toISOString(),
  });

  it('applies a newer config, keeps the local identity and collector, and saves it 0600 as last good', async () => {
    const { collector, agent, store, sync } = make();
    collector.offer = offer(2, [sim('new')]);
    await sync.syncOnce();
    expect(agent.running).toEqual(['new']);
    expect(sync.state()).toEqual({ appliedVersion: 2, failedVersion: null, failedReason: null });
    expect(store.load()?.version).toBe(2);
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(collector.reports.at(-1)).toMatchObject({ appliedConfigVersion: 2, failedConfigVersion: null });
    const merged = mergeRemoteConfig(local, collector.offer.config);
    expect(merged.agent.dataDir).toBe(dir.dir);
    expect(merged.collector?.url).toBe('http://127.0.0.1:1');
    // Sections the remote config does not name keep their local values.
    const localJobs = mergeRemoteConfig(
      { ...local, jobs: { ...local.jobs, heartbeat: '*/5 * * * * *' } },
      collector.offer.config,
    );
    expect(localJobs.jobs.heartbeat).toBe('*/5 * * * * *');
    expect(
      mergeRemoteConfig(local, { ...(collector.offer.config as object), jobs: { heartbeat: '0 * * * *' } }).jobs
        .heartbeat,
    ).toBe('0 * * * *');
    await sync.syncOnce();
    expect(agent.calls).toHaveLength(1);
  });

  it('merges each version over the local file: a later version naming no inputs brings the local ones back', async () => {
    const { collector, agent, sync } = make();
    collector.offer = offer(2, [sim('remote')]);
    await sync.syncOnce();
    expect(agent.running).toEqual(['remote']);
    collector.offer = offer(3, []);
    await sync.syncOnce();
    expect(sync.state().appliedVersion).toBe(3);
    expect(agent.running).toEqual(['old']);
  });

  it('rolls back to the last good config when the new one fails to start, and does not retry it', async () => {
    const { collector, agent, store, sync } = make();
    collector.offer = offer(2, [sim('good')]);
    await sync.syncOnce();
    collector.offer = offer(3, [sim('broken')]);
    await sync.syncOnce();
    expect(agent.running).toEqual(['good']);
    expect(agent.calls).toEqual([['good'], ['broken'], ['good']]);
    expect(sync.state()).toMatchObject({ appliedVersion: 2, failedVersion: 3 });
    expect(sync.state().failedReason).toMatch(/EADDRINUSE/);
    expect(store.load()?.version).toBe(2);
    expect(collector.reports.at(-1)).toMatchObject({ appliedConfigVersion: 2, failedConfigVersion: 3 });
    await sync.syncOnce();
    expect(agent.calls).toHaveLength(3);
  });

  it('refuses a config for another agent or one its schema rejects, without touching the inputs', async () => {
    const { collector, agent, sync } = make();
    collector.offer = offer(2, [sim('x')], 'someone-else');
    await sync.syncOnce();
    expect(sync.state()).toMatchObject({ appliedVersion: null, failedVersion: 2 });
    collector.offer = offer(3, [{ id: 'x', type: 'no-such-type' }]);
    await sync.syncOnce();
    expect(sync.state()).toMatchObject({ failedVersion: 3 });
    expect(sync.state().failedReason).toMatch(/inputs\[0\]/);
    expect(agent.calls).toEqual([]);
  });

  it('keeps going when the collector cannot be reached', async () => {
    const agent = new FakeAgent();
    const sync = new RemoteConfigSync({
      target: agent,
      client: { heartbeat: async () => Promise.reject(new Error('ECONNREFUSED')) },
      store: new LastGoodConfigStore(dir.dir),
      running: local,
      runningVersion: 1,
      logger: pino({ level: 'silent' }),
    });
    await expect(sync.syncOnce()).resolves.toBeUndefined();
    expect(sync.state().appliedVersion).toBe(1);
  });
});
