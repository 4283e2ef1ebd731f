import { cleanupAfterEach, tempDir, waitFor } from '@gongbang/harness';
import { afterEach, describe, expect, it } from 'vitest';
import {
  agentStatusCli,
  fetchStatus,
  sigterm,
  startAgent,
  waitStarted,
  writeAgentConfig,
} from '../../packages/edge-agent/test/support/agent-process.js';
import { TestReceiver } from '../../packages/edge-agent/test/support/receiver.js';

const cleanups = cleanupAfterEach(afterEach);

describe('gongbang-agent status', () => {
  it('shows inputs, spool, uploads, dead letters and clock offset, in Korean, English or JSON', async () => {
    const tmp = await tempDir('gb-status-');
    cleanups.push(tmp.remove);
    const receiver = new TestReceiver({ token: 'tok' });
    await receiver.start();
    cleanups.push(() => receiver.stop());
    const cfg = writeAgentConfig(tmp.dir, 'agent.yaml', {
      collector: { url: receiver.url, token: 'tok' },
      inputs: [{ id: 'press-1', type: 'simulated', ratePerS: 10, channels: [{ id: 'power_w', kind: 'measurement' }] }],
    });
    const agent = startAgent(cfg);
    cleanups.push(() => agent.stop());
    await waitStarted(agent);
    await waitFor('an upload', async () => (await fetchStatus(agent)).forwarder?.lastSuccessAt !== null);

    const json = await agentStatusCli(cfg, ['--json']);
    expect(json.code).toBe(0);
    const s = JSON.parse(json.output);
    expect(s).toMatchObject({ agentId: 'e2e-agent', running: true, deadLetters: [] });
    expect(s.inputs).toEqual([expect.objectContaining({ id: 'press-1', connected: true })]);
    expect(typeof s.forwarder.clockOffsetMs).toBe('number');

    const ko = await agentStatusCli(cfg, [], { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'ko_KR.UTF-8' });
    expect(ko.output).toContain('로컬 보관(스풀)');
    expect(ko.output).toContain('마지막 전송 성공');
    expect(ko.output).toMatch(/press-1: 연결됨/);
    const en = await agentStatusCli(cfg, ['--lang', 'en']);
    expect(en.output).toContain('last successful upload');
    expect(en.output).toMatch(/Clock offset \(agent − collector\): [+-]\d+ ms/);

    expect(await sigterm(agent)).toBe(0);
    const offline = await agentStatusCli(cfg, ['--lang', 'en']);
    expect(offline.output).toContain('not running');
    expect(offline.output).toMatch(/Spool: \d+ readings waiting/);
  });
});
