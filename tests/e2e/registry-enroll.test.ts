import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildRegistryApp,
  seed,
  startTestRegistry,
} from '../../packages/collector/test/integration/registry-fixtures.js';
import { loadAgentConfig, resolveCollectorToken } from '../../packages/edge-agent/src/config/index.js';

const run = promisify(execFile);
const AGENT = fileURLToPath(new URL('../../packages/edge-agent/bin/gongbang-agent.js', import.meta.url));

/** `gongbang-agent enroll` as a technician runs it on the mini PC, against a real collector. */
describe('gongbang-agent enroll', () => {
  let app: FastifyInstance;
  let url: string;
  let closeRegistry: () => Promise<void>;
  let dir: { dir: string; remove: () => Promise<void> };
  let techToken: string;

  beforeAll(async () => {
    dir = await tempDir('gongbang-enroll-');
    const started = await startTestRegistry('sqlite');
    closeRegistry = started.close;
    techToken = (await seed(started.registry)).tokens.technician;
    app = await buildRegistryApp(started.registry);
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await closeRegistry?.();
    await dir?.remove();
  });

  const newCode = async () => {
    const res = await fetch(`${url}/api/v1/workshops/ws-a/enrollment-codes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${techToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    return ((await res.json()) as { code: string }).code;
  };
  const enroll = async (args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [AGENT, 'enroll', ...args], { cwd: dir.dir });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('writes the credentials and initial config with mode 0600, ready to run', async () => {
    const code = await newCode();
    const res = await enroll([
      '--collector',
      url,
      '--code',
      code,
      '--config',
      'site/agent.yaml',
      '--data-dir',
      'site/data',
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/enrolled as ws-a-agent-1/);
    for (const f of [
      'site/agent.yaml',
      'site/data/agent-token',
      'site/data/enrollment.json',
      'site/data/remote-config.json',
    ]) {
      expect(statSync(`${dir.dir}/${f}`).mode & 0o777, f).toBe(0o600);
    }
    const config = loadAgentConfig(`${dir.dir}/site/agent.yaml`);
    expect(config.agent.id).toBe('ws-a-agent-1');
    expect(config.collector?.url).toBe(url);
    const token = resolveCollectorToken(config);
    expect(readFileSync(`${dir.dir}/site/agent.yaml`, 'utf8')).not.toContain(token);
    const hb = await fetch(`${url}/api/v1/agent/heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(hb.status).toBe(200);
  });

  it('refuses to overwrite an enrollment without --force, and burns no code doing so', async () => {
    const code = await newCode();
    const args = ['--collector', url, '--code', code, '--config', 'site/agent.yaml', '--data-dir', 'site/data'];
    const res = await enroll(args);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/already|이미/);
    const forced = await enroll([...args, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(statSync(`${dir.dir}/site/data/agent-token`).mode & 0o777).toBe(0o600);
  });

  it('explains a used, unknown or mistyped code and writes nothing', async () => {
    const code = await newCode();
    expect(
      (await enroll(['--collector', url, '--code', code, '--config', 'a/agent.yaml', '--data-dir', 'a/data'])).code,
    ).toBe(0);
    const used = await enroll(['--collector', url, '--code', code, '--config', 'b/agent.yaml', '--data-dir', 'b/data']);
    expect(used.code).toBe(1);
    expect(used.stderr).toMatch(/used already|이미 사용/);
    const unknown = await enroll([
      '--collector',
      url,
      '--code',
      'AAAA-BBBB-CCCC',
      '--config',
      'b/agent.yaml',
      '--data-dir',
      'b/data',
    ]);
    expect(unknown.stderr).toMatch(/not known|확인/);
    expect(existsSync(`${dir.dir}/b`)).toBe(false);
  });
});
