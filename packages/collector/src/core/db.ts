import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { RegistryTables } from './tables.js';

/** Where the registry lives: an embedded SQLite file or a PostgreSQL database shared by several collectors. */
export type RegistryLocation =
  | { kind: 'sqlite' /** Path of the SQLite file (created with its folder). */; file: string }
  | {
      kind: 'postgres' /** `postgres://user@host:5432/db` connection string. */;
      url: string /** Pool size, default 10. */;
      poolSize?: number;
    };

export type RegistryDb = Kysely<RegistryTables>;
export type RegistryDialectName = RegistryLocation['kind'];

/** Reads `postgres://…` / `postgresql://…` as PostgreSQL and anything else as a SQLite file path. */
export function parseRegistryLocation(value: string): RegistryLocation {
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  return { kind: 'sqlite', file: value.replace(/^sqlite:(\/\/)?/, '') };
}

/** Prepared statements kept per SQL text; beyond this many, the least recently used go. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query again; preparing cost the KPI engine about a tenth
 * of its time (a day's write is some twenty statements of a few shapes). A statement still
 * iterating (a streamed query) is busy and cannot run twice, so a busy one is not reused.
 */
function withStatementCache(db: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  return {
    prepare(sql: string): Database.Statement {
      const hit = cache.get(sql);
      if (hit && !hit.busy) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = db.prepare(sql);
      if (!hit) {
        cache.set(sql, stmt);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      return stmt;
    },
    close(): void {
      cache.clear();
      db.close();
    },
  };
}

/** Opens a Kysely instance for the location. SQLite runs in WAL mode with foreign keys on. */
export function openRegistryDb(location: RegistryLocation): RegistryDb {
  if (location.kind === 'sqlite') {
    mkdirSync(path.dirname(path.resolve(location.file)), { recursive: true });
    const db = new Database(location.file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return new Kysely<RegistryTables>({ dialect: new SqliteDialect({ database: withStatementCache(db) }) });
  }
  const pool = new pg.Pool({ connectionString: location.url, max: location.poolSize ?? 10 });
  // An idle client losing its connection must not take the process down; the next query reconnects.
  pool.on('error', () => {});
  return new Kysely<RegistryTables>({ dialect: new PostgresDialect({ pool }) });
}
