import { tempDir } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import { buildWholeApp, seed, startTestRegistry } from './registry-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read in assertions
type Json = Record<string, any>;

const HOURS = { start: '09:00', end: '18:00', breaks: [{ start: '12:00', end: '13:00' }] };

describe('the calendar plan over HTTP, with Korean public holidays', () => {
  let registry: Registry;
  let closeRegistry: () => Promise<void>;
  let app: FastifyInstance;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let base: string;
  let owner: string;

  beforeAll(async () => {
    tmp = await tempDir('gb-calendar-plan-');
    ({ registry, close: closeRegistry } = await startTestRegistry('sqlite'));
    owner = (await seed(registry)).tokens.owner;
    app = await buildWholeApp(registry, tmp.dir);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await closeRegistry?.();
    await tmp?.remove();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${owner}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  it('plans 추석 2026 and its days off in Korean and English', async () => {
    const weekly = { mon: HOURS, tue: HOURS, wed: HOURS, thu: HOURS, fri: HOURS };
    expect((await call('PUT', '/api/v1/workshops/ws-a/calendar', { weekly })).status).toBe(200);
    const plan = await call('GET', '/api/v1/workshops/ws-a/calendar/plan?from=2026-09-23&to=2026-10-05');
    expect(plan.status).toBe(200);
    const off = plan.body.days
      .filter((d: Json) => d.reason === 'public_holiday')
      .map((d: Json) => [d.date, d.holidayName, d.holidayNameEn]);
    expect(off).toEqual([
      ['2026-09-24', '추석 연휴', 'Chuseok holidays'],
      ['2026-09-25', '추석', 'Chuseok'],
      ['2026-09-26', '추석 연휴', 'Chuseok holidays'],
      ['2026-10-03', '개천절', 'National Foundation Day'],
      ['2026-10-05', '개천절 (대체공휴일)', 'National Foundation Day (substitute holiday)'],
    ]);
    expect(plan.body.days[0]).toMatchObject({ date: '2026-09-23', working: true, plannedMinutes: 480 });
  });

  it('answers 400 naming the year for a plan past the lunar table, and keeps serving', async () => {
    const plan = await call('GET', '/api/v1/workshops/ws-a/calendar/plan?from=2050-12-30&to=2051-01-02');
    expect(plan.status).toBe(400);
    expect(plan.body.error).toMatchObject({ code: 'invalid' });
    expect(plan.body.error.message).toMatch(/2008–2050.*2051/);
    const ok = await call('GET', '/api/v1/workshops/ws-a/calendar/plan?from=2050-12-24&to=2050-12-26');
    expect(ok.status).toBe(200);
    expect(ok.body.days[1]).toMatchObject({ date: '2050-12-25', holidayName: '기독탄신일' });
  });
});
