import { type Bilingual, both } from '@gongbang/shared';
import { parse } from 'csv-parse/sync';
import { writeSafeCsv } from '../csv/index.js';
import type { ManualEntry } from './inputs.js';
import type { ManualEntryField } from './manual-entry-schema.js';

/** The columns of a manual entries CSV, in the order the export writes them. */
export const MANUAL_ENTRY_CSV_COLUMNS = [
  'day',
  'shift',
  'machine',
  'product',
  'worker',
  'pq',
  'sq',
  'rq',
  'hours',
  'note',
] as const;
type CsvColumn = (typeof MANUAL_ENTRY_CSV_COLUMNS)[number];

/** Korean header names accepted for each column (as on the paper 작업일지). */
export const MANUAL_ENTRY_CSV_KO_HEADERS: Readonly<Record<CsvColumn, string>> = {
  day: '날짜',
  shift: '교대',
  machine: '설비',
  product: '제품',
  worker: '작업자',
  pq: '생산수량',
  sq: '폐기',
  rq: '재작업',
  hours: '작업시간',
  note: '비고',
};

/** Columns the export adds after the others; the collector sets them, so an import skips them. */
export const MANUAL_ENTRY_CSV_PROVENANCE = ['id', 'entered_by', 'entered_at'] as const;

/** Most data lines one import takes. */
export const MAX_IMPORT_LINES = 10_000;

const FIELD_OF: Readonly<Record<CsvColumn, ManualEntryField>> = {
  day: 'day',
  shift: 'shift',
  machine: 'machineId',
  product: 'productId',
  worker: 'workerId',
  pq: 'pq',
  sq: 'sq',
  rq: 'rq',
  hours: 'workS',
  note: 'note',
};

/** One problem of an import: the file's line (1 = header), the column as the file names it, and what is wrong. */
export interface CsvLineError {
  line: number;
  /** The column's header as written in the file; null for a problem of the whole line or file. */
  column: string | null;
  /** Korean / English. */
  message: string;
}

/** One data line read into the fields of a manual entry input, not validated yet. */
export interface CsvEntryLine {
  line: number;
  input: Record<string, unknown>;
  /** Header name per field, for reporting a field's problem under the file's own column name. */
  columnOf: Partial<Record<ManualEntryField, string>>;
}

const T = {
  empty: { ko: '파일이 비어 있습니다', en: 'the file is empty' },
  noHeader: {
    ko: `첫 줄에 열 이름이 필요합니다: ${MANUAL_ENTRY_CSV_COLUMNS.join(',')}`,
    en: `the first line must name the columns: ${MANUAL_ENTRY_CSV_COLUMNS.join(',')}`,
  },
  unknown: {
    ko: `알 수 없는 열입니다 (가능한 열: ${MANUAL_ENTRY_CSV_COLUMNS.join(',')} 또는 ${Object.values(MANUAL_ENTRY_CSV_KO_HEADERS).join(',')})`,
    en: `unknown column (expected ${MANUAL_ENTRY_CSV_COLUMNS.join(',')} or their Korean names)`,
  },
  duplicate: { ko: '같은 열이 두 번 있습니다', en: 'the same column appears twice' },
  missing: (c: string) => ({ ko: `필수 열이 없습니다: ${c}`, en: `required column missing: ${c}` }),
  tooMany: {
    ko: `한 번에 ${MAX_IMPORT_LINES}줄까지 가져올 수 있습니다`,
    en: `at most ${MAX_IMPORT_LINES} lines per import`,
  },
  extraCells: { ko: '열 이름보다 칸이 많습니다', en: 'more cells than columns' },
  syntax: (detail: string) => ({ ko: `CSV 형식 오류: ${detail}`, en: `CSV syntax error: ${detail}` }),
} satisfies Record<string, Bilingual | ((x: string) => Bilingual)>;

const err = (line: number, column: string | null, t: Bilingual): CsvLineError => ({ line, column, message: both(t) });

const HEADER_OF = new Map<string, CsvColumn>([
  ...MANUAL_ENTRY_CSV_COLUMNS.map((c) => [c, c] as const),
  ...Object.entries(MANUAL_ENTRY_CSV_KO_HEADERS).map(([c, ko]) => [ko, c as CsvColumn] as const),
]);
const SKIPPED = new Set<string>(MANUAL_ENTRY_CSV_PROVENANCE);

/** Undoes the export's formula-neutralising quote (csv/safe-csv.ts): one leading `'` goes. */
const unquote = (v: string): string => (v.startsWith("'") ? v.slice(1) : v);

/** A number cell: `12`, `-3`, `1.5`, `1,200` (as a spreadsheet formats it); anything else stays text (and fails validation). */
function numberCell(v: string): number | string {
  if (/^[+-]?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(v)) return Number(v.replace(/,/g, ''));
  return v;
}

