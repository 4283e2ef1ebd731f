import { StoreUnavailableError } from '../types.js';
import { ident } from './influxql.js';

/** What the check needs of the store's settings (config `store:` of type influxdb). */
export interface InfluxDatabaseCheckOptions {
  url: string;
  api: 'v1' | 'v2';
  org?: string;
  bucket?: string;
  database?: string;
  token?: string;
  username?: string;
  password?: string;
  /** Per-request timeout, ms. Default 10,000. */
  timeoutMs?: number;
  /** Create the database when it is missing (InfluxDB 1.x only). Default false. */
  createDatabase?: boolean;
}

/** The store's database does not exist: every write would fail. Carries the command that fixes it. */
export class InfluxDatabaseMissingError extends StoreUnavailableError {
  constructor(
    message: string,
    /** The shell command an operator runs to create what is missing. */
    readonly command: string,
  ) {
    super(message);
    this.name = 'InfluxDatabaseMissingError';
  }
}

/** What a look at the server found. */
export type DatabaseState = 'exists' | 'missing' | 'created';

/** Single-quotes a word for a POSIX shell. */
const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Checks that the InfluxQL database the collector writes to and reads from exists, and on
 * InfluxDB 1.x creates it when allowed. InfluxDB answers every write to a missing database
 * with 404, which the ingest route must answer 503 (nothing stored), so without this check
 * /readyz says ready while agents retry forever.
 *
 * It asks `SHOW RETENTION POLICIES ON "<db>"`: InfluxDB 1.x and 2.x (DBRP mappings) answer
 * `database not found` for a missing one. Servers without databases (VictoriaMetrics answers
 * every InfluxQL query with a fixed list and accepts writes to any name) never say that, so
 * they are never reported missing.
 */
export class InfluxDatabaseCheck {
  readonly database: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly opts: InfluxDatabaseCheckOptions) {
    const db = opts.database ?? opts.bucket?.split('/')[0];
    if (!db) throw new Error('InfluxDatabaseCheck: needs a database or a bucket');
    this.database = db;
    this.headers =
      opts.username !== undefined
        ? { authorization: `Basic ${Buffer.from(`${opts.username}:${opts.password ?? ''}`).toString('base64')}` }
        : opts.token !== undefined
          ? { authorization: `Token ${opts.token}` }
          : {};
  }

  /**
   * Looks, and creates the database when it is missing and `createDatabase` allows it on 1.x.
   * Throws {@link InfluxDatabaseMissingError} (with the command to run) when it stays missing,
   * and StoreUnavailableError when the server cannot be asked.
   */
  async ensure(): Promise<DatabaseState> {
    if (await this.exists()) return 'exists';
    const version = await this.version();
    const v1 = version === undefined || /^v?1\./.test(version);
    let refused: string | undefined;
    if (this.opts.createDatabase && v1) {
      try {
        await this.influxql(`CREATE DATABASE ${ident(this.database)}`);
        if (await this.exists()) return 'created';
      } catch (err) {
        refused = (err as Error).message;
      }
    }
    throw this.missing(v1, version, refused);
  }

  /**
   * True when the server knows the database (or has no notion of databases), and when the
   * collector's credentials may not ask (401/403): a write-only token must not take a collector
   * whose writes work out of its load balancer; the write path reports its own failures.
   */
  async exists(): Promise<boolean> {
    const res = await this.influxql(`SHOW RETENTION POLICIES ON ${ident(this.database)}`, [401, 403]);
    const error = res.results?.[0]?.error;
    return !(typeof error === 'string' && /database not found/i.test(error));
  }

  private missing(v1: boolean, version: string | undefined, refused?: string): InfluxDatabaseMissingError {
    const o = this.opts;
    const db = this.database;
    const where = `InfluxDB${version ? ` ${version}` : ''} at ${o.url}`;
    if (v1) {
      const auth = o.username !== undefined ? ` -u ${sh(`${o.username}:PASSWORD`)}` : '';
      const command = `curl -XPOST ${sh(`${o.url.replace(/\/+$/, '')}/query`)}${auth} --data-urlencode ${sh(`q=CREATE DATABASE ${ident(db)}`)}`;
      const hint = o.createDatabase
        ? `the collector could not create it (${refused ?? 'it was still missing after CREATE DATABASE'}; creating needs admin rights)`
        : 'or set store.createDatabase: true and the collector creates it';
      return new InfluxDatabaseMissingError(
        `${where} has no database "${db}": every write fails. Create it: ${command} — ${hint}`,
        command,
      );
    }
    const bucket = o.bucket ?? db;
    const org = o.org ? ` --org ${sh(o.org)}` : '';
    const command =
      `influx bucket create --name ${sh(bucket)}${org} && ` +
      `influx v1 dbrp create --db ${sh(db)} --rp autogen --default ` +
      `--bucket-id "$(influx bucket list --name ${sh(bucket)}${org} --hide-headers | cut -f1)"`;
    return new InfluxDatabaseMissingError(
      `${where} has no database "${db}" (no bucket mapped to it for InfluxQL): writes or reads fail. ` +
        `Create the bucket and its mapping: ${command}` +
        (o.createDatabase ? ' — store.createDatabase works on InfluxDB 1.x only' : ''),
      command,
    );
  }

  /** The server's version from /ping (`X-Influxdb-Version`), if it says. */
  private async version(): Promise<string | undefined> {
    const res = await this.request('/ping', { method: 'GET' });
    return res.headers.get('x-influxdb-version') ?? undefined;
  }

  /** Runs one InfluxQL statement; statuses in `tolerated` answer an empty result instead of throwing. */
  private async influxql(
    q: string,
    tolerated: readonly number[] = [],
  ): Promise<{ results?: Array<{ error?: unknown }>; error?: string }> {
    const res = await this.request('/query', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ q }).toString(),
    });
    const body = (await res.json().catch(() => ({}))) as { results?: Array<{ error?: unknown }>; error?: string };
    if (tolerated.includes(res.status)) return {};
    if (!res.ok)
      throw new StoreUnavailableError(
        `InfluxDB at ${this.opts.url} answered ${res.status} to ${q}: ${body.error ?? ''}`,
      );
    const error = body.results?.[0]?.error;
    // CREATE DATABASE refused (no admin rights): say so, the caller then gives the command.
    if (typeof error === 'string' && q.startsWith('CREATE')) {
      throw new StoreUnavailableError(`InfluxDB at ${this.opts.url} refused ${q}: ${error}`);
    }
    return body;
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.opts.url.replace(/\/+$/, '')}${path}`, {
        ...init,
        headers: { ...this.headers, ...(init.headers as Record<string, string>) },
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new StoreUnavailableError(`InfluxDB at ${this.opts.url} unreachable (${(err as Error).message})`, {
        cause: err,
      });
    }
  }
}
