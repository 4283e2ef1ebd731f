import { describe, expect, it } from 'vitest';
import { kstDayRangeMs, kstDayRuns } from '../../src/metrics/input-change.js';
import { MAX_IMPORT_LINES, readManualEntryCsv } from '../../src/metrics/manual-entries-csv.js';
import { validateManualEntry } from '../../src/metrics/manual-entry-schema.js';
import { kstDayOf } from '../../src/metrics/periods.js';
import { STOP_REASONS, StopReasonSchema } from '../../src/metrics/reasons.js';

describe('reading a manual entries CSV', () => {
  it('numbers lines as the file does, past a quoted note that spans lines and past empty rows', () => {
    const text = ['day,pq,note', '2026-03-02,10,"첫 줄', '둘째 줄"', '', ',,', '2026-03-03,x,'].join('\r\n');
    const { lines, errors } = readManualEntryCsv(text);
    expect(errors).toEqual([]);
    expect(lines.map((l) => l.line)).toEqual([2, 6]);
    expect(lines[0]?.input).toEqual({ day: '2026-03-02', pq: 10, note: '첫 줄\n둘째 줄' });
    expect(lines[1]?.input.pq).toBe('x');
  });

  it('takes the Korean headers of the paper log, a BOM, Excel dates and thousands separators', () => {
    const text =
      '\uFEFF날짜,교대,설비,제품,작업자,생산수량,폐기,재작업,작업시간,비고\n2026. 3. 5.,1,press-1,ring-01,kim,"1,200",3,,7.5,\n';
    const { lines, errors } = readManualEntryCsv(text);
    expect(errors).toEqual([]);
    expect(lines[0]?.input).toEqual({
      day: '2026-03-05',
      shift: 1,
      machineId: 'press-1',
      productId: 'ring-01',
      workerId: 'kim',
      pq: 1200,
      sq: 3,
      rq: 0,
      workS: 27_000,
      note: null,
    });
    expect(lines[0]?.columnOf.pq).toBe('생산수량');
  });

  it('refuses a file without a header, with unknown or doubled columns, or without day and pq', () => {
    expect(readManualEntryCsv('2026-03-05,10\n').errors).toMatchObject([{ line: 1, column: null }]);
    const bad = readManualEntryCsv('day,pq,colour,생산수량\n2026-03-05,1,red,1\n');
    expect(bad.lines).toEqual([]);
    expect(bad.errors.map((e) => [e.line, e.column])).toEqual([
      [1, 'colour'],
      [1, '생산수량'],
    ]);
    expect(bad.errors[0]?.message).toMatch(/알 수 없는 열.* \/ unknown column/);
    expect(readManualEntryCsv('day,note\n').errors.map((e) => e.message)).toEqual([
      expect.stringContaining('required column missing: pq'),
    ]);
    expect(readManualEntryCsv('').errors[0]?.message).toMatch(/empty/);
  });

  it('skips the provenance columns of its own export and undoes the formula quote', () => {
    const { lines, errors } = readManualEntryCsv(
      "day,pq,note,id,entered_by,entered_at\n2026-03-05,1,'=1+2,abc,u1,2026-03-05T00:00:00.000Z\n",
    );
    expect(errors).toEqual([]);
    expect(lines[0]?.input).toEqual({ day: '2026-03-05', pq: 1, note: '=1+2' });
  });

  it(`takes at most ${MAX_IMPORT_LINES} lines and names the first one over`, () => {
    const text = `day,pq\n${'2026-03-05,1\n'.repeat(MAX_IMPORT_LINES + 1)}`;
    const { lines, errors } = readManualEntryCsv(text);
    expect(lines).toEqual([]);
    expect(errors).toMatchObject([{ line: MAX_IMPORT_LINES + 2, column: null }]);
  });

  it('reports a broken quote with its line', () => {
    const { errors } = readManualEntryCsv('day,pq,note\n2026-03-05,1,ok\n2026-03-06,2,"open\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/CSV 형식 오류.*CSV syntax error/);
    expect(errors[0]?.line).toBeGreaterThanOrEqual(3);
  });
});

describe('validating a manual entry', () => {
  it('finds every problem of an entry at once, in Korean and English', () => {
    const r = validateManualEntry(
      { day: '2026-02-30', shift: 4, machineId: '기계', pq: -1, workS: -5, note: 'x'.repeat(1001) },
      '2026-03-05',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.field)).toEqual(['day', 'shift', 'machineId', 'pq', 'workS', 'note']);
    for (const i of r.issues) expect(i.message).toMatch(/[가-힣].* \/ [a-z]/);
  });

  it('refuses sq + rq above pq, a future day, and more than 24 hours for one worker', () => {
    const today = '2026-03-05';
    const sum = validateManualEntry({ day: today, pq: 10, sq: 6, rq: 5 }, today);
    expect(sum).toMatchObject({ ok: false, issues: [{ field: 'sq', message: expect.stringContaining('sq + rq') }] });
    expect(validateManualEntry({ day: '2026-03-06', pq: 1 }, today)).toMatchObject({
      ok: false,
      issues: [{ field: 'day', message: expect.stringContaining('future') }],
    });
    expect(validateManualEntry({ day: today, pq: 1, workerId: 'kim', workS: 25 * 3600 }, today).ok).toBe(false);
    expect(validateManualEntry({ day: today, pq: 1, workS: 25 * 3600 }, today).ok).toBe(true);
    expect(validateManualEntry({ day: today, pq: 10, sq: 6, rq: 4 }, today)).toMatchObject({
      ok: true,
      value: { shift: null, machineId: null, workS: null, note: null },
    });
  });
});

describe('KST days and stop reasons', () => {
  it('turns a KST day into its UTC range and merges consecutive days', () => {
    expect(kstDayRangeMs('2026-03-05')).toEqual({
      fromMs: Date.UTC(2026, 2, 4, 15),
      toMs: Date.UTC(2026, 2, 5, 15),
    });
    expect(kstDayOf(Date.UTC(2026, 2, 4, 15))).toBe('2026-03-05');
    expect(kstDayOf(Date.UTC(2026, 2, 4, 14, 59))).toBe('2026-03-04');
    expect(kstDayRuns(['2026-03-03', '2026-03-02', '2026-03-05', '2026-03-02'])).toEqual([
      { fromMs: Date.UTC(2026, 2, 1, 15), toMs: Date.UTC(2026, 2, 3, 15) },
      { fromMs: Date.UTC(2026, 2, 4, 15), toMs: Date.UTC(2026, 2, 5, 15) },
    ]);
  });

  it('labels every reason in Korean and English and names the allowed codes for an unknown one', () => {
    expect(STOP_REASONS.map((r) => [r.code, r.ko])).toEqual([
      ['material_wait', '자재 대기'],
      ['breakdown', '고장'],
      ['setup', '준비/교체'],
      ['no_order', '주문 없음'],
      ['break', '휴식'],
      ['quality_check', '품질 확인'],
      ['other', '기타'],
    ]);
    const r = StopReasonSchema.safeParse('coffee');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/unknown reason "coffee"; allowed: material_wait, breakdown, .*other/);
  });
});
