import { IdSchema } from '@gongbang/shared';
import { z } from 'zod';
import { PROGRAMME_ROLES, RoleSchema } from '../core/index.js';
import { TrustProxySchema } from './trust-proxy.js';

/** A secret given either in clear (`token`) or as the hex SHA-256 of it (`tokenSha256`, preferred in files). */
const secret = {
  token: z.string().min(16, { message: 'tokens must be at least 16 characters' }).optional(),
  tokenSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { message: 'expected 64 lowercase hex digits (sha256sum of the token)' })
    .optional(),
};
const oneSecret = (v: { token?: string; tokenSha256?: string }) =>
  (v.token === undefined) !== (v.tokenSha256 === undefined);
const oneSecretMsg = { message: 'give exactly one of token or tokenSha256' };

/** Where the HTTP server listens. */
export const ServerSectionSchema = z.strictObject({
  /** Interface to bind. Default `127.0.0.1` (loopback only); `0.0.0.0` to serve the network. */
  host: z.string().min(1).default('127.0.0.1'),
  /** TCP port. Default 8080; 0 picks a free one. */
  port: z.number().int().min(0).max(65535).default(8080),
  /**
   * Most time to receive a whole request (headers and body), ms; then 408 and the connection
   * closes. Default 120,000: a 10 MiB batch, gzipped, over a slow workshop uplink.
   */
  requestTimeoutMs: z.number().int().min(1000).max(3_600_000).default(120_000),
  /** A connection with no bytes moving for this long is closed, ms. Default 30,000. */
  idleTimeoutMs: z.number().int().min(1000).max(3_600_000).default(30_000),
  /** Largest request body after gzip decompression, bytes. Default 10 MiB. */
  bodyLimitBytes: z
    .number()
    .int()
    .min(1024)
    .max(256 * 2 ** 20)
    .default(10 * 2 ** 20),
  /**
   * Reverse proxies whose X-Forwarded-For names the client: a list of addresses, CIDR ranges
   * or `loopback`/`linklocal`/`uniquelocal`. Default false; `true` and hop counts are refused
   * (see trust-proxy.ts).
   */
  trustProxy: TrustProxySchema.default(false),
});

/** The embedded store: one SQLite file `<dataDir>/readings.db`. */
export const SqliteStoreSectionSchema = z.strictObject({
  type: z.literal('sqlite'),
  /**
   * SQLite `synchronous` in WAL mode. `full` (default): an acknowledged batch survives a power
   * loss or OS crash of the collector's machine — the agent deletes what was acknowledged, so
   * anything less could lose readings. `normal` survives process crashes only.
   */
  synchronous: z.enum(['normal', 'full']).default('full'),
});

/** InfluxDB: the v2 write API (1.8+, 2.x, 3.x, Cloud) or v1 `/write` for older 1.x servers. */
export const InfluxStoreSectionSchema = z
  .strictObject({
    type: z.literal('influxdb'),
    /** Base URL, e.g. `http://127.0.0.1:8086`. */
    url: z.url({ protocol: /^https?$/ }),
    /** `v2`: /api/v2/write (default); `v1`: /write?db= for InfluxDB 1.0–1.7. Reads always use InfluxQL /query. */
    api: z.enum(['v1', 'v2']).default('v2'),
    /** v2: organisation (ignored by 1.8 and 3.x). */
    org: z.string().default(''),
    /** v2: bucket; for 1.8 `database/retention-policy`. */
    bucket: z.string().min(1).optional(),
    /** v1: database; also the database InfluxQL reads use (v2: defaults to the bucket name). */
    database: z.string().min(1).optional(),
    /** v1: retention policy to write into (default: the database's default). */
    retentionPolicy: z.string().min(1).optional(),
    /** v2 API token; prefer the GONGBANG_INFLUX_TOKEN variable. */
    token: z.string().min(1).optional(),
    /** v1 user and password. */
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** Per-request timeout, ms. Default 10,000. */
    timeoutMs: z.number().int().min(100).max(600_000).default(10_000),
    /**
     * Create the database at start when it is missing (InfluxDB 1.x; needs admin rights).
     * Default false: /readyz then reports not ready and the log says what to run.
     */
    createDatabase: z.boolean().default(false),
  })
  .refine((s) => (s.api === 'v2' ? s.bucket !== undefined : s.database !== undefined), {
    message: 'api v2 needs bucket, api v1 needs database',
  });

export const StoreSectionSchema = z.discriminatedUnion('type', [SqliteStoreSectionSchema, InfluxStoreSectionSchema]);

/** Ingest limits and checks. */
export const IngestSectionSchema = z.strictObject({
  /** Readings stamped later than now + this are rejected (`ts_in_future`), seconds. Default 3,600. */
  maxFutureSkewS: z
    .number()
    .int()
    .min(0)
    .max(86_400 * 30)
    .default(3600),
  /** Requests per agent per window before 429. Default 600 per 60 s. */
  rateLimitMax: z.number().int().min(1).default(600),
  /** Rate-limit window, seconds. Default 60. */
  rateLimitWindowS: z.number().int().min(1).default(60),
  /** Seconds an agent is told to wait (Retry-After) when the store is unavailable. Default 5. */
  retryAfterS: z.number().int().min(1).max(3600).default(5),
});

