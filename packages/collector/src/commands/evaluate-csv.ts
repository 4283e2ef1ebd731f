import type { Bilingual } from '@gongbang/shared';
import { CsvError, parse } from 'csv-parse/sync';
import type { PanelColumns } from '../evaluation/index.js';

/** A CSV the evaluation cannot read; the text names the line and the column. */
export class PanelCsvError extends Error {
  constructor(readonly text: Bilingual) {
    super(text.en);
  }
}

/** Which CSV column holds what; `cluster` is optional. */
export interface PanelCsvColumns {
  unit: string;
  time: string;
  cohort: string;
  outcome: string;
  cluster?: string;
}

/** Cells read as a missing outcome. */
const MISSING = new Set(['', 'NA', 'na', 'NaN', 'null', 'NULL', '.']);

/**
 * Reads a long panel (one row per unit and period, header line first) into columns. `log` takes the
 * natural log of the outcome (a zero or negative outcome is refused, not made missing). Line numbers
 * in errors count the header as line 1.
 */
export function readPanelCsv(
  text: string,
  cols: PanelCsvColumns,
  log: boolean,
): { columns: PanelColumns; lineOfRow: number[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
    }) as typeof records;
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      throw new PanelCsvError({
        ko: `CSV ${line ?? '?'}행을 읽을 수 없습니다: ${err.message}`,
        en: `CSV line ${line ?? '?'} cannot be read: ${err.message}`,
      });
    }
    throw err;
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const wanted = [cols.unit, cols.time, cols.cohort, cols.outcome, ...(cols.cluster ? [cols.cluster] : [])];
  if (records.length === 0) {
    throw new PanelCsvError({ ko: 'CSV에 데이터 행이 없습니다', en: 'the CSV has no data rows' });
  }
  for (const c of wanted) {
    if (!header.includes(c)) {
      throw new PanelCsvError({
        ko: `CSV 머리글에 "${c}" 열이 없습니다 (있는 열: ${header.join(', ')})`,
        en: `the CSV header has no column "${c}" (columns: ${header.join(', ')})`,
      });
    }
  }
  const unit: string[] = [];
  const time: number[] = [];
  const cohort: number[] = [];
  const outcome: (number | null)[] = [];
  const cluster: string[] = [];
  const lineOfRow: number[] = [];
  const bad = (line: number, col: string, value: string, ko: string, en: string) =>
    new PanelCsvError({
      ko: `${line}행 "${col}" 열: ${ko} ("${value}")`,
      en: `line ${line}, column "${col}": ${en} ("${value}")`,
    });
  for (const { record, info } of records) {
    const line = info.lines;
    const u = record[cols.unit] ?? '';
    if (u === '') throw bad(line, cols.unit, u, '단위 ID가 비어 있습니다', 'empty unit id');
    const t = record[cols.time] ?? '';
    if (!/^-?\d+$/.test(t)) throw bad(line, cols.time, t, '정수 시점이어야 합니다', 'expected an integer period');
    const g = record[cols.cohort] ?? '';
    if (!/^\d+$/.test(g)) {
      throw bad(
        line,
        cols.cohort,
        g,
        '0(미처리) 또는 처리 시작 시점이어야 합니다',
        'expected 0 (never treated) or the first treated period',
      );
    }
    const yText = record[cols.outcome] ?? '';
    let y: number | null = null;
    if (!MISSING.has(yText)) {
      y = Number(yText);
      if (!Number.isFinite(y))
        throw bad(
          line,
          cols.outcome,
          yText,
          '숫자가 아닙니다 (결측은 빈 칸)',
          'not a number (leave missing cells empty)',
        );
      if (log) {
        if (y <= 0)
          throw bad(line, cols.outcome, yText, '--log에는 0보다 큰 값이 필요합니다', '--log needs values above 0');
        y = Math.log(y);
      }
    }
    if (cols.cluster) {
      const c = record[cols.cluster] ?? '';
      if (c === '') throw bad(line, cols.cluster, c, '군집이 비어 있습니다', 'empty cluster');
      cluster.push(c);
    }
    unit.push(u);
    time.push(Number(t));
    cohort.push(Number(g));
    outcome.push(y);
    lineOfRow.push(line);
  }
  return { columns: { unit, time, cohort, outcome, ...(cols.cluster ? { cluster } : {}) }, lineOfRow };
}
