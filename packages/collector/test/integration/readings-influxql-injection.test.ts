import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxQlValueError, InvalidCursorError } from '../../src/store/index.js';
import { ADMIN_TOKEN, makeApp, OWNER_TOKEN, type TestApp } from '../support/app.js';
import { everyKind, measurements } from '../support/readings.js';
import { influxV1Target, type StoreTarget } from '../support/stores.js';

// Issue #10, item 1: a crafted `cursor` put its offset into InfluxQL text and ran a DELETE of
// another workshop's data on InfluxDB 1.6. Every attack here goes through the real route on
// the app as production builds it, against a real InfluxDB 1.6, and checks the data afterwards.

const T0 = Date.UTC(2026, 10, 20, 0, 0, 0);
const b64 = (o: unknown) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
// The old code wrote `LIMIT ${offset + limit + 1}`: with this offset the text ends `time > -10001`,
// a valid DELETE of all of ws-2's measurements (checked against the old code on InfluxDB 1.6).
const DELETE_WS2 = `1; DELETE FROM "gb_measurement" WHERE "workshop" = 'ws-2' AND time > -`;

describe('readings on InfluxDB 1.6: client values never become InfluxQL', () => {
  let target: StoreTarget;
  let t: TestApp;
  const get = (query: string, token = OWNER_TOKEN) =>
    t.app.inject({ method: 'GET', url: `/api/v1/readings?${query}`, headers: { authorization: `Bearer ${token}` } });
  const range = `workshop=ws-1&from=${T0}&to=${T0 + 60_000}`;

  beforeAll(async () => {
    target = await influxV1Target();
    t = await makeApp({ store: target.store, now: () => T0 + 3_600_000 });
    await target.store.write('ws-1', 'agent-1', [...everyKind(1, T0), ...measurements(100, T0 + 1000, 25)]);
    await target.store.write('ws-2', 'agent-2', measurements(1, T0, 5));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await target?.close();
  });

  const ws2Intact = async () => expect((await target.seen('ws-2')).map((s) => s.seq)).toEqual([1, 2, 3, 4, 5]);

  it('refuses a cursor whose offset carries a DELETE, and the other workshop keeps its data', async () => {
    const res = await get(`${range}&cursor=${b64({ ts: 0, agent: '', seq: 0, offset: DELETE_WS2 })}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/cursor.*offset/),
    });
    await ws2Intact();
  });

  const crafted: Array<[string, string]> = [
    ['a huge offset', b64({ ts: T0, agent: '', seq: 0, offset: 1e15 })],
    ['an offset past the bound', b64({ ts: T0, agent: '', seq: 0, offset: 10_001 })],
    ['a negative offset', b64({ ts: T0, agent: '', seq: 0, offset: -5 })],
    ['a fractional offset', b64({ ts: T0, agent: '', seq: 0, offset: 1.5 })],
    ['an offset as a numeric string', b64({ ts: T0, agent: '', seq: 0, offset: '5' })],
    ['ts as text carrying InfluxQL', b64({ ts: `${T0}ms OR 1=1`, agent: '', seq: 0 })],
    ['ts beyond InfluxDB time', b64({ ts: 2 ** 62, agent: '', seq: 0 })],
    ['a seq object', b64({ ts: T0, agent: '', seq: { $gt: 0 } })],
    ['an extra field', b64({ ts: T0, agent: '', seq: 0, workshop: 'ws-2' })],
    ['JSON null', b64('null')],
    ['not JSON', b64('1; DELETE FROM gb_scan')],
    ['standard base64 with padding', Buffer.from(JSON.stringify({ ts: T0, agent: 'a', seq: 1 })).toString('base64')],
    ['re-spaced JSON', b64(`{ "ts": ${T0}, "agent": "", "seq": 0 }`)],
    ['characters outside base64url', `${b64({ ts: T0, agent: '', seq: 0 })}!;`],
    ['a cursor of another time range', b64({ ts: T0 - 10, agent: '', seq: 0, offset: 0 })],
  ];
  it.each(crafted)('answers 400 to %s', async (_name, cursor) => {
    const res = await get(`${range}&cursor=${encodeURIComponent(cursor)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/cursor/);
    await ws2Intact();
  });

  it('answers 400 to the DELETE cursor percent-encoded twice and with a %00 tail', async () => {
    const c = b64({ ts: 0, agent: '', seq: 0, offset: DELETE_WS2 });
    for (const v of [encodeURIComponent(encodeURIComponent(c)), `${c}%00`, `${c}%0A`]) {
      expect((await get(`${range}&cursor=${v}`)).statusCode).toBe(400);
    }
    await ws2Intact();
  });

  it('answers 400 to time bounds that are not real times, before any query', async () => {
    for (const q of [
      `workshop=ws-1&from=0&to=${2 ** 53}`,
      'workshop=ws-1&from=1e400',
      'workshop=ws-1&from=2026-02-30T00:00:00Z%20OR%201=1',
      'workshop=ws-1&to=0ms;DELETE',
    ]) {
      expect((await get(q)).statusCode, q).toBe(400);
    }
    await ws2Intact();
  });

  it("answers 400 to a workshop or source carrying quotes, and 404 to another's workshop", async () => {
    for (const q of [
      `workshop=ws-1'%20OR%20'1'='1&from=${T0}`,
      `${range}&source=meter-1'%20OR%20"workshop"='ws-2`,
      `${range}&kind=measurement"%3B%20DROP%20MEASUREMENT%20"gb_scan`,
    ]) {
      expect((await get(q, ADMIN_TOKEN)).statusCode, q).toBe(400);
    }
    expect((await get(`workshop=ws-2&from=${T0}`)).statusCode).toBe(404);
    await ws2Intact();
  });

  it('still pages every reading with the cursors it writes', async () => {
    const seqs: number[] = [];
    let cursor = '';
    do {
      const res = await get(`${range}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      seqs.push(...res.json().readings.map((r: { seq: number }) => r.seq));
      cursor = res.json().next ?? '';
    } while (cursor);
    expect(seqs).toEqual([
      ...everyKind(1, T0).map((r) => r.seq),
      ...measurements(100, T0 + 1000, 25).map((r) => r.seq),
    ]);
  });

  describe('the store itself escapes or refuses what reaches InfluxQL', () => {
    const q = { fromMs: T0, toMs: T0 + 60_000, limit: 100 };
    it('treats quotes, backslashes and newlines in workshop and source as text', async () => {
      for (const w of ["ws-2' OR 'a'='a", "ws-2\\' OR 1=1 --", 'ws-2\n; DELETE FROM gb_measurement', 'ws-2"']) {
        expect((await target.store.query({ ...q, workshopId: w })).readings).toEqual([]);
        expect((await target.store.query({ ...q, workshopId: 'ws-1', source: w })).readings).toEqual([]);
        expect(await target.store.aggregate({ ...q, workshopId: w, kind: 'measurement', bucketMs: 1000 })).toEqual([]);
      }
      await ws2Intact();
    });

    it('refuses a kind, time, limit or bucket that is not what the types say', async () => {
      const bad: Array<() => Promise<unknown>> = [
        () =>
          target.store.query({ ...q, workshopId: 'ws-1', kind: 'measurement"; DROP SERIES FROM /.*/; --' as never }),
        () => target.store.query({ ...q, workshopId: 'ws-1', fromMs: '0ms OR 1=1' as never }),
        () => target.store.query({ ...q, workshopId: 'ws-1', toMs: Number.NaN }),
        () => target.store.query({ ...q, workshopId: 'ws-1', limit: 1e9 }),
        () => target.store.query({ ...q, workshopId: 'ws-1', limit: '1; DELETE FROM gb_count' as never }),
        () =>
          target.store.aggregate({ ...q, workshopId: 'ws-1', kind: 'measurement', bucketMs: '1ms); DROP' as never }),
        () => target.store.applyRetention('0ms OR 1=1' as never),
      ];
      for (const f of bad) await expect(f()).rejects.toBeInstanceOf(InfluxQlValueError);
      await expect(
        target.store.query({ ...q, workshopId: 'ws-1', cursor: b64({ ts: 0, agent: '', seq: 0, offset: DELETE_WS2 }) }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
      await ws2Intact();
    });
  });
});
