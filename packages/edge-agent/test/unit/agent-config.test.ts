import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadAgentConfig, resolveCollectorToken } from '../../src/config/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function write(text: string, name = 'agent.yaml'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gb-acfg-'));
  dirs.push(dir);
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('agent config: spool, forwarder, status page, jobs', () => {
  it('fills safe defaults: synchronous FULL, spool file in dataDir, status page on 127.0.0.1', () => {
    const file = write('agent:\n  id: shop-1\n  dataDir: d\n');
    const c = loadAgentConfig(file, {});
    expect(c.spool).toMatchObject({
      synchronous: 'FULL',
      flushIntervalMs: 0, // commit as soon as the previous commit finished (issue #10, item 16)
      reserveBytes: 8 * 1024 ** 2,
      file: path.join(path.dirname(file), 'd', 'spool.db'),
    });
    expect(c.forwarder).toMatchObject({ batchMaxReadings: 5_000, gzip: true, backoff: { initialMs: 500 } });
    expect(c.statusPage).toEqual({ enabled: true, host: '127.0.0.1', port: 8787 });
    expect(c.jobs.timezone).toBe('Asia/Seoul');
  });

  it('refuses synchronous OFF, an oversized batch and a bad cron expression, naming each', () => {
    const file = write(
      'agent:\n  id: shop-1\nspool:\n  synchronous: "OFF"\nforwarder:\n  batchMaxReadings: 20000\njobs:\n  heartbeat: every minute\n',
    );
    try {
      loadAgentConfig(file, {});
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toMatch(/:4:\d+ spool\.synchronous:/);
      expect(msg).toMatch(/:6:\d+ forwarder\.batchMaxReadings:/);
      expect(msg).toMatch(/:8:\d+ jobs\.heartbeat: not a valid cron expression/);
    }
  });

  it('reads the token from collector.token, GONGBANG_AGENT_TOKEN or collector.tokenFile', () => {
    const file = write('agent:\n  id: shop-1\ncollector:\n  url: http://127.0.0.1:8080\n  tokenFile: token.txt\n');
    writeFileSync(path.join(path.dirname(file), 'token.txt'), 'from-file\n');
    expect(resolveCollectorToken(loadAgentConfig(file, {}))).toBe('from-file');
    expect(resolveCollectorToken(loadAgentConfig(file, { GONGBANG_AGENT_TOKEN: 'from-env' }))).toBe('from-env');
  });

  it('validates the simulated input strictly', () => {
    const file = write('agent:\n  id: shop-1\ninputs:\n  - id: sim-1\n    type: simulated\n    ratePerS: 5000\n');
    expect(() => loadAgentConfig(file, {})).toThrow(/inputs\[0\]\.ratePerS/);
  });

  it('refuses two inputs with the same id, at the line of the second', () => {
    const file = write(
      'agent:\n  id: shop-1\ninputs:\n  - id: sim-1\n    type: simulated\n  - id: sim-1\n    type: simulated\n',
    );
    expect(() => loadAgentConfig(file, {})).toThrow(/:6:\d+ inputs\[1\]\.id: source id "sim-1" is already used/);
  });

  it('accepts examples/demo-agent.yaml, the config `npm start` runs', () => {
    const demo = fileURLToPath(new URL('../../../../examples/demo-agent.yaml', import.meta.url));
    const c = loadAgentConfig(demo, {});
    expect(c.collector?.url).toBe('http://127.0.0.1:8080');
    expect(c.inputs.map((i) => i.type)).toEqual(['simulated', 'simulated', 'simulated']);
  });
});
