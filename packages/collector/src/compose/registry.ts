import { sql } from 'kysely';
import {
  DEFAULT_ENROLL_THROTTLE,
  DEFAULT_LOGIN_THROTTLE,
  FailureThrottle,
  openRegistryDb,
  type RegistryDb,
  type RegistryLocation,
  type ThrottleOptions,
} from '../core/index.js';
import { EnrollmentRepository } from '../enrollment/index.js';
import {
  ignoreMetricsInputChange,
  ManualEntryRepository,
  type MetricsInputListener,
  StopReasonRepository,
} from '../metrics/index.js';
import {
  AgentRepository,
  CalendarRepository,
  MachineRepository,
  migrateRegistry,
  ProductRepository,
  WorkshopRepository,
} from '../registry/index.js';
import { type AgentConfigValidator, RemoteConfigRepository, validateWithAgentSchema } from '../remote-config/index.js';
import {
  ApiTokenRepository,
  DEFAULT_SCRYPT_COST,
  type ScryptCost,
  SessionRepository,
  UserRepository,
} from '../users/index.js';

/** Options of the registry; validated once and frozen. */
export interface RegistryOptions {
  /** SQLite file (embedded default) or PostgreSQL URL (several collectors). */
  location: RegistryLocation;
  /** Validates remote agent configs. Default: the edge agent's own AgentConfigSchema. */
  validateAgentConfig?: AgentConfigValidator;
  /** scrypt cost for new password hashes. Default N=2^15, r=8, p=1. Tests lower it. */
  scryptCost?: ScryptCost;
  /** Browser session lifetime, ms. Default 12 h. */
  sessionTtlMs?: number;
  /** Failed logins allowed per window, per client address and per username. Default 10 per 15 min. */
  loginThrottle?: ThrottleOptions;
  /** Failed enrollment attempts allowed per window, per client address. Default 10 per 15 min. */
  enrollThrottle?: ThrottleOptions;
  /** Run migrations on start. Default true. */
  migrate?: boolean;
  /** Told which time of a workshop a manual entry or stop reason changed (rollups go stale). Default: nothing. */
  onMetricsInputChange?: MetricsInputListener;
}

/**
 * The registry: workshops (stages, calendars, products, machines), agents, users, enrollment codes and
 * remote configs, in one SQLite file or one PostgreSQL database. The constructor only
 * assigns; `start()` connects and migrates, `stop()` closes.
 */
export class Registry {
  readonly options: Readonly<RegistryOptions>;
  private opened?: RegistryDb;
  workshops!: WorkshopRepository;
  calendars!: CalendarRepository;
  products!: ProductRepository;
  machines!: MachineRepository;
  agents!: AgentRepository;
  users!: UserRepository;
  sessions!: SessionRepository;
  apiTokens!: ApiTokenRepository;
  enrollment!: EnrollmentRepository;
  remoteConfigs!: RemoteConfigRepository;
  manualEntries!: ManualEntryRepository;
  /** Told when manual entries or stop reasons change (the app sets it to its KPI engine). */
  metricsInputListener?: MetricsInputListener;
  stopReasons!: StopReasonRepository;
  loginThrottle!: FailureThrottle;
  enrollThrottle!: FailureThrottle;

  constructor(options: RegistryOptions) {
    if (!options?.location) throw new Error(`Registry: options.location is required, got ${JSON.stringify(options)}`);
    this.options = Object.freeze({ ...options });
  }

  get db(): RegistryDb {
    if (!this.opened) throw new Error('Registry: not started (call start() first)');
    return this.opened;
  }

  get dialect(): RegistryLocation['kind'] {
    return this.options.location.kind;
  }

  async start(): Promise<void> {
    if (this.opened) return;
    const db = openRegistryDb(this.options.location);
    try {
      if (this.options.migrate !== false) await migrateRegistry(db as never);
    } catch (err) {
      await db.destroy();
      throw err;
    }
    this.opened = db;
    const validate = this.options.validateAgentConfig ?? validateWithAgentSchema;
    this.workshops = new WorkshopRepository(db);
    this.calendars = new CalendarRepository(db);
    this.products = new ProductRepository(db);
    this.machines = new MachineRepository(db);
    this.agents = new AgentRepository(db);
    this.users = new UserRepository(db, this.options.scryptCost ?? DEFAULT_SCRYPT_COST);
    this.sessions = new SessionRepository(db, this.options.sessionTtlMs);
    this.apiTokens = new ApiTokenRepository(db);
    this.enrollment = new EnrollmentRepository(db, validate);
    this.remoteConfigs = new RemoteConfigRepository(db, validate);
    const kind = this.dialect;
    // Looked up at each change: the app wires the KPI engine in after the registry is built.
    const onChange: MetricsInputListener = async (workshopId, fromMs, toMs) => {
      await (this.options.onMetricsInputChange ?? ignoreMetricsInputChange)(workshopId, fromMs, toMs);
      await this.metricsInputListener?.(workshopId, fromMs, toMs);
    };
    this.manualEntries = new ManualEntryRepository(db, { onChange });
    this.stopReasons = new StopReasonRepository(db, { onChange, dialect: kind });
    this.loginThrottle = new FailureThrottle(db, 'login', this.options.loginThrottle ?? DEFAULT_LOGIN_THROTTLE, kind);
    this.enrollThrottle = new FailureThrottle(
      db,
      'enroll',
      this.options.enrollThrottle ?? DEFAULT_ENROLL_THROTTLE,
      kind,
    );
  }

  async stop(): Promise<void> {
    const db = this.opened;
    this.opened = undefined;
    await db?.destroy();
  }

  /** True when the database answers (for /readyz). */
  async ping(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }
}
