import { describe, expect, it } from 'vitest';
import { readSafeCsv, writeSafeCsv } from '../../packages/collector/src/csv/index.js';
import { toCsv } from '../../packages/dashboard/src/shared/csv.js';

/**
 * The dashboard builds its tables' CSV in the browser (src/shared/csv.ts); it must write what the
 * collector's one safe writer writes, so that a spreadsheet never runs a cell as a formula.
 */
describe("the dashboard's CSV of a table", () => {
  const header = ['workshop', 'cluster', 'value', 'n'];
  const rows = [
    ['ws-a', 'Euljiro', 0.8125, 8],
    ['=HYPERLINK("http://x")', '+cmd', -5, 0],
    ['@SUM(A1)', '-2+3', null, 1],
    ['\tTab', '\rReturn', 1e-9, 2],
    ["'quoted", '＝full-width', 12, 3],
    ['쉼표, 따옴표 "안"', '줄\n바꿈', 3.5, 4],
    ['을지로 인쇄', '', 0, 5],
  ] as const;

  it('writes what the collector writes: formula cells quoted away, numbers left as numbers', () => {
    const ours = toCsv(header, rows);
    const theirs = writeSafeCsv(
      rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))),
      header,
    );
    expect(ours.split('\r\n').join('\n')).toBe(theirs);
    expect(ours).toContain(`"'=HYPERLINK(""http://x"")",'+cmd,-5,0\r\n`);
    expect(ours).toContain("'@SUM(A1),'-2+3,,1\r\n");
  });

  it('reads back, through the collector’s reader, as the table showed it', () => {
    const back = readSafeCsv(toCsv(header, rows));
    expect(back.map((r) => r.workshop)).toEqual(rows.map((r) => r[0]));
    expect(back[5]).toEqual({ workshop: '쉼표, 따옴표 "안"', cluster: '줄\n바꿈', value: '3.5', n: '4' });
  });
});
