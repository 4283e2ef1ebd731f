import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadAgentConfig } from '../../src/config/index.js';

function write(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gb-cfg-'));
  const file = path.join(dir, 'agent.yaml');
  writeFileSync(file, text);
  return file;
}

function problemsOf(file: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    loadAgentConfig(file, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('agent config loading', () => {
  it('loads a minimal file, resolves dataDir against the file and freezes the result', () => {
    const file = write('agent:\n  id: shop-1\n  dataDir: spool\n');
    const cfg = loadAgentConfig(file, {});
    expect(cfg.agent.dataDir).toBe(path.join(path.dirname(file), 'spool'));
    expect(Object.isFrozen(cfg.agent)).toBe(true);
  });

  it('names the file, the line and the path of every problem at once', () => {
    const file = write('agent:\n  id: "shop 1"\n  colour: red\ncollector:\n  url: ftp://x\n');
    const lines = problemsOf(file);
    expect(lines).toContain(
      `${file}:2:7 agent.id: expected letters, digits and _ . : - (starting with a letter or digit)`,
    );
    expect(lines.some((l) => /:3:\d+ agent.colour: unknown key "colour"$/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${file}:5:8 collector.url:`))).toBe(true);
  });

  it('reports YAML syntax errors with their line', () => {
    const file = write('agent:\n  id: [unclosed\n');
    expect(problemsOf(file)[0]).toMatch(new RegExp(`^${file}:\\d+:\\d+ \\(yaml\\):`));
  });

  it('reports a missing file', () => {
    expect(problemsOf('/nonexistent/agent.yaml')[0]).toMatch(/^\/nonexistent\/agent.yaml \(file\): cannot read/);
  });

  it('lets environment variables override the file', () => {
    const file = write('agent:\n  id: shop-1\n');
    const cfg = loadAgentConfig(file, { GONGBANG_AGENT_ID: 'shop-2', GONGBANG_COLLECTOR_URL: 'http://127.0.0.1:8080' });
    expect(cfg.agent.id).toBe('shop-2');
    expect(cfg.collector?.url).toBe('http://127.0.0.1:8080');
  });
});
