import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from '../../src/compose/registry.js';
import { buildRegistryApp, DIALECTS, seed, startTestRegistry } from './registry-fixtures.js';

const PRESS = {
  id: 'press-1',
  name: '재단기 1호',
  defaultPruS: 12.5,
  counts: [
    { source: 'plug-1', channel: 'pieces', meaning: 'produced' as const },
    { source: 'plug-1', channel: 'rejects', meaning: 'scrap' as const },
  ],
  scanners: ['scanner-1'],
};

describe.each(DIALECTS)('machines on %s', (dialect) => {
  let registry: Registry;
  let close: () => Promise<void>;
  let world: Awaited<ReturnType<typeof seed>>;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ registry, close } = await startTestRegistry(dialect));
    world = await seed(registry);
    app = await buildRegistryApp(registry);
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
  });

  describe('the repository', () => {
    it('keeps a machine with its PRU fallback, count channels and scanners, and replaces it whole', async () => {
      expect(await registry.machines.put('ws-b', PRESS)).toEqual(PRESS);
      expect(await registry.machines.get('ws-b', 'press-1')).toEqual(PRESS);
      const replaced = await registry.machines.put('ws-b', { id: 'press-1', name: '재단기 1호' });
      expect(replaced).toEqual({ id: 'press-1', name: '재단기 1호', defaultPruS: null, counts: [], scanners: [] });
      expect(await registry.machines.list('ws-b')).toEqual([replaced]);
      await registry.machines.remove('ws-b', 'press-1');
      expect(await registry.machines.list('ws-b')).toEqual([]);
      await expect(registry.machines.get('ws-b', 'press-1')).rejects.toMatchObject({ code: 'not_found' });
      await expect(registry.machines.remove('ws-b', 'press-1')).rejects.toMatchObject({ code: 'not_found' });
      await expect(registry.machines.put('ws-none', PRESS)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('gives each count channel and scanner to one machine of a workshop, naming the other on refusal', async () => {
      await registry.workshops.create({
        id: 'ws-m',
        nameKo: '문래 금속',
        nameEn: 'Mullae Metal',
        industry: 'machinery_metal',
      });
      await registry.machines.put('ws-m', PRESS);
      const sameChannel = {
        id: 'press-2',
        name: '2호',
        counts: [{ source: 'plug-1', channel: 'pieces', meaning: 'produced' }],
      };
      await expect(registry.machines.put('ws-m', sameChannel)).rejects.toMatchObject({
        code: 'conflict',
        statusCode: 409,
        message: expect.stringMatching(/plug-1\/pieces belongs to machine "press-1" \/ .*"press-1"/),
      });
      await expect(
        registry.machines.put('ws-m', { id: 'press-2', name: '2호', scanners: ['scanner-2', 'scanner-1'] }),
      ).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/scanner "scanner-1" belongs to machine "press-1"/),
      });
      expect((await registry.machines.list('ws-m')).map((m) => m.id)).toEqual(['press-1']);
      // Another channel of the same source, the same channel in another workshop, and the machine itself are fine.
      await registry.machines.put('ws-m', {
        id: 'press-2',
        name: '2호',
        counts: [{ source: 'plug-1', channel: 'pieces-2', meaning: 'produced' }],
      });
      await registry.machines.put('ws-b', { ...PRESS, id: 'other-press' });
      await registry.machines.put('ws-m', { ...PRESS, name: '재단기 1호 (개조)' });
      // A channel moves once its machine lets go of it.
      await registry.machines.put('ws-m', { ...PRESS, counts: [], scanners: [] });
      await registry.machines.put('ws-m', { ...sameChannel, scanners: ['scanner-1'] });
      expect((await registry.machines.get('ws-m', 'press-2')).scanners).toEqual(['scanner-1']);
    });

    it('lets one of two machines that claim the same scanner at once win', async () => {
      await registry.workshops.create({
        id: 'ws-race',
        nameKo: '창신 봉제',
        nameEn: 'Changsin Sewing',
        industry: 'garment_sewing',
      });
      const results = await Promise.allSettled(
        ['sew-1', 'sew-2', 'sew-3', 'sew-4'].map((id) =>
          registry.machines.put('ws-race', { id, name: id, scanners: ['badge-reader'] }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'conflict' });
      expect(await registry.machines.list('ws-race')).toHaveLength(1);
    });

    // Deterministic form of the race above: another writer holds the workshop mid-transaction
    // with the scanner taken; the PUT must queue behind it and then see that machine.
    if (dialect === 'postgres') {
      it('queues a PUT behind another transaction writing the same workshop, then refuses the taken scanner', async () => {
        await registry.workshops.create({
          id: 'ws-lock',
          nameKo: '장위 봉제',
          nameEn: 'Jangwi Sewing',
          industry: 'garment_sewing',
        });
        let release!: () => void;
        const released = new Promise<void>((r) => {
          release = r;
        });
        let holding!: () => void;
        const held = new Promise<void>((r) => {
          holding = r;
        });
        const other = registry.db.transaction().execute(async (tx) => {
          await tx.updateTable('workshops').set({ headcount: 7 }).where('id', '=', 'ws-lock').execute();
          await tx
            .insertInto('machines')
            .values({
              workshop_id: 'ws-lock',
              id: 'sew-1',
              name: 'sew-1',
              default_pru_s: null,
              counts: '[]',
              scanners: '["badge-reader"]',
              updated_at: new Date().toISOString(),
            })
            .execute();
          holding();
          await released;
        });
        await held;
        let settled = false;
        const put = registry.machines.put('ws-lock', { id: 'sew-2', name: 'sew-2', scanners: ['badge-reader'] });
        const outcome = put.then(
          () => 'stored without waiting',
          (err: Error) => `failed without waiting: ${err.message}`,
        );
        void outcome.finally(() => {
          settled = true;
        });
        const waiting = (async () => {
          while (!settled) {
            const r = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'`.execute(registry.db);
            if ((r.rows[0]?.n ?? 0) > 0) return 'waiting';
            await new Promise((r) => setTimeout(r, 5));
          }
          return 'stopped';
        })();
        try {
          expect(await Promise.race([outcome, waiting])).toBe('waiting');
        } finally {
          release();
          await other;
        }
        await expect(put).rejects.toMatchObject({
          code: 'conflict',
          message: expect.stringMatching(/scanner "badge-reader" belongs to machine "sew-1"/),
        });
      });
    }

    it('refuses bad machines naming the field', async () => {
      const bad = async (input: unknown) => {
        const err = await registry.machines.put('ws-b', input).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'invalid' });
        return (err as { extra: { issues: { path: string }[] } }).extra.issues.map((i) => i.path);
      };
      expect(await bad({ id: 'm', name: 'm', defaultPruS: 0 })).toEqual(['defaultPruS']);
      expect(await bad({ id: 'm', name: 'm', counts: [{ source: 's', channel: 'c', meaning: 'good' }] })).toEqual([
        'counts[0].meaning',
      ]);
      expect(
        await bad({
          id: 'm',
          name: 'm',
          counts: [
            { source: 's', channel: 'c', meaning: 'produced' },
            { source: 's', channel: 'c', meaning: 'scrap' },
          ],
          scanners: ['x', 'x'],
        }),
      ).toEqual(['counts[1]', 'scanners[1]']);
    });

    it('goes with its workshop', async () => {
      await registry.workshops.create({ id: 'ws-gone', nameKo: '폐업', nameEn: 'Closed', industry: 'other' });
      await registry.machines.put('ws-gone', { id: 'm-1', name: '기계' });
      await registry.workshops.remove('ws-gone');
      const rows = await registry.db.selectFrom('machines').select('id').where('workshop_id', '=', 'ws-gone').execute();
      expect(rows).toEqual([]);
    });
  });

  describe('over HTTP', () => {
    const call = async (caller: 'owner' | 'evaluator' | 'technician', method: string, url: string, body?: unknown) => {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${world.tokens[caller]}` },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      return { status: res.statusCode, body: res.statusCode === 204 ? undefined : res.json() };
    };
    const url = '/api/v1/workshops/ws-a/machines';

    it("lets the workshop's owner write machines and the evaluator only read them", async () => {
      const { id: _, ...body } = PRESS;
      expect(await call('owner', 'PUT', `${url}/press-1`, body)).toEqual({ status: 200, body: PRESS });
      expect(
        await call('owner', 'PUT', `${url}/sew-1`, { id: 'sew-1', name: '미싱 1', defaultPruS: null }),
      ).toMatchObject({
        status: 200,
      });
      const listed = await call('evaluator', 'GET', url);
      expect(listed).toMatchObject({ status: 200 });
      expect(listed.body.machines.map((m: { id: string }) => m.id)).toEqual(['press-1', 'sew-1']);
      expect(await call('evaluator', 'PUT', `${url}/press-1`, body)).toMatchObject({ status: 403 });
      expect(await call('evaluator', 'DELETE', `${url}/press-1`)).toMatchObject({ status: 403 });
      expect(await call('owner', 'DELETE', `${url}/sew-1`)).toEqual({ status: 204, body: undefined });
      expect(await call('owner', 'DELETE', `${url}/sew-1`)).toMatchObject({ status: 404 });
    });

    it("answers 404 to an owner asking for another workshop's machines", async () => {
      await registry.machines.put('ws-b', { id: 'shoe-press', name: '성수 프레스' });
      for (const [method, path, body] of [
        ['GET', '/api/v1/workshops/ws-b/machines', undefined],
        ['PUT', '/api/v1/workshops/ws-b/machines/shoe-press', { name: '남의 기계' }],
        ['DELETE', '/api/v1/workshops/ws-b/machines/shoe-press', undefined],
      ] as const) {
        const res = await call('owner', method, path, body);
        expect(res, `${method} ${path}`).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
        expect(JSON.stringify(res.body)).not.toContain('성수');
      }
      expect((await registry.machines.get('ws-b', 'shoe-press')).name).toBe('성수 프레스');
    });

    it('answers 409 naming the machine that holds a channel, and 400 for an id unlike the path', async () => {
      const res = await call('technician', 'PUT', `${url}/press-9`, {
        name: '9호',
        counts: [{ source: 'plug-1', channel: 'rejects', meaning: 'scrap' }],
      });
      expect(res).toMatchObject({ status: 409, body: { error: { code: 'conflict', retryable: false } } });
      expect(res.body.error.message).toMatch(/plug-1\/rejects belongs to machine "press-1"/);
      const renamed = await call('owner', 'PUT', `${url}/press-1`, { ...PRESS, id: 'press-x' });
      expect(renamed).toMatchObject({ status: 400, body: { error: { code: 'invalid', issues: [{ path: 'id' }] } } });
      expect((await registry.machines.get('ws-a', 'press-1')).name).toBe(PRESS.name);
    });
  });
});
