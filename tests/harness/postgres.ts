import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A throwaway database on the PostgreSQL that runs on this machine (127.0.0.1:5432, trust auth). */
export interface PgDatabase {
  /** Connection string for the new database. */
  url: string;
  database: string;
  close: () => Promise<void>;
}

const ADMIN_URL = process.env.GONGBANG_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function createPgDatabase(): Promise<PgDatabase> {
  const database = `gb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `cannot reach PostgreSQL at ${ADMIN_URL} (${(err as Error).message}). Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start, or set GONGBANG_TEST_PG_URL`,
    );
  }
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    database,
    close: async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
