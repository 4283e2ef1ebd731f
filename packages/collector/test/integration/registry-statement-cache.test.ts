import { tempDir } from '@gongbang/harness';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openRegistryDb, type RegistryDb } from '../../src/core/db.js';

// The SQLite registry keeps prepared statements per SQL text. A cached statement must give the
// same answers as a fresh one: with new parameters, after a stream of it was left early, and
// after the table it reads has changed shape.
describe('SQLite registry statement cache', () => {
  let db: RegistryDb | undefined;
  let removeDir: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await db?.destroy();
    await removeDir?.();
  });

  async function open(): Promise<RegistryDb> {
    const tmp = await tempDir('gongbang-stmt-cache-');
    removeDir = tmp.remove;
    db = openRegistryDb({ kind: 'sqlite', file: `${tmp.dir}/registry.db` });
    await sql`create table t (id integer primary key, v text)`.execute(db);
    for (let i = 1; i <= 20; i++) await sql`insert into t (id, v) values (${i}, ${`v${i}`})`.execute(db);
    return db;
  }

  it('answers a repeated query with fresh parameters', async () => {
    const d = await open();
    for (let i = 1; i <= 20; i++) {
      const r = await sql<{ v: string }>`select v from t where id = ${i}`.execute(d);
      expect(r.rows).toEqual([{ v: `v${i}` }]);
    }
  });

  it('runs a query again after a stream of it was left early', async () => {
    const d = (await open()) as unknown as Kysely<{ t: { id: number; v: string } }>;
    const q = () => d.selectFrom('t').select('id').where('id', '>', 0).orderBy('id');
    const seen: number[] = [];
    for await (const row of q().stream()) {
      seen.push(row.id);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
    expect((await q().execute()).map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('sees a column added after the statement was first prepared', async () => {
    const d = await open();
    const first = await sql<Record<string, unknown>>`select * from t where id = ${1}`.execute(d);
    expect(Object.keys(first.rows[0] ?? {})).toEqual(['id', 'v']);
    await sql`alter table t add column w text default 'x'`.execute(d);
    const again = await sql<Record<string, unknown>>`select * from t where id = ${1}`.execute(d);
    expect(again.rows[0]).toEqual({ id: 1, v: 'v1', w: 'x' });
  });
});
