import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { SIMULATOR_VERSION } from '../../src/index.js';

describe('gongbang-sim', () => {
  it('names itself in Korean and English and reports its version', () => {
    const p = buildProgram();
    expect(p.name()).toBe('gongbang-sim');
    expect(p.description()).toMatch(/시뮬레이터/);
    expect(p.version()).toBe(SIMULATOR_VERSION);
  });
});
