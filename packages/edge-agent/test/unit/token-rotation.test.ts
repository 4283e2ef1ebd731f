import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '@gongbang/harness';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentConfigSchema, collectorTokenSource } from '../../src/config/index.js';
import { attachTokenRotation, rotationBlocker, tokenRotationDue } from '../../src/enroll/index.js';

const dirs: Array<{ remove: () => Promise<void> }> = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await d.remove();
});
const DAY = 86_400_000;

async function tokenFile(content = 'gba_first\n'): Promise<string> {
  const d = await tempDir('gb-token-');
  dirs.push(d);
  const file = path.join(d.dir, 'agent-token');
  writeFileSync(file, content, { mode: 0o600 });
  return file;
}
const configWith = (collector: Record<string, unknown>) =>
  AgentConfigSchema.parse({ agent: { id: 'agent-1' }, collector: { url: 'http://127.0.0.1:1', ...collector } });

describe('token rotation settings', () => {
  it('rotates every 90 days by default, takes a number of days or false, and refuses 0', () => {
    expect(configWith({}).collector?.rotateTokenDays).toBe(90);
    expect(configWith({ rotateTokenDays: 30 }).collector?.rotateTokenDays).toBe(30);
    expect(configWith({ rotateTokenDays: false }).collector?.rotateTokenDays).toBe(false);
    expect(() => configWith({ rotateTokenDays: 0 })).toThrow(/rotateTokenDays/);
  });

  it('rotates only a token kept in a token file', async () => {
    expect(rotationBlocker(configWith({ tokenFile: await tokenFile() }))).toBeUndefined();
    expect(rotationBlocker(configWith({ token: 'gba_x' }))).toMatch(/collector\.tokenFile/);
    expect(rotationBlocker(configWith({}))).toMatch(/collector\.tokenFile/);
    expect(rotationBlocker(AgentConfigSchema.parse({ agent: { id: 'a' } }))).toMatch(/no collector/);
  });

  it('is due when the token file is old enough, by its modification time', async () => {
    const file = await tokenFile();
    const now = Date.now();
    expect(tokenRotationDue(file, 1, now)).toBe(false);
    utimesSync(file, (now - 2 * DAY) / 1000, (now - 2 * DAY) / 1000);
    expect(tokenRotationDue(file, 1, now)).toBe(true);
    expect(tokenRotationDue(file, 3, now)).toBe(false);
    expect(tokenRotationDue(`${file}.missing`, 1, now)).toBe(false);
  });

  it('does not schedule a rotation it could not carry out', async () => {
    const hooks: Array<() => Promise<void>> = [];
    const agent = { onHeartbeat: (h: () => Promise<void>) => hooks.push(h) };
    const log = pino({ level: 'silent' });
    expect(attachTokenRotation(agent, configWith({ token: 'gba_x' }), log)).toBe(false);
    expect(attachTokenRotation(agent, configWith({ tokenFile: await tokenFile(), rotateTokenDays: false }), log)).toBe(
      false,
    );
    expect(hooks).toHaveLength(0);
    expect(attachTokenRotation(agent, configWith({ tokenFile: await tokenFile() }), log)).toBe(true);
    expect(hooks).toHaveLength(1);
  });
});

describe('collectorTokenSource', () => {
  it('follows the token file when it is replaced, and keeps the last token while it is missing', async () => {
    const file = await tokenFile('gba_first\n');
    const source = collectorTokenSource(configWith({ tokenFile: file }));
    expect(source()).toBe('gba_first');
    writeFileSync(file, 'gba_second\n');
    utimesSync(file, Date.now() / 1000 + 5, Date.now() / 1000 + 5); // a distinct mtime even on coarse clocks
    expect(source()).toBe('gba_second');
    rmSync(file);
    expect(source()).toBe('gba_second');
  });

  it('gives collector.token when one is set', () => {
    expect(collectorTokenSource(configWith({ token: 'gba_inline' }))()).toBe('gba_inline');
  });
});
