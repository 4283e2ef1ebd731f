import { describe, expect, it } from 'vitest';
import { addDays, isoWeekMonday, tileRange } from '../../src/metrics/index.js';
import { seeded } from '../support/metrics-readings.js';

describe('tileRange', () => {
  it('reads a two-year range as months with a few weeks and days at its edges', () => {
    const pieces = tileRange('2024-12-10', '2026-11-27');
    expect(pieces.filter((p) => p.grain === 'month').map((p) => [p.fromDay, p.toDay])).toEqual([
      ['2025-01-01', '2026-10-31'],
    ]);
    expect(pieces[0]).toEqual({ grain: 'day', fromDay: '2024-12-10', toDay: '2024-12-15' });
    expect(pieces).toContainEqual({ grain: 'week', fromDay: '2024-12-16', toDay: '2024-12-29' });
    expect(pieces.length).toBeLessThanOrEqual(8);
  });

  it('covers every day of any range exactly once, with whole weeks and months only', () => {
    const rnd = seeded(9);
    for (let k = 0; k < 300; k++) {
      const from = addDays('2024-01-01', Math.floor(rnd() * 900));
      const to = addDays(from, Math.floor(rnd() * 400));
      const days: string[] = [];
      for (const p of tileRange(from, to)) {
        if (p.grain === 'week') {
          expect(isoWeekMonday(p.fromDay)).toBe(p.fromDay);
          expect(((Date.parse(p.toDay) - Date.parse(p.fromDay)) / 86_400_000) % 7).toBe(6);
        }
        if (p.grain === 'month') {
          expect(p.fromDay.endsWith('-01')).toBe(true);
          expect(addDays(p.toDay, 1).endsWith('-01')).toBe(true);
        }
        for (let d = p.fromDay; d <= p.toDay; d = addDays(d, 1)) days.push(d);
      }
      const expected: string[] = [];
      for (let d = from; d <= to; d = addDays(d, 1)) expected.push(d);
      expect(days).toEqual(expected);
    }
  });
});