/** One agent allowed to ingest by a token kept in collector.yaml; checked after the registry's enrolled agents. */
export const AgentEntrySchema = z
  .strictObject({ id: IdSchema, workshop: IdSchema, ...secret })
  .refine(oneSecret, oneSecretMsg);

/** An API token for scripts, kept in collector.yaml; checked after the registry's users and tokens. */
export const ApiTokenEntrySchema = z
  .strictObject({
    id: IdSchema,
    role: RoleSchema,
    /** Workshops this token may see; `all` for programme-wide roles. Default `all`. */
    workshops: z.union([z.literal('all'), z.array(IdSchema)]).default('all'),
    ...secret,
  })
  .refine(oneSecret, oneSecretMsg)
  .refine((e) => e.workshops !== 'all' || PROGRAMME_ROLES.includes(e.role), {
    message: 'owner and technician tokens must list their workshops',
    path: ['workshops'],
  });

/** Where the registry lives, see docs/registry.md. */
export const RegistrySectionSchema = z.strictObject({
  /** SQLite file or `postgres://` URL (several collectors share one). Default `<dataDir>/registry.db`. */
  url: z.string().min(1).optional(),
  /** `Secure` flag of the session cookie. Default true; false only for plain HTTP off localhost. */
  secureCookies: z.boolean().default(true),
});

/** The KPI engine (docs/metrics.md). */
export const MetricsSectionSchema = z.strictObject({
  /** Keep KPI rollups as readings arrive. Default true. */
  enabled: z.boolean().default(true),
  /** How often days marked by new data are computed, ms. Default 2000. */
  intervalMs: z.number().int().min(100).max(3_600_000).default(2_000),
  /** How often today is computed again (so that time without data shows as such), s. Default 60. */
  todayRefreshS: z.number().int().min(5).max(86_400).default(60),
  /** An agent silent this long (heartbeats included) is offline: its machines have no data, s. Default 300. */
  offlineAfterS: z.number().int().min(10).max(86_400).default(300),
  /** Stops shorter than this are minor stops (delay time needing no reason), s. Default 120. */
  minorStopS: z.number().int().min(0).max(86_400).default(120),
  /** A reason scan this soon after a stop still classifies it, s. Default 120. */
  reasonGraceS: z.number().int().min(0).max(86_400).default(120),
  /** Longer gaps between pieces are pauses, not cycles, s. Default 3600. */
  maxCycleS: z.number().int().min(1).max(604_800).default(3_600),
  /** Coverage (share of planned time with data) below which a device-based KPI is "insufficient data", 0–1. Default 0.8; `?coverage=` overrides it per request. */
  coverageThreshold: z.number().min(0).max(1).default(0.8),
  /** A worker's break between badge-out and badge-in shorter than this counts as attendance, s. Default 7200. */
  attendanceGapS: z.number().int().min(0).max(86_400).default(7_200),
});
export type MetricsConfig = z.infer<typeof MetricsSectionSchema>;

/** The stage-gain evaluation's API (docs/evaluation.md). */
export const EvaluationSectionSchema = z.strictObject({
  /** Worker threads the estimator runs on, each one analysis at a time (more queue). Default 1. */
  workers: z.number().int().min(1).max(16).default(1),
  /**
   * A result at most this old is answered at once, marked `stale`, when only the data changed,
   * while the current data is analysed in the background, s; 0: never. Default 900.
   */
  maxStaleS: z.number().int().min(0).max(86_400).default(900),
});
export type EvaluationConfig = z.infer<typeof EvaluationSectionSchema>;

export const CollectorConfigSchema = z.strictObject({
  /** Folder for the embedded store (`readings.db`) and other local files. Default `./data`. */
  dataDir: z.string().min(1).default('./data'),
  server: ServerSectionSchema.default(ServerSectionSchema.parse({})),
  store: StoreSectionSchema.default({ type: 'sqlite', synchronous: 'full' }),
  /** Readings older than this are deleted by retention and refused at ingest (`ts_before_retention`), days. Default 730. */
  retentionDays: z.number().int().min(1).max(36_500).default(730),
  ingest: IngestSectionSchema.default(IngestSectionSchema.parse({})),
  agents: z.array(AgentEntrySchema).default([]),
  apiTokens: z.array(ApiTokenEntrySchema).default([]),
  registry: RegistrySectionSchema.default({ secureCookies: true }),
  metrics: MetricsSectionSchema.default(MetricsSectionSchema.parse({})),
  evaluation: EvaluationSectionSchema.default(EvaluationSectionSchema.parse({})),
  log: z
    .strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
    .default({ level: 'info' }),
});
export type CollectorConfig = z.infer<typeof CollectorConfigSchema>;
export type StoreConfig = z.infer<typeof StoreSectionSchema>;
export type InfluxStoreConfig = z.infer<typeof InfluxStoreSectionSchema>;
export type AgentEntry = z.infer<typeof AgentEntrySchema>;
export type ApiTokenEntry = z.infer<typeof ApiTokenEntrySchema>;
