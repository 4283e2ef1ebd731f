import { Writable } from 'node:stream';
import { tempDir } from '@gongbang/harness';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import { buildWholeApp, seed, startTestRegistry } from './registry-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers and log lines read in assertions
type Json = Record<string, any>;
type Caller = 'admin' | 'evaluator' | 'technician' | 'owner' | 'anonymous';

const kstMidnight = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - 9 * 3_600_000;
const T0 = Date.UTC(2025, 4, 20, 1, 0);
const MIN = 60_000;
const ENTRIES = '/api/v1/workshops/ws-a/manual-entries';
// 날짜,생산수량,비고 / 2025-05-19,12,메모 in CP949, as Korean Excel saves "CSV (쉼표로 분리)"
// (Python: `.encode("cp949").hex()`).
const CP949_CSV = Buffer.from('b3afc2a52cbbfdbbeabcf6b7ae2cbaf1b0ed0a323032352d30352d31392c31322cb8deb8f00a', 'hex');

describe('manual entries and stop reasons over HTTP', () => {
  let registry: Registry;
  let close: () => Promise<void>;
  let app: FastifyInstance;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let world: Awaited<ReturnType<typeof seed>>;
  const changes: [string, number, number][] = [];
  const logLines: Json[] = [];

  beforeAll(async () => {
    ({ registry, close } = await startTestRegistry('sqlite', {
      onMetricsInputChange: (w, fromMs, toMs) => {
        changes.push([w, fromMs, toMs]);
      },
    }));
    world = await seed(registry);
    tmp = await tempDir('gb-entry-routes-');
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(l) as Json);
        done();
      },
    });
    app = await buildWholeApp(registry, tmp.dir, { logger: pino({ level: 'info' }, stream) });
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
    await tmp?.remove();
  });
  beforeEach(() => {
    changes.length = 0;
  });

  const call = async (caller: Caller, method: string, url: string, body?: unknown, type = 'application/json') => {
    const headers: Record<string, string> =
      caller === 'anonymous' ? {} : { authorization: `Bearer ${world.tokens[caller]}` };
    if (body !== undefined) headers['content-type'] = type;
    const payload =
      body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const res = await app.inject({ method: method as 'GET', url, headers, payload });
    return {
      status: res.statusCode,
      body: res.body,
      json: () => res.json() as Json,
      type: res.headers['content-type'],
    };
  };

  it('lets the owner and technician write, and tells the rollups which KST day changed', async () => {
    const owner = await call('owner', 'POST', ENTRIES, {
      day: '2025-05-19',
      pq: 30,
      sq: 1,
      workerId: 'kim',
      workS: 28_800,
    });
    expect(owner.status, owner.body).toBe(201);
    expect(owner.json()).toMatchObject({ day: '2025-05-19', enteredBy: world.users.owner.id });
    const tech = await call('technician', 'POST', ENTRIES, { day: '2025-05-20', pq: 10 });
    expect(tech.status, tech.body).toBe(201);
    expect(changes).toEqual([
      ['ws-a', kstMidnight(2025, 5, 19), kstMidnight(2025, 5, 20)],
      ['ws-a', kstMidnight(2025, 5, 20), kstMidnight(2025, 5, 21)],
    ]);
    const audit = logLines.filter((l) => l.audit && l.event === 'manual_entry.create');
    expect(audit.map((l) => [l.actor, l.target.workshopId, l.target.entryId])).toEqual([
      ['owner', 'ws-a', owner.json().id],
      ['tech', 'ws-a', tech.json().id],
    ]);
  });

  it('lets the evaluator read but answers 403 to every write', async () => {
    const list = await call('evaluator', 'GET', `${ENTRIES}?from=2025-05-19&to=2025-05-20`);
    expect(list.status).toBe(200);
    expect(list.json().entries.map((e: Json) => e.pq)).toEqual([30, 10]);
    const id = list.json().entries[0].id;
    const writes = [
      await call('evaluator', 'POST', ENTRIES, { day: '2025-05-19', pq: 1 }),
      await call('evaluator', 'POST', `${ENTRIES}/import`, 'day,pq\n2025-05-19,1\n', 'text/csv'),
      await call('evaluator', 'DELETE', `${ENTRIES}/${id}`),
      await call('evaluator', 'PUT', '/api/v1/workshops/ws-a/stops/reason', {
        machineId: 'press-1',
        startMs: T0,
        endMs: T0 + MIN,
        reason: 'breakdown',
      }),
    ];
    expect(writes.map((w) => w.status)).toEqual([403, 403, 403, 403]);
    expect((await call('evaluator', 'GET', '/api/v1/workshops/ws-a/stop-reasons')).status).toBe(200);
    expect(changes).toEqual([]);
  });

  it("answers 404 for another workshop's entries and reasons, and 401 without a token", async () => {
    for (const caller of ['owner', 'technician'] as const) {
      const other = '/api/v1/workshops/ws-b';
      const r = [
        await call(caller, 'GET', `${other}/manual-entries?from=2025-05-19&to=2025-05-20`),
        await call(caller, 'POST', `${other}/manual-entries`, { day: '2025-05-19', pq: 1 }),
        await call(caller, 'GET', `${other}/stop-reasons`),
      ];
      expect(r.map((x) => x.status)).toEqual([404, 404, 404]);
      expect(r[0]?.body).not.toContain('Seongsu');
    }
    expect((await call('anonymous', 'GET', `${ENTRIES}?from=2025-05-19&to=2025-05-20`)).status).toBe(401);
    expect((await call('anonymous', 'POST', ENTRIES, { day: '2025-05-19', pq: 1 })).status).toBe(401);
    expect((await call('admin', 'GET', '/api/v1/workshops/ws-none/stop-reasons')).status).toBe(404);
    expect(changes).toEqual([]);
  });

  it('gives CSV for Accept: text/csv and format=csv, with a formula-looking note as text', async () => {
    const evil = '=HYPERLINK("http://evil.example/","x")';
    expect((await call('owner', 'POST', ENTRIES, { day: '2025-05-21', pq: 5, note: evil })).status).toBe(201);
    const byAccept = await app.inject({
      method: 'GET',
      url: `${ENTRIES}?from=2025-05-21&to=2025-05-21`,
      headers: { authorization: `Bearer ${world.tokens.owner}`, accept: 'text/csv' },
    });
    expect(byAccept.headers['content-type']).toMatch(/^text\/csv/);
    expect(byAccept.body.split('\n')[0]).toBe(
      'day,shift,machine,product,worker,pq,sq,rq,hours,note,id,entered_by,entered_at',
    );
    expect(byAccept.body).toContain(`"'=HYPERLINK(""http://evil.example/"",""x"")"`);
    const byFormat = await call('owner', 'GET', `${ENTRIES}?from=2025-05-21&to=2025-05-21&format=csv`);
    expect(byFormat.body).toBe(byAccept.body);
    const json = await call('owner', 'GET', `${ENTRIES}?from=2025-05-21&to=2025-05-21`);
    expect(json.json().entries[0].note).toBe(evil);
  });

  it('imports CSV all or nothing: a bad line stores nothing and the 400 lists every problem', async () => {
    const bad = await call(
      'technician',
      'POST',
      `${ENTRIES}/import`,
      '날짜,생산수량,폐기\n2025-06-01,10,0\n2025-06-02,10,11\n2025-06-03,,\n',
      'text/csv',
    );
    expect(bad.status).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid', message: expect.stringContaining('nothing imported') });
    expect(bad.json().error.issues.map((i: Json) => i.path)).toEqual(['line 3.폐기', 'line 4.생산수량']);
    const after = await call('technician', 'GET', `${ENTRIES}?from=2025-06-01&to=2025-06-03`);
    expect(after.json().entries).toEqual([]);
    const good = await call('technician', 'POST', `${ENTRIES}/import`, CP949_CSV, 'text/csv');
    expect(good.status, good.body).toBe(201);
    expect(good.json()).toEqual({ imported: 1, errors: [] });
    const got = await call('technician', 'GET', `${ENTRIES}?from=2025-05-19&to=2025-05-19`);
    expect(got.json().entries.map((e: Json) => [e.pq, e.note])).toEqual([
      [30, null],
      [12, '메모'],
    ]);
    expect(changes).toEqual([['ws-a', kstMidnight(2025, 5, 19), kstMidnight(2025, 5, 20)]]);
    expect((await call('technician', 'POST', `${ENTRIES}/import`, { day: '2025-05-19' })).status).toBe(415);
  });

  it('deletes softly, once, and reports the day as changed', async () => {
    const made = await call('owner', 'POST', ENTRIES, { day: '2025-05-22', pq: 3 });
    changes.length = 0;
    const del = await call('technician', 'DELETE', `${ENTRIES}/${made.json().id}`);
    expect(del.status).toBe(204);
    expect((await call('technician', 'DELETE', `${ENTRIES}/${made.json().id}`)).status).toBe(404);
    expect(changes).toEqual([['ws-a', kstMidnight(2025, 5, 22), kstMidnight(2025, 5, 23)]]);
    expect(logLines.some((l) => l.event === 'manual_entry.delete' && l.target.entryId === made.json().id)).toBe(true);
  });

  it('describes the metrics routes in the OpenAPI document under the metrics tag', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json() as Json;
    const tagged = Object.entries(doc.paths as Json).flatMap(([path, ops]) =>
      Object.entries(ops as Json)
        .filter(([, op]) => (op as Json).tags?.includes('metrics'))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(tagged.sort()).toEqual([
      'DELETE /api/v1/workshops/{workshopId}/manual-entries/{entryId}',
      'GET /api/v1/kpi-definitions',
      'GET /api/v1/programme/coverage',
      'GET /api/v1/programme/kpis',
      'GET /api/v1/workshops/{workshopId}/kpis',
      'GET /api/v1/workshops/{workshopId}/machine-states',
      'GET /api/v1/workshops/{workshopId}/manual-entries',
      'GET /api/v1/workshops/{workshopId}/peer-gains',
      'GET /api/v1/workshops/{workshopId}/stop-reasons',
      'GET /api/v1/workshops/{workshopId}/stops',
      'POST /api/v1/workshops/{workshopId}/manual-entries',
      'POST /api/v1/workshops/{workshopId}/manual-entries/import',
      'PUT /api/v1/workshops/{workshopId}/stops/reason',
    ]);
  });

  it('classifies stops, replacing overlapping reasons, and reads them back by ms or ISO time', async () => {
    const put = (reason: string, startMs: number, endMs: number) =>
      call('owner', 'PUT', '/api/v1/workshops/ws-a/stops/reason', { machineId: 'press-1', startMs, endMs, reason });
    expect((await put('breakdown', T0, T0 + 10 * MIN)).status).toBe(200);
    const second = await put('setup', T0 + 5 * MIN, T0 + 15 * MIN);
    expect(second.status).toBe(200);
    expect(second.json()).toMatchObject({ reason: 'setup', by: world.users.owner.id });
    expect(changes).toEqual([
      ['ws-a', T0, T0 + 10 * MIN],
      ['ws-a', T0, T0 + 15 * MIN],
    ]);
    const unknown = await put('lunch', T0, T0 + MIN);
    expect(unknown.status).toBe(400);
    expect(unknown.json().error.message).toContain('allowed: material_wait, breakdown, setup');
    const iso = (ms: number) => new Date(ms).toISOString();
    const byIso = await call(
      'evaluator',
      'GET',
      `/api/v1/workshops/ws-a/stop-reasons?from=${iso(T0)}&to=${iso(T0 + 60 * MIN)}`,
    );
    const byMs = await call(
      'evaluator',
      'GET',
      `/api/v1/workshops/ws-a/stop-reasons?from=${T0}&to=${T0 + 60 * MIN}&machineId=press-1`,
    );
    expect(byIso.json().reasons.map((r: Json) => [r.reason, r.startMs, r.endMs])).toEqual([
      ['setup', T0 + 5 * MIN, T0 + 15 * MIN],
    ]);
    expect(byMs.json().reasons).toEqual(byIso.json().reasons);
    expect((await call('evaluator', 'GET', `/api/v1/workshops/ws-a/stop-reasons?from=${T0}&to=${T0}`)).status).toBe(
      400,
    );
    expect(logLines.filter((l) => l.event === 'stop_reason.classify').map((l) => l.target.reason)).toEqual([
      'breakdown',
      'setup',
    ]);
  });
});
