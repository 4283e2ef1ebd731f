import { cronProblem, isCronExpression } from '@gongbang/agent-config';
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';

// The config schema checks cron expressions without node-cron (the collector must not load it);
// the agent schedules them with node-cron. These tests hold the two to the same grammar.

/** Parts each field takes, with near misses (`60` minutes, `L-31`, `0#6`), as space-separated lists. */
const FIELD_PARTS = [
  '* 0 05 59 60 */5 */0 */100 0/15 1-5 10-2 2-30/3 1-5/0 1,2,3 *,5 5*',
  '* 0 05 59 60 */5 */0 */100 0/15 1-5 10-2 2-30/3 1-5/0 1,2,3 *,5 5*',
  '* 0 23 24 */3 22-2/3 8-18 1,12 2*',
  '* ? 1 15 29 30 31 32 0 L l LW lw 15W 31w 32W L-2 L-30 L-31 L-0 1-5W 25-5 1,L',
  '* 1 2 12 13 0 jan FEB dec-feb jan-mar january september sept 2-11/3 1,2',
  '* ? 0 5 7 8 0-7 fri-mon mon-fri SUN sunday 5L 7L sunL 8L 1#2 mon#5 7#1 0#6 L 1,2',
].map((parts) => parts.split(' '));
const NOISE = ['a', '1-', '-1', '@daily', '@hourly', '?', 'L', '#', '5-', ''];

/** Expressions of 4 to 7 fields, mostly well-placed parts, from a seeded xorshift32 (failures repeat). */
function expressions(count: number, seed: number): string[] {
  let s = seed;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4_294_967_296;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  return Array.from({ length: count }, () => {
    const n = pick([4, 5, 5, 5, 6, 6, 7]);
    return Array.from({ length: n }, (_, i) => {
      const field = n === 5 ? i + 1 : i;
      return next() < 0.1 ? pick(NOISE) : pick(FIELD_PARTS[field] ?? FIELD_PARTS[0]!);
    }).join(' ');
  });
}

describe('cron expressions: the config schema and node-cron agree', () => {
  it('accepts what node-cron documents, as node-cron does', () => {
    const good = [
      '* * * * *',
      '17 * * * *',
      '55 23 * * *',
      '*/10 * * * * *',
      '0 0 8-18 * * mon-fri',
      '0 30 22-2/2 * * *',
      '0 0 1 jan,jul *',
      '0 0 L * *',
      '0 0 LW * *',
      '0 0 15W * *',
      '0 0 L-3 * *',
      '0 0 * * 5L',
      '0 0 * * fri#2',
      '0 0 ? * 1',
      '0 0 29 2 *',
      '@daily',
      '@Hourly',
      ' @yearly ',
      '0  0   *  * 7',
      '0 0 * * sunday',
    ];
    for (const e of good) {
      expect({ e, nodeCron: cron.validate(e) }).toEqual({ e, nodeCron: true });
      expect({ e, problem: cronProblem(e) }).toEqual({ e, problem: undefined });
    }
  });

  it('refuses what node-cron refuses, saying which field is wrong', () => {
    const bad: [string, RegExp][] = [
      ['60 * * * *', /minute/],
      ['* 24 * * *', /hour/],
      ['0 0 30 2 *', /never occurs/],
      ['*/0 * * * *', /step/],
      ['5/15 * * * *', /minute/],
      ['0 0 * 13 *', /month/],
      ['0 0 * * 8', /day of week/],
      ['0 0 * * 1#6', /day of week/],
      ['0 0 L-31 * *', /day of month/],
      ['* * * *', /5 or 6 fields/],
      ['* * * * * * *', /5 or 6 fields/],
      ['@reboot', /only digits/],
      ['*\t* * * *', /only digits/],
    ];
    for (const [e, reason] of bad) {
      expect({ e, nodeCron: cron.validate(e) }).toEqual({ e, nodeCron: false });
      expect(cronProblem(e)).toMatch(reason);
    }
  });

  it('never accepts an expression node-cron refuses, over 50,000 mixed expressions', () => {
    const all = expressions(50_000, 0x9e3779b9);
    const ours = all.filter((e) => isCronExpression(e));
    expect(ours.length).toBeGreaterThan(3_000); // enough valid ones in the mix to mean something
    expect(ours.filter((e) => !cron.validate(e))).toEqual([]);
  });

  it('refuses nothing node-cron accepts except `5*` (node-cron reads it as 50-59 by replacing the *)', () => {
    const onlyNodeCron = expressions(50_000, 12_345).filter((e) => cron.validate(e) && !isCronExpression(e));
    expect(onlyNodeCron.length).toBeGreaterThan(0); // the quirk is in the mix
    expect(onlyNodeCron.filter((e) => !/(^| )\d+\*( |$)/.test(e))).toEqual([]);
  });
});
