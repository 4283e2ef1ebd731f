import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from '@gongbang/harness';
import { describe, expect, it } from 'vitest';
import { MPDTA_CSV } from '../support/mpdta.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/gongbang-collector.js', import.meta.url));
const MPDTA = fileURLToPath(MPDTA_CSV);
const COLS = ['--unit', 'countyreal', '--time', 'year', '--cohort', 'first.treat', '--outcome', 'lemp'];

/** The built `gongbang-collector` (npm test builds first), as an evaluator runs it. */
async function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args]);
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('gongbang-collector evaluate', () => {
  it("prints did's published ATT(g,t) and aggregations of mpdta as JSON, with settings and version", async () => {
    const { stdout, code } = await cli([
      'evaluate',
      '--panel',
      MPDTA,
      ...COLS,
      '--control',
      'never',
      '--bootstrap',
      '199',
      '--seed',
      '5',
      '--json',
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    // https://bcallaway11.github.io/did/articles/did-basics.html: ATT(2004,2006) −0.1373, ATT(2007,2004) 0.0305.
    const cell = (g: number, t: number) =>
      out.attgt.find((c: { group: number; time: number }) => c.group === g && c.time === t);
    expect(cell(2004, 2006).att).toBeCloseTo(-0.1373, 4);
    expect(cell(2007, 2004)).toMatchObject({ n_treated: 131, n_control: 309, estimable: true });
    // https://bcallaway11.github.io/did/reference/aggte.html: simple −0.04, dynamic overall −0.0772, group −0.031.
    expect(out.aggregate.simple.att).toBeCloseTo(-0.04, 4);
    expect(out.aggregate.dynamic_overall.att).toBeCloseTo(-0.0772, 4);
    expect(out.aggregate.group_overall.att).toBeCloseTo(-0.031, 4);
    expect(out.aggregate.dynamic.map((d: { e: number }) => d.e)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(Object.keys(out.aggregate.dynamic[0])).toEqual(
      expect.arrayContaining(['e', 'att', 'se', 'lower', 'upper', 'uniform_lower', 'uniform_upper']),
    );
    expect(out.aggregate.calendar).toHaveLength(4);
    expect(out.settings).toMatchObject({ control: 'never', base: 'varying', anticipation: 0, se: 'bootstrap' });
    expect(out.settings.bootstrap).toMatchObject({ draws: 199, seed: 5, weights: 'rademacher' });
    expect(out.estimatorVersion).toMatch(/^cs2021-did\//);
    expect(out.pre_test.pValue.toFixed(5)).toBe('0.16812');
  });

  it('prints Korean tables by default and English ones with --lang en', async () => {
    const ko = await cli(['evaluate', '--panel', MPDTA, ...COLS]);
    expect(ko.code).toBe(0);
    expect(ko.stdout).toContain('코호트·시점별 효과 ATT(g,t)');
    expect(ko.stdout).toContain('경과 시점별 효과');
    expect(ko.stdout).toMatch(/2004\s+2006\s+2003\s+-0\.1363/); // not-yet-treated is the default
    const en = await cli(['evaluate', '--panel', MPDTA, ...COLS, '--lang', 'en', '--control', 'never']);
    expect(en.stdout).toContain('Group-time effects ATT(g,t)');
    expect(en.stdout).toMatch(/2004\s+2006\s+2003\s+-0\.1373/);
  });

  it('names the line and the column of a bad CSV cell', async () => {
    const { dir, remove } = await tempDir('evaluate-cli-');
    try {
      const file = path.join(dir, 'bad.csv');
      writeFileSync(file, 'unit,week,start,y\na,1,2,1.5\na,2,2,x\nb,1,0,1\nb,2,0,2\n');
      const bad = await cli([
        'evaluate',
        '--panel',
        file,
        '--unit',
        'unit',
        '--time',
        'week',
        '--cohort',
        'start',
        '--outcome',
        'y',
      ]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('line 3, column "y"');
      expect(bad.stderr).toContain('3행 "y" 열');
      writeFileSync(file, 'unit,week,start,y\na,1,2,1.5\na,2,3,2\nb,1,0,1\nb,2,0,2\n');
      const changes = await cli([
        'evaluate',
        '--panel',
        file,
        '--unit',
        'unit',
        '--time',
        'week',
        '--cohort',
        'start',
        '--outcome',
        'y',
      ]);
      expect(changes.code).toBe(1);
      expect(changes.stderr).toMatch(/line 3, column "start": row 1: unit a has cohort 3/);
      const missing = await cli([
        'evaluate',
        '--panel',
        file,
        '--unit',
        'unit',
        '--time',
        'wk',
        '--cohort',
        'start',
        '--outcome',
        'y',
      ]);
      expect(missing.stderr).toContain('no column "wk"');
      const flag = await cli(['evaluate', '--panel', file, ...COLS, '--control', 'sometimes']);
      expect(flag.code).toBe(2);
      expect(flag.stderr).toContain('--control: expected not-yet | never');
    } finally {
      await remove();
    }
  });

  it('runs the simulation study with --simulate, progress on stderr, and refuses panel flags with it', async () => {
    const small = ['evaluate', '--simulate', '4', '--seed', '2', '--workshops', '60', '--weeks', '40'];
    const json = await cli([...small, '--json']);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.stdout);
    expect(r).toMatchObject({ programmes: 4, seed: 2, truthMismatches: 0, studyVersion: expect.any(String) });
    expect(r.simulation).toMatchObject({ workshops: 60, weeks: 40 });
    expect(r.overall.n).toBe(4);
    expect(json.stderr).toContain('프로그램 4/4');
    const again = JSON.parse((await cli([...small, '--json'])).stdout);
    expect({ ...again, ms: 0 }).toEqual({ ...r, ms: 0 });
    const en = await cli([...small, '--lang', 'en']);
    expect(en.stdout).toContain('Simulation study');
    expect(en.stdout).toContain('naive before/after');
    expect(en.stderr).toContain('programme 4 of 4');
    const ko = await cli(small);
    expect(ko.stdout).toContain('모의 실험');
    const both = await cli([...small, '--panel', MPDTA]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--simulate takes no panel options (--panel)');
    const none = await cli(['evaluate', '--unit', 'x']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('required option(s) missing: --panel, --time, --cohort, --outcome');
  });
});