/** A date as a Korean spreadsheet may write it (`2026-03-05`, `2026/3/5`, `2026. 3. 5.`), as `YYYY-MM-DD`. */
function dayCell(v: string): string {
  const m = /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\.?$/.exec(v);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : v;
}

function cellValue(column: CsvColumn, v: string): unknown {
  if (v === '') return column === 'sq' || column === 'rq' ? 0 : column === 'pq' ? undefined : null;
  switch (column) {
    case 'day':
      return dayCell(v);
    case 'shift':
    case 'pq':
    case 'sq':
    case 'rq':
      return numberCell(v);
    case 'hours': {
      const h = numberCell(v);
      // Decimal hours become whole seconds: 7.5 h → 27000 s; a paper log is not more precise.
      return typeof h === 'number' ? Math.round(h * 3600) : h;
    }
    default:
      return v;
  }
}

/** The line a record starts on: csv-parse counts lines up to its end, and a quoted note may span several. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
  return endLine - (body.match(/\n/g)?.length ?? 0);
}

/**
 * Reads a manual entries CSV (header required; English or Korean column names) into entry
 * inputs with their line numbers. Problems of the file's shape come back as errors; the values
 * are validated by the caller (manual-entry-schema.ts), so all problems of a line are found at once.
 */
export function readManualEntryCsv(text: string): { lines: CsvEntryLine[]; errors: CsvLineError[] } {
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    // Line numbers are counted on LF only; csv-parse miscounts CRLF files (Excel's default).
    records = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      info: true,
      raw: true,
      trim: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // Spreadsheets export rows of empty cells (`,,,,`) below the data.
      skip_records_with_empty_values: true,
    }) as unknown as typeof records;
  } catch (e) {
    const x = e as Error & { lines?: number };
    return { lines: [], errors: [err(x.lines ?? 1, null, T.syntax(x.message))] };
  }
  const [head, ...rows] = records;
  if (!head) return { lines: [], errors: [err(1, null, T.empty)] };
  const headLine = startLine(head.info.lines, head.raw);
  const errors: CsvLineError[] = [];
  const columns: (CsvColumn | null)[] = [];
  const seen = new Set<CsvColumn>();
  if (/^\d{4}\s*[-/.]/.test(head.record[0] ?? '')) return { lines: [], errors: [err(headLine, null, T.noHeader)] };
  for (const name of head.record) {
    const key = HEADER_OF.get(name) ?? HEADER_OF.get(name.toLowerCase());
    if (!key) {
      if (!SKIPPED.has(name.toLowerCase())) errors.push(err(headLine, name, T.unknown));
      columns.push(null);
      continue;
    }
    if (seen.has(key)) errors.push(err(headLine, name, T.duplicate));
    seen.add(key);
    columns.push(key);
  }
  for (const required of ['day', 'pq'] as const) {
    if (!seen.has(required)) errors.push(err(headLine, null, T.missing(required)));
  }
  if (errors.length > 0) return { lines: [], errors };
  if (rows.length > MAX_IMPORT_LINES) {
    const first = rows[MAX_IMPORT_LINES]!;
    return { lines: [], errors: [err(startLine(first.info.lines, first.raw), null, T.tooMany)] };
  }
  const lines: CsvEntryLine[] = [];
  for (const r of rows) {
    const line = startLine(r.info.lines, r.raw);
    if (r.record.length > columns.length) {
      errors.push(err(line, null, T.extraCells));
      continue;
    }
    const input: Record<string, unknown> = {};
    const columnOf: CsvEntryLine['columnOf'] = {};
    columns.forEach((c, i) => {
      if (!c) return;
      const field = FIELD_OF[c];
      columnOf[field] = head.record[i]!;
      const v = cellValue(c, unquote(r.record[i] ?? ''));
      if (v !== undefined) input[field] = v;
    });
    lines.push({ line, input, columnOf });
  }
  return { lines, errors };
}

/**
 * Entries as CSV through the collector's one safe writer (a note that looks like a formula is
 * written as text): the import columns, hours as decimal hours, then who entered each and when.
 * An import of this file reads back the same entries.
 */
export function writeManualEntryCsv(entries: readonly ManualEntry[]): string {
  const rows = entries.map((e) => ({
    day: e.day,
    shift: e.shift,
    machine: e.machineId,
    product: e.productId,
    worker: e.workerId,
    pq: e.pq,
    sq: e.sq,
    rq: e.rq,
    hours: e.workS === null ? null : e.workS / 3600,
    note: e.note,
    id: e.id,
    entered_by: e.enteredBy,
    entered_at: e.enteredAt,
  }));
  return writeSafeCsv(rows, [...MANUAL_ENTRY_CSV_COLUMNS, ...MANUAL_ENTRY_CSV_PROVENANCE]);
}
