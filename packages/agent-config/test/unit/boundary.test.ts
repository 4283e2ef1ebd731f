import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AgentConfigSchema } from '../../src/index.js';

const pkg = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

// The collector validates remote configs with this package: anything it imports ends up in
// the collector's install, so it stays pure zod on top of the shared contract.
describe('@gongbang/agent-config stays pure', () => {
  it('depends on @gongbang/shared and zod only', () => {
    const manifest = JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@gongbang/shared', 'zod']);
  });

  it('imports nothing else, not even a Node built-in (no I/O in a schema)', () => {
    const outside = sources(path.join(pkg, 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)]
        .map((m) => m[1]!)
        .filter((spec) => !spec.startsWith('.') && spec !== 'zod' && spec !== '@gongbang/shared')
        .map((spec) => `${path.relative(pkg, file)}: ${spec}`),
    );
    expect(outside).toEqual([]);
  });

  it('fills every default from an agent id alone', () => {
    const c = AgentConfigSchema.parse({ agent: { id: 'agent-1' } });
    expect(c.jobs).toEqual({
      heartbeat: '* * * * *',
      compaction: '17 * * * *',
      dailySummary: '55 23 * * *',
      timezone: 'Asia/Seoul',
    });
    expect(c.inputs).toEqual([]);
  });
});
