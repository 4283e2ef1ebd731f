import type { Registry } from '../../src/compose/registry.js';
import { addDays } from '../../src/metrics/index.js';

export const PRINTERS_FIRST_DAY = '2025-12-01'; // a Monday
export const PRINTERS_WEEKS = 10;
export const PRINTERS_EFFECT = 5; // good pieces per worker-hour

/**
 * Eight printers keep a paper log: their labour productivity is their own level plus a common
 * weekly trend, and +5 pieces per worker-hour from the week they enter stage 1. Four enter it
 * (two in week 4, two in week 7), four never do: the effect must come out exactly.
 */
export const PRINTERS = [
  { id: 'p-a', level: 20, enters: 3 },
  { id: 'p-b', level: 26, enters: 3 },
  { id: 'p-c', level: 31, enters: 6 },
  { id: 'p-d', level: 18, enters: 6 },
  { id: 'p-e', level: 22, enters: null },
  { id: 'p-f', level: 28, enters: null },
  { id: 'p-g', level: 24, enters: null },
  { id: 'ws-a', level: 30, enters: null },
];

/** The query of the printers' 0→1 analysis on their window (levels, not logs). */
export const PRINTERS_QUERY = `transition=0-1&outcome=labour_productivity&log=false&from=${PRINTERS_FIRST_DAY}&to=${addDays(PRINTERS_FIRST_DAY, PRINTERS_WEEKS * 7 - 1)}`;

/** Creates the printers (ws-a comes from `seed`), their stage histories and paper logs; `by` enters them. */
export async function seedPrinters(registry: Registry, by: string): Promise<void> {
  for (const s of PRINTERS) {
    if (s.id !== 'ws-a') {
      await registry.workshops.create({
        id: s.id,
        nameKo: s.id,
        nameEn: s.id,
        industry: 'printing',
        cluster: 'Euljiro',
        headcount: 1,
      });
    }
    await registry.workshops.setStage(s.id, { stage: 0, startedOn: '2025-06-01', level: 'ict_none' });
    if (s.enters !== null) {
      await registry.workshops.setStage(s.id, {
        stage: 1,
        startedOn: addDays(PRINTERS_FIRST_DAY, s.enters * 7),
        level: 'basic',
      });
    }
    for (let w = 0; w < PRINTERS_WEEKS; w++) {
      for (let d = 0; d < 5; d++) {
        const perHour = s.level + 0.5 * w + (s.enters !== null && w >= s.enters ? PRINTERS_EFFECT : 0);
        await registry.manualEntries.add(
          s.id,
          { day: addDays(PRINTERS_FIRST_DAY, w * 7 + d), pq: perHour * 8, workS: 8 * 3600 },
          by,
        );
      }
    }
  }
}
