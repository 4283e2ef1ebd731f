import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { assertAlive, type ManagedProcess, startProcess, waitFor } from '@gongbang/harness';
import { afterAll, describe, expect, it } from 'vitest';
import { bearerJson, seededCollectorForSuite } from './collector-process.js';

const run = promisify(execFile);
const AGENT = fileURLToPath(new URL('../../packages/edge-agent/bin/gongbang-agent.js', import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read in assertions
type Json = Record<string, any>;

/** The technician writes agent.yaml with its inputs first, then enrolls it (issue #10, item 12). */
const LOCAL_YAML = `# packing table
agent:
  dataDir: ./data
statusPage: { port: 0 }
jobs: { heartbeat: "* * * * * *" }
log: { level: info }
inputs:
  - id: local-sim # until the scanner arrives
    type: simulated
    ratePerS: 10
`;

/**
 * Real processes: `gongbang-collector serve`, `gongbang-agent enroll` over an agent.yaml that
 * already has inputs, `run`, `check-config` and `status`. The inputs of the file must run and
 * deliver; a remote config that names inputs then overrides them, and the commands say so.
 */
describe('enroll with a local agent.yaml that has inputs', () => {
  const server = seededCollectorForSuite('gongbang-local-inputs-');
  let agent: ManagedProcess | undefined;
  afterAll(async () => {
    await agent?.stop();
  });
  const tech = bearerJson(
    () => server.url,
    () => server.world.tokens.technician,
  );
  const cli = async (args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [AGENT, ...args], { cwd: server.dir });
      return { code: 0, out: stdout + stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout + e.stderr };
    }
  };
  const readings = async (source: string) => {
    const res = await fetch(`${server.url}/api/v1/readings?workshop=ws-a&source=${source}`, {
      headers: { authorization: `Bearer ${server.world.tokens.owner}` },
    });
    return (((await res.json()) as Json).readings ?? []) as unknown[];
  };

  it('runs and delivers the local inputs after enrolling, and says which settings are remote', async () => {
    const yamlFile = path.join(server.dir, 'agent.yaml');
    writeFileSync(yamlFile, LOCAL_YAML);
    const { code } = (await tech('POST', '/api/v1/workshops/ws-a/enrollment-codes', { agentId: 'ws-a-pc' })).body;
    // A URL with a query cannot be a base URL: refused before the code is used.
    const refused = await cli(['enroll', '--collector', `${server.url}/api/v1?workshop=ws-a`, '--code', code]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/--collector must not have a query/);
    // Typed the way the API docs show it: the agent must not post to /api/v1/api/v1/ingest.
    const enrolled = await cli(['enroll', '--collector', `${server.url}/api/v1/`, '--code', code]);
    expect(enrolled.code, enrolled.out).toBe(0);
    expect(enrolled.out).toMatch(/kept the settings and inputs/);

    const checked = await cli(['check-config', yamlFile]);
    expect(checked.code, checked.out).toBe(0);
    expect(checked.out).toMatch(/1 input\(s\), 1 enabled \(simulated ×1\)/);
    expect(checked.out).toMatch(/Remote config version 1: overrides nothing in this file/);
    expect(checked.out).toMatch(/원격 설정 버전 1: 이 파일의 설정을 바꾸지 않음/);

    agent = startProcess(process.execPath, [AGENT, 'run', '--config', yamlFile], { cwd: server.dir });
    await waitFor(
      'readings of the local input in the collector',
      async () => {
        assertAlive(agent as ManagedProcess, 'gongbang-agent run');
        return (await readings('local-sim')).length > 0;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const status = await cli(['status', '--config', yamlFile, '--lang', 'en']);
    expect(status.out).toMatch(/Remote config version 1: overrides nothing/);

    // The technician now sets the inputs remotely: they replace the file's, and every command says so.
    const v2 = await tech('PUT', '/api/v1/agents/ws-a-pc/config', {
      config: { agent: { id: 'ws-a-pc' }, inputs: [{ id: 'remote-sim', type: 'simulated', ratePerS: 10 }] },
    });
    expect(v2.body.version).toBe(2);
    await waitFor('readings of the remote input', async () => (await readings('remote-sim')).length > 0, {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    const ko = await cli(['status', '--config', yamlFile, '--lang', 'ko']);
    // Said once: by the running agent, not again by the command.
    expect(ko.out.match(/원격 설정\(버전 2\)이 이 파일의 inputs 항목을 대체합니다/g), ko.out).toHaveLength(1);
    // The owner's status page says it too.
    const { statusUrl } = JSON.parse(readFileSync(path.join(server.dir, 'data', 'agent-status.json'), 'utf8'));
    const page = await (await fetch(`${statusUrl}?lang=en`)).text();
    expect(page).toMatch(/Remote config version 2 overrides inputs of this file/);
    const json = JSON.parse((await cli(['status', '--config', yamlFile, '--json'])).out) as Json;
    expect(json.remoteConfig).toMatchObject({ state: 'applied', version: 2, sections: ['inputs'] });
    const again = await cli(['check-config', yamlFile]);
    expect(again.out).toMatch(/Remote config version 2 overrides inputs of this file/);
    expect(again.out).toMatch(/inputs that run: 1 input\(s\), 1 enabled \(simulated ×1\)/);

    // After a restart the agent says it at once in its log.
    await agent.stop();
    agent = startProcess(process.execPath, [AGENT, 'run', '--config', yamlFile], { cwd: server.dir });
    await waitFor('the override in the log', () => {
      assertAlive(agent as ManagedProcess, 'gongbang-agent run');
      return /Remote config version 2 overrides inputs/.test(agent!.output());
    });
  }, 180_000);
});
