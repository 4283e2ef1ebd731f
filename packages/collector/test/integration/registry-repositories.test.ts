import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import { koreanPublicHolidays, planDay } from '../../src/registry/calendar.js';
import { DIALECTS, startTestRegistry } from './registry-fixtures.js';

const WEEKLY = {
  mon: { start: '09:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] },
  tue: { start: '09:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] },
  wed: { start: '09:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] },
  thu: { start: '09:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] },
  fri: { start: '09:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] },
  sat: { start: '09:00', end: '13:00' },
};

describe.each(DIALECTS)('registry on %s', (dialect) => {
  let registry: Registry;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ registry, close } = await startTestRegistry(dialect));
    await registry.workshops.create({
      id: 'ws-1',
      nameKo: '봉익동 주얼리',
      nameEn: 'Bongik Jewelry',
      industry: 'jewelry',
      cluster: 'Bongik',
      headcount: 3,
    });
  });
  afterAll(async () => await close?.());

  it('keeps workshops with Korean and English names, industry, cluster and headcount', async () => {
    expect(await registry.workshops.get('ws-1')).toMatchObject({
      nameKo: '봉익동 주얼리',
      industry: 'jewelry',
      cluster: 'Bongik',
      headcount: 3,
    });
    await expect(
      registry.workshops.create({ id: 'ws-1', nameKo: 'x', nameEn: 'x', industry: 'other' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      registry.workshops.create({ id: 'ws-x', nameKo: 'x', nameEn: 'x', industry: 'bakery' as never }),
    ).rejects.toMatchObject({
      code: 'invalid',
    });
    expect((await registry.workshops.update('ws-1', { headcount: 4 })).headcount).toBe(4);
  });

  it('keeps the stage history with official level and a separate measurement start', async () => {
    await registry.workshops.setStage('ws-1', {
      stage: 0,
      startedOn: '2025-01-01',
      level: 'ict_none',
      measurementStartedOn: '2025-03-01',
    });
    await registry.workshops.setStage('ws-1', {
      stage: 1,
      startedOn: '2025-06-01',
      level: 'basic',
      measurementStartedOn: '2025-05-15',
    });
    await registry.workshops.setStage('ws-1', { stage: 1, startedOn: '2025-06-02', level: 'basic' });
    const stages = await registry.workshops.stages('ws-1');
    expect(stages.map((s) => [s.stage, s.startedOn, s.level])).toEqual([
      [0, '2025-01-01', 'ict_none'],
      [1, '2025-06-02', 'basic'],
    ]);
    expect((await registry.workshops.stageOn('ws-1', '2025-06-01'))?.stage).toBe(0);
    expect((await registry.workshops.stageOn('ws-1', '2025-07-01'))?.stage).toBe(1);
    await expect(
      registry.workshops.setStage('ws-1', { stage: 4, startedOn: '2025-01-01', level: 'basic' }),
    ).rejects.toMatchObject({ code: 'invalid' });
  });

  it('plans days from weekly hours, Korean public holidays and own days off', async () => {
    await registry.calendars.set('ws-1', { weekly: WEEKLY, daysOff: [{ date: '2026-08-03', reason: '여름 휴가' }] });
    const days = await registry.calendars.plan('ws-1', '2026-02-13', '2026-02-19');
    expect(days.map((d) => [d.date, d.working, d.reason, d.plannedMinutes])).toEqual([
      ['2026-02-13', true, null, 480],
      ['2026-02-14', true, null, 240],
      ['2026-02-15', false, 'weekly', 0],
      ['2026-02-16', false, 'public_holiday', 0],
      ['2026-02-17', false, 'public_holiday', 0],
      ['2026-02-18', false, 'public_holiday', 0],
      ['2026-02-19', true, null, 480],
    ]);
    const summer = await registry.calendars.plan('ws-1', '2026-08-03', '2026-08-03');
    expect(summer[0]).toMatchObject({ working: false, reason: 'day_off' });
    expect((await registry.calendars.get('ws-1'))?.daysOff).toEqual([{ date: '2026-08-03', reason: '여름 휴가' }]);
  });

  it('stores products and operations with their planned run time per unit', async () => {
    await registry.products.put('ws-1', {
      id: 'ring-01',
      name: '반지',
      operations: [
        { id: 'cast', name: '주조', pruS: 90.5 },
        { id: 'polish', name: '연마', pruS: 240 },
      ],
    });
    await registry.products.put('ws-1', {
      id: 'ring-01',
      name: '반지',
      operations: [{ id: 'cast', name: '주조', pruS: 80 }],
    });
    expect(await registry.products.list('ws-1')).toEqual([
      { id: 'ring-01', name: '반지', operations: [{ id: 'cast', name: '주조', pruS: 80 }] },
    ]);
  });

  it('stores only token hashes; rotation and revocation act at once', async () => {
    await registry.agents.create('ag-1', 'ws-1');
    const first = await registry.agents.issueToken('ag-1');
    expect(await registry.agents.authenticate(first)).toEqual({ agentId: 'ag-1', workshopId: 'ws-1' });
    const row = await registry.db.selectFrom('agents').selectAll().where('id', '=', 'ag-1').executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(first);
    expect(JSON.stringify(row)).not.toContain(first.slice(4));
    const second = await registry.agents.issueToken('ag-1');
    expect(await registry.agents.authenticate(first)).toBeUndefined();
    expect(await registry.agents.authenticate(second)).toMatchObject({ agentId: 'ag-1' });
    await registry.agents.revoke('ag-1');
    expect(await registry.agents.authenticate(second)).toBeUndefined();
  });

  it("swaps an agent's pending token in on its first use, once", async () => {
    await registry.agents.create('ag-rot', 'ws-1');
    const current = await registry.agents.issueToken('ag-rot');
    const next = await registry.agents.beginRotation('ag-rot');
    const row = await registry.db.selectFrom('agents').selectAll().where('id', '=', 'ag-rot').executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(next.slice(4));
    expect(await registry.agents.authenticate(current)).toMatchObject({ agentId: 'ag-rot' });
    const both = await Promise.all([registry.agents.authenticate(next), registry.agents.authenticate(next)]);
    expect(both).toEqual([
      { agentId: 'ag-rot', workshopId: 'ws-1' },
      { agentId: 'ag-rot', workshopId: 'ws-1' },
    ]);
    expect(await registry.agents.authenticate(current)).toBeUndefined();
    expect((await registry.agents.get('ag-rot')).tokenRotationPending).toBe(false);
    await registry.agents.revoke('ag-rot');
    await expect(registry.agents.beginRotation('ag-rot')).rejects.toThrow(/not found/);
  });

  it('hashes passwords with scrypt and a per-user salt', async () => {
    const a = await registry.users.create({ username: 'kim', password: 'same-password', role: 'evaluator' });
    await registry.users.create({ username: 'lee', password: 'same-password', role: 'evaluator' });
    const rows = await registry.db
      .selectFrom('users')
      .select(['username', 'password_hash'])
      .where('username', 'in', ['kim', 'lee'])
      .execute();
    expect(rows.every((r) => r.password_hash?.startsWith('scrypt$'))).toBe(true);
    expect(rows[0]?.password_hash).not.toBe(rows[1]?.password_hash);
    expect(await registry.users.checkPassword('kim', 'same-password')).toBe(a.id);
    expect(await registry.users.checkPassword('kim', 'wrong-password')).toBeUndefined();
    expect(await registry.users.checkPassword('nobody', 'same-password')).toBeUndefined();
    await expect(
      registry.users.create({ username: 'own', password: 'long-enough-pw', role: 'owner' }),
    ).rejects.toMatchObject({ code: 'invalid' });
  });

  it('lets exactly one of several simultaneous exchanges of a code win', async () => {
    const issued = await registry.enrollment.create('ws-1', { agentId: 'ag-race' }, 'tech');
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => registry.enrollment.exchange(issued.code)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'enrollment_code_used' });
  });

  it('versions remote configs with author and time, validated by the agent schema', async () => {
    await registry.agents.create('ag-cfg', 'ws-1');
    const v1 = await registry.remoteConfigs.put('ag-cfg', { agent: { id: 'ag-cfg' }, inputs: [] }, 'tech');
    const v2 = await registry.remoteConfigs.put(
      'ag-cfg',
      { agent: { id: 'ag-cfg' }, inputs: [{ id: 'sim-1', type: 'simulated' }] },
      'admin',
    );
    expect([v1.version, v2.version]).toEqual([1, 2]);
    await expect(
      registry.remoteConfigs.put('ag-cfg', { agent: { id: 'ag-cfg' }, bogus: 1 }, 'tech'),
    ).rejects.toMatchObject({ code: 'invalid' });
    await expect(registry.remoteConfigs.put('ag-cfg', { agent: { id: 'other' } }, 'tech')).rejects.toMatchObject({
      code: 'invalid',
    });
    const history = await registry.remoteConfigs.history('ag-cfg');
    expect(history.map((h) => [h.version, h.author])).toEqual([
      [2, 'admin'],
      [1, 'tech'],
    ]);
    expect(history[0]?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe('Korean public holidays', () => {
  // The breaks and substitute days as the government announced them (2025–2027) or as the
  // rule gives them (2028: 추석 overlaps 개천절, one extra day).
  it.each([
    [2024, ['02-09', '02-10', '02-11', '02-12*', '09-16', '09-17', '09-18']],
    [2025, ['01-28', '01-29', '01-30', '10-05', '10-06', '10-07', '10-08*']],
    [2026, ['02-16', '02-17', '02-18', '09-24', '09-25', '09-26']],
    [2027, ['02-06', '02-07', '02-08', '02-09*', '09-14', '09-15', '09-16']],
    [2028, ['01-26', '01-27', '01-28', '10-02', '10-03', '10-04', '10-05*']],
  ])('makes 설날 and 추석 of %i three-day breaks with their substitute days (*)', (year, expected) => {
    const got = koreanPublicHolidays(year)
      .filter((h) => /설날|추석/.test(h.name))
      .map((h) => `${h.date.slice(5)}${h.name.includes('대체공휴일') ? '*' : ''}`);
    expect(got).toEqual(expected);
  });

  it('keeps the other holidays and their substitute days', () => {
    const of2026 = koreanPublicHolidays(2026);
    const dates = of2026.map((h) => h.date);
    expect(dates).toEqual(
      expect.arrayContaining(['2026-01-01', '2026-03-02', '2026-05-05', '2026-05-25', '2026-08-17', '2026-10-05']),
    );
    expect(of2026.find((h) => h.date === '2026-09-25')?.name).toBe('추석');
    expect(of2026.find((h) => h.date === '2026-09-24')?.name).toBe('추석 연휴');
  });

  it('plans a break day as a public holiday and the day before the eve as a working day', () => {
    const hours = { start: '09:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] };
    const cal = {
      weekly: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: null, sun: null },
      publicHolidaysOff: true,
      daysOff: [],
    };
    expect(planDay(cal, '2025-10-07')).toMatchObject({
      working: false,
      reason: 'public_holiday',
      holidayName: '추석 연휴',
    });
    expect(planDay(cal, '2025-10-08')).toMatchObject({ working: false, holidayName: '추석 (대체공휴일)' });
    expect(planDay(cal, '2026-09-23')).toMatchObject({ working: true, plannedMinutes: 480 });
    expect(planDay({ ...cal, publicHolidaysOff: false }, '2026-02-17')).toMatchObject({ working: true, reason: null });
  });
});

describe('example registry files', () => {
  it('import cleanly on SQLite: workshops, stages and operations', async () => {
    const { readFileSync } = await import('node:fs');
    const { importCsv } = await import('../../src/compose/transfer.js');
    const { registry, close } = await startTestRegistry('sqlite');
    try {
      const ex = (f: string) => readFileSync(new URL(`../../../../examples/${f}`, import.meta.url), 'utf8');
      expect(await importCsv(registry, 'workshops', ex('registry-workshops.csv'))).toEqual({ created: 5, updated: 0 });
      await importCsv(registry, 'stages', ex('registry-stages.csv'));
      await importCsv(registry, 'operations', ex('registry-operations.csv'));
      expect((await registry.workshops.stageOn('ws-mullae-01', '2026-05-01'))?.level).toBe('intermediate1');
      expect((await registry.products.list('ws-changsin-01'))[0]?.operations.map((o) => o.pruS)).toEqual([420, 180]);
    } finally {
      await close();
    }
  });
});
