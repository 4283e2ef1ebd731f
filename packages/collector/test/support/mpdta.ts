import { readFileSync } from 'node:fs';
import { buildPanel, type Panel } from '../../src/evaluation/index.js';

/** did's example data (test/fixtures/README.md): log teen employment of 500 counties, 2003–2007. */
export const MPDTA_CSV = new URL('../fixtures/mpdta.csv', import.meta.url);

/** mpdta as a panel: unit countyreal, time year, cohort first.treat, outcome lemp. */
export function mpdtaPanel(): Panel {
  const [head, ...lines] = readFileSync(MPDTA_CSV, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  const at = (name: string) => cols.indexOf(name);
  const rows = lines.map((l) => l.split(','));
  return buildPanel({
    unit: rows.map((r) => r[at('countyreal')]!),
    time: rows.map((r) => Number(r[at('year')])),
    cohort: rows.map((r) => Number(r[at('first.treat')])),
    outcome: rows.map((r) => Number(r[at('lemp')])),
  });
}
