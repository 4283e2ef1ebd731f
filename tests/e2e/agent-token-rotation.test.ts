import { execFile } from 'node:child_process';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { assertAlive, type ManagedProcess, startProcess, waitFor } from '@gongbang/harness';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { bearerJson, seededCollectorForSuite } from './collector-process.js';

const run = promisify(execFile);
const AGENT = fileURLToPath(new URL('../../packages/edge-agent/bin/gongbang-agent.js', import.meta.url));

/**
 * An enrolled agent renews its collector token: by hand with `gongbang-agent rotate-token`, and
 * by itself with a heartbeat once the token file is `rotateTokenDays` old. Real processes.
 */
describe('agent token rotation: serve + enroll + rotate-token + run', () => {
  const server = seededCollectorForSuite('gongbang-rotate-');
  let agent: ManagedProcess | undefined;
  afterAll(async () => {
    await agent?.stop();
  });

  const tech = bearerJson(
    () => server.url,
    () => server.world.tokens.technician,
  );
  const heartbeat = async (token: string) =>
    (
      await fetch(`${server.url}/api/v1/agent/heartbeat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      })
    ).status;

  it('rotates on demand and on schedule; the old token ends when the new one is used', async () => {
    const { code } = (await tech('POST', '/api/v1/workshops/ws-a/enrollment-codes', { agentId: 'ws-a-rot' })).body;
    await run(process.execPath, [AGENT, 'enroll', '--collector', server.url, '--code', code], { cwd: server.dir });
    const yamlFile = path.join(server.dir, 'agent.yaml');
    const tokenFile = path.join(server.dir, 'data', 'agent-token');
    const read = () => readFileSync(tokenFile, 'utf8').trim();
    const enrolled = read();

    // By hand: a new token in the file (0600); the old one still works until the new one is used.
    const out = await run(process.execPath, [AGENT, 'rotate-token', '--config', yamlFile], { cwd: server.dir });
    expect(out.stdout).toMatch(/new token saved/);
    const manual = read();
    expect(manual).toMatch(/^gba_/);
    expect(manual).not.toBe(enrolled);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect((await tech('GET', '/api/v1/agents/ws-a-rot')).body.tokenRotationPending).toBe(true);
    expect(await heartbeat(enrolled)).toBe(200);

    // On schedule: the running agent finds its token file two days old against rotateTokenDays 1.
    const local = parse(readFileSync(yamlFile, 'utf8'));
    writeFileSync(
      yamlFile,
      stringify({
        ...local,
        collector: { ...local.collector, rotateTokenDays: 1 },
        jobs: { heartbeat: '* * * * * *' },
        statusPage: { enabled: false },
        log: { level: 'warn' },
      }),
    );
    // Inputs come with the remote config (the enrolled agent runs the collector's config).
    await tech('PUT', '/api/v1/agents/ws-a-rot/config', {
      config: { agent: { id: 'ws-a-rot' }, inputs: [{ id: 'sim-rot', type: 'simulated', ratePerS: 10 }] },
    });
    const twoDaysAgo = Date.now() / 1000 - 2 * 86_400;
    utimesSync(tokenFile, twoDaysAgo, twoDaysAgo);
    agent = startProcess(process.execPath, [AGENT, 'run', '--config', yamlFile], { cwd: server.dir });
    await waitFor(
      'the running agent to replace its token',
      async () => {
        assertAlive(agent as ManagedProcess, 'gongbang-agent run');
        return read() !== manual;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const scheduled = read();
    // The agent goes on with the new token: the pending one is taken up and both older ones end.
    await waitFor(
      'the new token in use',
      async () => (await tech('GET', '/api/v1/agents/ws-a-rot')).body.tokenRotationPending === false,
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(await heartbeat(enrolled)).toBe(401);
    expect(await heartbeat(manual)).toBe(401);
    expect(await heartbeat(scheduled)).toBe(200);
    // Its readings keep arriving under the new token.
    const count = async (source = 'sim-rot') => {
      const res = await fetch(`${server.url}/api/v1/readings?workshop=ws-a&source=${source}`, {
        headers: { authorization: `Bearer ${server.world.tokens.owner}` },
      });
      return ((await res.json()) as { readings?: unknown[] }).readings?.length ?? 0;
    };
    const before = await count();
    await waitFor('readings after the rotation', async () => (await count()) > before, {
      timeoutMs: 30_000,
      intervalMs: 500,
    });
    // Fresh again: no second rotation at the next heartbeats. Each heartbeat spools a health
    // reading and then runs the rotation hook; three more health readings stored prove that at
    // least two heartbeats (and their hooks) ran since, instead of hoping 2.5 s was enough.
    const beats = await count('agent');
    await waitFor('three more heartbeats stored', async () => (await count('agent')) >= beats + 3, {
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    expect(read()).toBe(scheduled);
  });

  it('refuses to rotate a token it could not save, and says where it should be', async () => {
    const yamlFile = path.join(server.dir, 'inline.yaml');
    writeFileSync(
      yamlFile,
      stringify({
        agent: { id: 'ws-a-inline', dataDir: 'inline-data' },
        collector: { url: server.url, token: 'gba_x' },
      }),
    );
    const res = await run(process.execPath, [AGENT, 'rotate-token', '--config', yamlFile], { cwd: server.dir }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((res as { code: number }).code).toBe(1);
    expect((res as { stderr: string }).stderr).toMatch(/collector\.tokenFile/);
  });
});
