import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as initial from './001-initial.js';
import * as pendingAgentToken from './002-pending-agent-token.js';
import * as enrollmentBinding from './003-enrollment-binding.js';
import * as machines from './004-machines.js';
import * as manualEntriesStopReasons from './005-manual-entries-stop-reasons.js';
import * as kpiRollups from './006-kpi-rollups.js';

/** Migrations in order; names sort as they apply. Never edit one that shipped: add the next. */
export const REGISTRY_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-initial': initial,
  '002-pending-agent-token': pendingAgentToken,
  '003-enrollment-binding': enrollmentBinding,
  '004-machines': machines,
  '005-manual-entries-stop-reasons': manualEntriesStopReasons,
  '006-kpi-rollups': kpiRollups,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...REGISTRY_MIGRATIONS };
  }
}

/**
 * Brings the registry schema up to date. Safe to run from several collectors at once:
 * Kysely takes a lock table (PostgreSQL: row lock in a transaction) around the run.
 */
export async function migrateRegistry(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new StaticMigrationProvider(),
    migrationTableName: 'registry_migrations',
    migrationLockTableName: 'registry_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new Error(`registry migration failed: ${(error as Error).message ?? String(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
