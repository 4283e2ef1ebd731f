import { createPgDatabase, tempDir } from '@gongbang/harness';
import { type Kysely, type Migration, Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { Registry } from '../../src/compose/registry.js';
import { openRegistryDb, type RegistryLocation } from '../../src/core/db.js';
import { hashEnrollmentCode } from '../../src/enrollment/codes.js';
import { REGISTRY_MIGRATIONS } from '../../src/registry/migrations/index.js';
import { DIALECTS, TEST_REGISTRY_OPTIONS } from './registry-fixtures.js';

/** A registry left at migration 002 with a live code in it, as a collector of the last release leaves it. */
async function registryAt002(location: RegistryLocation): Promise<void> {
  const db = openRegistryDb(location);
  try {
    const migrator = new Migrator({
      db: db as unknown as Kysely<unknown>,
      provider: { getMigrations: async () => ({ ...REGISTRY_MIGRATIONS }) as Record<string, Migration> },
      migrationTableName: 'registry_migrations',
      migrationLockTableName: 'registry_migrations_lock',
    });
    const { error } = await migrator.migrateTo('002-pending-agent-token');
    if (error) throw error;
    const now = new Date().toISOString();
    await db
      .insertInto('workshops')
      .values({
        id: 'ws-old',
        name_ko: '옛',
        name_en: 'Old',
        industry: 'other',
        cluster: null,
        headcount: null,
        created_at: now,
      })
      .execute();
    await (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
      .insertInto('enrollment_codes')
      .values({
        code_hash: hashEnrollmentCode('AAAA-BBBB-CCCC'),
        workshop_id: 'ws-old',
        agent_id: 'ws-old-agent-1',
        created_by: 'tech',
        created_at: now,
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
        used_at: null,
      })
      .execute();
  } finally {
    await db.destroy();
  }
}

describe.each(DIALECTS)('migration 003 on a registry with codes (%s)', (dialect) => {
  it('gives old codes an id, keeps them working, and lets them be listed', async () => {
    const tmp = dialect === 'sqlite' ? await tempDir('gb-mig-') : undefined;
    const pg = dialect === 'postgres' ? await createPgDatabase() : undefined;
    const location: RegistryLocation = tmp
      ? { kind: 'sqlite', file: `${tmp.dir}/registry.db` }
      : { kind: 'postgres', url: pg!.url, poolSize: 2 };
    const registry = new Registry({ ...TEST_REGISTRY_OPTIONS, location });
    try {
      await registryAt002(location);
      await registry.start();
      const [code] = await registry.enrollment.list('ws-old');
      expect(code).toMatchObject({ agentId: 'ws-old-agent-1', createdBy: 'tech', status: 'pending' });
      expect(code?.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await registry.enrollment.exchange('aaaa-bbbb-cccc')).toMatchObject({ agentId: 'ws-old-agent-1' });
    } finally {
      await registry.stop();
      await tmp?.remove();
      await pg?.close();
    }
  });
});
