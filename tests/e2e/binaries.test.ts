import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = (p: string) => fileURLToPath(new URL(`../../packages/${p}`, import.meta.url));

describe('installed binaries', () => {
  it.each([
    ['edge-agent/bin/gongbang-agent.js', ['run', 'enroll', 'status', 'ports', 'check-config']],
    ['collector/bin/gongbang-collector.js', ['serve', 'admin']],
  ])('%s --help lists its commands in Korean and English', async (path, commands) => {
    const { stdout } = await run(process.execPath, [bin(path), '--help']);
    for (const c of commands) expect(stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
    expect(stdout).toMatch(/[가-힣]/);
  });
});
