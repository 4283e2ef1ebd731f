import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadCollectorConfig, parseCollectorConfigText } from '../../src/config/index.js';
import { toRanges } from '../../src/ingest/index.js';

const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url));

function problems(text: string): string {
  try {
    parseCollectorConfigText(text, 'collector.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('collector.yaml', () => {
  it('runs on the embedded store in ./data on 127.0.0.1:8080 without a file', () => {
    const c = loadCollectorConfig(undefined, { env: {}, cwd: '/srv/gb' });
    expect(c.store).toEqual({ type: 'sqlite', synchronous: 'full' });
    expect(c.dataDir).toBe('/srv/gb/data');
    expect(c.server).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(Object.isFrozen(c.server)).toBe(true);
  });

  it('names the file, the path and the line of every problem at once', () => {
    const msg = problems(
      'server:\n  port: "eighty"\nstore:\n  type: influxdb\n  url: nope\nagents:\n  - id: a1\n    workshop: w1\n',
    );
    expect(msg).toMatch(/collector\.yaml:2:\d+ server\.port: .*number/);
    expect(msg).toMatch(/collector\.yaml:5:\d+ store\.url:/);
    expect(msg).toMatch(/collector\.yaml:7:\d+ agents\[0\]: give exactly one of token or tokenSha256/);
  });

  it('refuses an owner token that is not limited to its workshops', () => {
    expect(problems('apiTokens:\n  - { id: o1, role: owner, token: owner-token-0123456789 }\n')).toMatch(
      /collector\.yaml:2:\d+ apiTokens\[0\]\.workshops: owner and technician tokens must list their workshops/,
    );
  });

  it('runs the evaluation on one worker and answers results up to 900 s old stale by default; checks both', () => {
    const c = loadCollectorConfig(undefined, { env: {}, cwd: '/srv/gb' });
    expect(c.evaluation).toEqual({ workers: 1, maxStaleS: 900 });
    expect(parseCollectorConfigText('evaluation: { workers: 3, maxStaleS: 0 }\n', 'c.yaml').evaluation).toEqual({
      workers: 3,
      maxStaleS: 0,
    });
    const msg = problems('evaluation:\n  workers: 0\n  maxStaleS: -1\n');
    expect(msg).toMatch(/evaluation\.workers/);
    expect(msg).toMatch(/evaluation\.maxStaleS/);
  });

  it('names unknown keys and YAML syntax errors with their line', () => {
    expect(problems('server:\n  prot: 80\n')).toMatch(/collector\.yaml:2:\d+ server\.prot: unknown key "prot"/);
    expect(problems('server: [\n')).toMatch(/collector\.yaml:\d+:\d+ \(yaml\)/);
  });

  it('lets the command line win over the environment, and the environment over the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gb-cfg-'));
    const file = path.join(dir, 'collector.yaml');
    writeFileSync(
      file,
      'dataDir: ./d\nserver: { port: 9000, host: 0.0.0.0 }\nstore: { type: influxdb, url: "http://i:8086", bucket: b }\n',
    );
    const env = { GONGBANG_COLLECTOR_PORT: '9100', GONGBANG_INFLUX_TOKEN: 'secret-token' };
    const c = loadCollectorConfig(file, { env, overrides: { host: '127.0.0.1' } });
    expect(c.server).toMatchObject({ port: 9100, host: '127.0.0.1' });
    expect(c.dataDir).toBe(path.join(dir, 'd'));
    expect(c.store).toMatchObject({ type: 'influxdb', api: 'v2', token: 'secret-token' });
    const cli = loadCollectorConfig(file, { env, overrides: { port: 1234, dataDir: 'x' }, cwd: '/work' });
    expect(cli.server.port).toBe(1234);
    expect(cli.dataDir).toBe('/work/x');
  });

  it.each(readdirSync(examples).filter((f) => /^collector.*\.yaml$/.test(f)))('loads examples/%s', (f) => {
    expect(() => loadCollectorConfig(path.join(examples, f), { env: {} })).not.toThrow();
  });
});

describe('sequence ranges', () => {
  it('compresses sorted or unsorted seqs into inclusive ranges', () => {
    expect(toRanges([3, 1, 2, 7, 9, 8, 20])).toEqual([
      [1, 3],
      [7, 9],
      [20, 20],
    ]);
    expect(toRanges([])).toEqual([]);
  });
});
