import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * Issue #10 (attacker review):
 * - enrollment codes get a public id (to list and revoke them without showing the code or its
 *   hash), a revocation, and the creating user's id, so a disabled creator's codes stop working;
 * - throttle rows get an id, so a login can reserve a slot before its password check and give
 *   it back when the password was right.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.alterTable('enrollment_codes').addColumn('id', 'text').execute();
  await s.alterTable('enrollment_codes').addColumn('creator_user_id', 'text').execute();
  await s.alterTable('enrollment_codes').addColumn('revoked_at', 'text').execute();
  await s.alterTable('enrollment_codes').addColumn('revoked_by', 'text').execute();
  // Codes from before this migration get an id; their creator stays unknown (null): they were
  // made by a username that may be a collector.yaml API token, which has no user row.
  const t = db as Kysely<{ enrollment_codes: { code_hash: string; id: string | null } }>;
  const rows = await t.selectFrom('enrollment_codes').select('code_hash').execute();
  for (const r of rows) {
    await t.updateTable('enrollment_codes').set({ id: randomUUID() }).where('code_hash', '=', r.code_hash).execute();
  }
  await s.createIndex('enrollment_codes_id').unique().on('enrollment_codes').column('id').execute();
  await s.createIndex('enrollment_codes_workshop').on('enrollment_codes').column('workshop_id').execute();
  await s.alterTable('auth_failures').addColumn('id', 'text').execute();
  await s.createIndex('auth_failures_id').on('auth_failures').column('id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.dropIndex('auth_failures_id').execute();
  await s.alterTable('auth_failures').dropColumn('id').execute();
  await s.dropIndex('enrollment_codes_workshop').execute();
  await s.dropIndex('enrollment_codes_id').execute();
  for (const c of ['revoked_by', 'revoked_at', 'creator_user_id', 'id']) {
    await s.alterTable('enrollment_codes').dropColumn(c).execute();
  }
}
