import { describe, expect, it } from 'vitest';
import { binSettings, missingSettings, parseShebang } from '../../src/launch/index.js';

describe('the memory settings on the binary’s first line', () => {
  it('reads the environment and node options of an env -S line', () => {
    expect(parseShebang('#!/usr/bin/env -S A=1 B=x node --lite-mode --max-semi-space-size=1')).toEqual({
      env: { A: '1', B: 'x' },
      nodeArgs: ['--lite-mode', '--max-semi-space-size=1'],
    });
  });

  it('refuses a first line that does not run node through env -S', () => {
    expect(() => parseShebang('#!/usr/bin/env node')).toThrow(/env -S/);
    expect(() => parseShebang('#!/usr/bin/env -S deno run')).toThrow(/no "node"/);
  });

  it('are the settings docs/agent.md describes', () => {
    expect(binSettings()).toEqual({
      env: { MALLOC_ARENA_MAX: '2' },
      nodeArgs: ['--max-semi-space-size=1', '--optimize-for-size', '--lite-mode', '--no-expose-wasm'],
    });
  });

  it('names what a process started another way lacks', () => {
    const wanted = binSettings();
    expect(missingSettings(wanted, wanted.nodeArgs, { MALLOC_ARENA_MAX: '2' })).toEqual([]);
    expect(missingSettings(wanted, ['--lite-mode'], {})).toEqual([
      '--max-semi-space-size=1',
      '--optimize-for-size',
      '--no-expose-wasm',
      'MALLOC_ARENA_MAX=2',
    ]);
  });
});
