import { tempDir } from '@gongbang/harness';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AgentConfig, AgentConfigSchema } from '../../src/config/index.js';
import {
  effectiveConfig,
  LastGoodConfigStore,
  mergeRemoteConfig,
  overrideLine,
  readRemoteOverride,
  remoteSections,
} from '../../src/remote-config/index.js';

const sim = (id: string) => ({ id, type: 'simulated' });
const silent = pino({ level: 'silent' });

describe('merging a remote config over agent.yaml', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  let local: AgentConfig;
  beforeEach(async () => {
    dir = await tempDir('gongbang-merge-');
    local = AgentConfigSchema.parse({
      agent: { id: 'ag-1', dataDir: dir.dir },
      collector: { url: 'http://127.0.0.1:1', tokenFile: `${dir.dir}/agent-token` },
      forwarder: { batchMaxReadings: 100 },
      inputs: [sim('local-1'), sim('local-2')],
    });
  });
  afterEach(async () => await dir.remove());

  it('keeps the local inputs when the remote config names none (what enrollment used to store)', () => {
    for (const remote of [{ agent: { id: 'ag-1' }, inputs: [] }, { agent: { id: 'ag-1' } }]) {
      const merged = mergeRemoteConfig(local, remote);
      expect(merged.inputs.map((i) => i.id)).toEqual(['local-1', 'local-2']);
      expect(remoteSections(remote)).toEqual([]);
    }
  });

  it('keeps a local section that the remote config names empty', () => {
    const merged = mergeRemoteConfig(local, { agent: { id: 'ag-1' }, forwarder: {} });
    expect(merged.forwarder.batchMaxReadings).toBe(100);
  });

  it('replaces the sections the remote config fills, and lists them in schema order', () => {
    const remote = { inputs: [sim('remote-1')], forwarder: { batchMaxReadings: 7 }, agent: { id: 'ag-1' } };
    const merged = mergeRemoteConfig(local, remote);
    expect(merged.inputs.map((i) => i.id)).toEqual(['remote-1']);
    expect(merged.forwarder.batchMaxReadings).toBe(7);
    expect(remoteSections(remote)).toEqual(['forwarder', 'inputs']);
  });

  it('never lists or takes the local-only sections, even when the remote config fills them', () => {
    const remote = { agent: { id: 'ag-1', dataDir: '/elsewhere' }, collector: { url: 'http://evil.example' } };
    const merged = mergeRemoteConfig(local, remote);
    expect(merged.agent.dataDir).toBe(dir.dir);
    expect(merged.collector?.url).toBe('http://127.0.0.1:1');
    expect(remoteSections(remote)).toEqual([]);
  });

  it('says which local sections a stored remote version overrides, in Korean and English', () => {
    new LastGoodConfigStore(dir.dir).save(3, { agent: { id: 'ag-1' }, inputs: [sim('remote-1')] });
    const o = readRemoteOverride(local);
    expect(o).toMatchObject({ state: 'applied', version: 3, sections: ['inputs'] });
    expect(overrideLine(o, 'en')).toMatch(/Remote config version 3 overrides inputs/);
    expect(overrideLine(o, 'ko')).toMatch(/원격 설정\(버전 3\)이 이 파일의 inputs 항목을 대체/);
    const started = effectiveConfig(local, silent);
    expect(started).toMatchObject({ version: 3, overridden: ['inputs'] });
    expect(started.config.inputs.map((i) => i.id)).toEqual(['remote-1']);
  });

  it('runs the local inputs after an enrollment that stored an empty config, and says nothing is overridden', () => {
    new LastGoodConfigStore(dir.dir).save(1, { agent: { id: 'ag-1' }, inputs: [] });
    const started = effectiveConfig(local, silent);
    expect(started).toMatchObject({ version: 1, overridden: [] });
    expect(started.config.inputs.map((i) => i.id)).toEqual(['local-1', 'local-2']);
    expect(overrideLine(readRemoteOverride(local), 'en')).toMatch(/version 1: overrides nothing/);
  });

  it('reports a stored config for another agent as unusable and runs the local file', () => {
    new LastGoodConfigStore(dir.dir).save(2, { agent: { id: 'someone-else' }, inputs: [sim('x')] });
    const o = readRemoteOverride(local);
    expect(o).toMatchObject({ state: 'unusable', version: 2 });
    expect(overrideLine(o, 'en')).toMatch(/unusable.*someone-else/);
    expect(effectiveConfig(local, silent).config.inputs.map((i) => i.id)).toEqual(['local-1', 'local-2']);
    expect(readRemoteOverride({ ...local, agent: { id: 'ag-1', dataDir: `${dir.dir}/none` } })).toEqual({
      state: 'none',
    });
  });
});
