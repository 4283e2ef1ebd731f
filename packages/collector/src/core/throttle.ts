import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { RegistryDb, RegistryDialectName } from './db.js';

/** How many failures a key may have inside a window before it is slowed down. */
export interface ThrottleOptions {
  /** Failures allowed per window before answers become 429. Default 10. */
  maxFailures: number;
  /** Window length, ms. Default 15 min. */
  windowMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: Readonly<ThrottleOptions> = Object.freeze({
  maxFailures: 10,
  windowMs: 15 * 60_000,
});
export const DEFAULT_ENROLL_THROTTLE: Readonly<ThrottleOptions> = Object.freeze({
  maxFailures: 10,
  windowMs: 15 * 60_000,
});

/**
 * Slots taken for one attempt, one per key. Exactly one of `succeeded()` (the slots are given
 * back) or `failed()` (they stay as the failure record) should follow; a process that dies in
 * between leaves them counted as failures until the window passes, which errs on the safe side.
 */
export interface ThrottleReservation {
  succeeded(): Promise<void>;
  failed(): Promise<void>;
}

/** The answer of `reserve`: a reservation, or how long to wait. */
export type ThrottleDecision = { ok: true; reservation: ThrottleReservation } | { ok: false; retryAfterS: number };

/**
 * Counts failed logins and enrollment attempts per key (client address, username) in the
 * registry, so every collector behind a load balancer sees the same count. Only failures
 * count: a technician who types the right code is never slowed by others' mistakes on it.
 *
 * An attempt reserves its slot before the (slow, asynchronous) check and gives it back when
 * it succeeds: checking and recording are one atomic step, so 40 parallel guesses cannot all
 * pass a limit of 10 (issue #10, item 3).
 */
export class FailureThrottle {
  constructor(
    private readonly db: RegistryDb,
    private readonly scope: string,
    private readonly options: ThrottleOptions,
    /** Which database the registry runs on: PostgreSQL needs a lock that SQLite does not. */
    private readonly dialect: RegistryDialectName = 'sqlite',
  ) {}

  /**
   * Takes a slot for each key, all or none. Refused when any key has used up its window; then
   * the slots already taken for the other keys are given back at once.
   */
  async reserve(keys: readonly string[]): Promise<ThrottleDecision> {
    const ids: string[] = [];
    for (const key of keys) {
      const id = await this.take(key);
      if (id === undefined) {
        await this.drop(ids);
        // At least 1 s: the window may have emptied since (attempts in flight gave their slots back).
        return { ok: false, retryAfterS: Math.max(1, await this.retryAfterS(key)) };
      }
      ids.push(id);
    }
    return {
      ok: true,
      reservation: {
        succeeded: () => this.drop(ids),
        failed: () => this.sweep(),
      },
    };
  }

  /** Seconds until the key may try again, or 0 when it may try now. */
  async retryAfterS(key: string): Promise<number> {
    const since = new Date(Date.now() - this.options.windowMs).toISOString();
    const rows = await this.db
      .selectFrom('auth_failures')
      .select('at')
      .where('scope', '=', this.scope)
      .where('key', '=', key)
      .where('at', '>', since)
      .orderBy('at')
      .execute();
    if (rows.length < this.options.maxFailures) return 0;
    const oldest = Date.parse(rows[rows.length - this.options.maxFailures]?.at ?? since);
    return Math.max(1, Math.ceil((oldest + this.options.windowMs - Date.now()) / 1000));
  }

  /**
   * Inserts a row only while the window holds fewer than the limit, as one conditional INSERT.
   * SQLite runs a statement under its write lock, so that alone is atomic there; PostgreSQL
   * at READ COMMITTED would let two such INSERTs see the same count, so there a transaction
   * advisory lock on (scope, key) serialises them across every collector on the database.
   */
  private async take(key: string): Promise<string | undefined> {
    const id = randomUUID();
    const now = Date.now();
    const at = new Date(now).toISOString();
    const since = new Date(now - this.options.windowMs).toISOString();
    const insert = sql`insert into auth_failures (id, scope, "key", at)
      select ${id}, ${this.scope}, ${key}, ${at}
      where (select count(*) from auth_failures
             where scope = ${this.scope} and "key" = ${key} and at > ${since}) < ${this.options.maxFailures}`;
    const inserted = await this.db.transaction().execute(async (tx) => {
      if (this.dialect === 'postgres') {
        await sql`select pg_advisory_xact_lock(hashtext(${`${this.scope}|${key}`}))`.execute(tx);
      }
      const r = await insert.execute(tx);
      return Number(r.numAffectedRows ?? 0n);
    });
    return inserted === 1 ? id : undefined;
  }

  private async drop(ids: readonly string[]): Promise<void> {
    if (ids.length > 0)
      await this.db
        .deleteFrom('auth_failures')
        .where('id', 'in', [...ids])
        .execute();
  }

  /** Keeps the table small: drops what no window can see any more. */
  private async sweep(): Promise<void> {
    const old = new Date(Date.now() - 2 * this.options.windowMs).toISOString();
    await this.db.deleteFrom('auth_failures').where('scope', '=', this.scope).where('at', '<', old).execute();
  }
}
