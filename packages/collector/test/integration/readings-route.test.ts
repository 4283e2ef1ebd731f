import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  AGENT_TOKEN,
  makeApp,
  OWNER_TOKEN,
  OWNER2_TOKEN,
  TECH_TOKEN,
  type TestApp,
} from '../support/app.js';
import { everyKind, measurements, TRICKY_TEXT } from '../support/readings.js';

const T0 = Date.UTC(2026, 10, 20, 0, 0, 0);

describe('GET /api/v1/readings', () => {
  let t: TestApp;
  const get = (query: string, token = ADMIN_TOKEN) =>
    t.app.inject({ method: 'GET', url: `/api/v1/readings?${query}`, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    t = await makeApp({ now: () => T0 + 3_600_000 });
    await t.store.write('ws-1', 'agent-1', [...everyKind(1, T0), ...measurements(100, T0 + 1000, 25, 'meter-2')]);
    await t.store.write('ws-2', 'agent-2', measurements(1, T0, 5));
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers a workshop range as JSON, in time order, with every field of the readings', async () => {
    const res = await get(`workshop=ws-1&from=${T0}&to=${T0 + 60_000}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.readings).toHaveLength(12 + 25);
    expect(body.readings[0]).toMatchObject({ agent: 'agent-1', seq: 1, kind: 'scan', text: TRICKY_TEXT });
    expect(body.next).toBeNull();
  });

  it('filters by source and kind, takes ISO times, and pages with the cursor', async () => {
    const seqs: number[] = [];
    let cursor = '';
    do {
      const q = `workshop=ws-1&source=meter-2&kind=measurement&from=${new Date(T0).toISOString()}&to=${new Date(T0 + 60_000).toISOString()}&limit=10${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await get(q)).json();
      seqs.push(...body.readings.map((r: { seq: number }) => r.seq));
      cursor = body.next ?? '';
    } while (cursor);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => 100 + i));
  });

  it('answers CSV with a header, quoted text and the next cursor in a header', async () => {
    const res = await get(`workshop=ws-1&from=${T0}&to=${T0 + 60_000}&format=csv&limit=5`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['x-next-cursor']).toBeTruthy();
    const rows = parse(res.body, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ workshop: 'ws-1', agent: 'agent-1', seq: '1', kind: 'scan', text: TRICKY_TEXT });
    expect(JSON.parse(rows[0]!.json!).text).toBe(TRICKY_TEXT);
  });

  it("lets an owner see the own workshop and answers 404 for another's", async () => {
    expect((await get(`workshop=ws-1&from=${T0}`, OWNER_TOKEN)).statusCode).toBe(200);
    const other = await get(`workshop=ws-1&from=${T0}`, OWNER2_TOKEN);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
    expect((await get(`workshop=ws-2&from=${T0}`, TECH_TOKEN)).json().readings).toHaveLength(5);
  });

  it('answers 401 without a token, and an agent token is not a user token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/readings?workshop=ws-1' })).statusCode).toBe(401);
    expect((await get('workshop=ws-1', AGENT_TOKEN)).statusCode).toBe(401);
  });

  it('answers 400 naming the bad parameter', async () => {
    const res = await get('workshop=ws-1&kind=weather&limit=0');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/kind/);
    expect(res.json().error.message).toMatch(/limit/);
    expect((await get(`workshop=ws-1&cursor=garbage`)).json().error.message).toMatch(/cursor/);
    expect((await get(`workshop=ws-1&from=${T0 + 10}&to=${T0}`)).statusCode).toBe(400);
  });
});
