import type { RegistryDb } from '../registry/db.js';

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
 * Counts failed logins and enrollment attempts per key (client address, username) in the
 * registry, so every collector behind a load balancer sees the same count. Only failures
 * count: a technician who types the right code is never slowed by others' mistakes on it.
 */
export class FailureThrottle {
  constructor(
    private readonly db: RegistryDb,
    private readonly scope: string,
    private readonly options: ThrottleOptions,
  ) {}

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

  async fail(key: string): Promise<void> {
    await this.db
      .insertInto('auth_failures')
      .values({ scope: this.scope, key, at: new Date().toISOString() })
      .execute();
    // Keep the table small: drop what no window can see any more.
    const old = new Date(Date.now() - 2 * this.options.windowMs).toISOString();
    await this.db.deleteFrom('auth_failures').where('scope', '=', this.scope).where('at', '<', old).execute();
  }
}
