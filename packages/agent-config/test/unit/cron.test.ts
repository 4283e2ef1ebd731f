import { describe, expect, it } from 'vitest';
import { AgentConfigSchema, cronProblem } from '../../src/index.js';

// Agreement with node-cron itself is tested where node-cron is installed:
// packages/edge-agent/test/unit/cron-agreement.test.ts.
describe('cronProblem', () => {
  it.each([
    '* * * * *',
    '*/15 * * * * *',
    '0 22-2/2 * * *',
    '0 9 * jan-mar mon-fri',
    '0 0 L * *',
    '0 0 15W * *',
    '0 0 * * fri#2',
    '0 0 ? * 7L',
    '0 0 29 2 *',
    '@daily',
  ])('accepts %s', (e) => {
    expect(cronProblem(e)).toBeUndefined();
  });

  it.each([
    ['* * * *', 'expected 5 or 6 fields, got 4'],
    ['60 * * * *', '"60" is not a valid minute (0–59)'],
    ['0 0 * 13 *', '"13" is not a valid month (1–12)'],
    ['0 0 * * 1#6', '"1#6" is not a valid day of week (0–7)'],
    ['*/0 * * * *', 'step "0" in minute must be at least 1'],
    ['0 0 31 4,6 *', 'day 31 never occurs in month 4,6'],
    ['0 0 * * * ; rm', 'only digits, names, spaces and * / , - # ? L W may appear'],
  ])('refuses %s: %s', (e, reason) => {
    expect(cronProblem(e)).toBe(reason);
  });

  it('names the job and the reason in the schema issue', () => {
    const r = AgentConfigSchema.safeParse({ agent: { id: 'a' }, jobs: { compaction: '0 0 31 2 *' } });
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([
      expect.objectContaining({
        path: ['jobs', 'compaction'],
        message: 'not a valid cron expression: day 31 never occurs in month 2',
      }),
    ]);
  });
});
