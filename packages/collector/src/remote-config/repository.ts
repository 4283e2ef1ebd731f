import type { ValidationIssue } from '@gongbang/shared';
import { HttpError, notFound, type RegistryDb } from '../core/index.js';
import { restoreSecrets } from './secrets.js';
import type { AgentConfigValidator } from './validator.js';

/** One version of an agent's config, with who wrote it and when. */
export interface AgentConfigVersion {
  agentId: string;
  version: number;
  config: unknown;
  author: string;
  createdAt: string;
}

/** What {@link RemoteConfigRepository.check} finds: the config as it would be stored, or every issue. */
export type ConfigCheck = { ok: true; config: unknown } | { ok: false; issues: ValidationIssue[] };

/**
 * Remote agent configs, versioned: every edit is a new version recording its author and
 * time; nothing is overwritten, so an evaluator can see what ran when.
 */
export class RemoteConfigRepository {
  constructor(
    private readonly db: RegistryDb,
    private readonly validate: AgentConfigValidator,
  ) {}

  /**
   * Every check {@link put} makes, without storing: the agent's schema, the agent id, masked
   * secrets that have nothing to restore. The dashboard's editor asks this before saving, so a
   * technician sees each problem at its line and nothing is saved until all are fixed.
   */
  async check(agentId: string, config: unknown): Promise<ConfigCheck> {
    const agent = await this.db.selectFrom('agents').select('id').where('id', '=', agentId).executeTakeFirst();
    if (!agent) throw notFound(`agent "${agentId}"`);
    // A config fetched with its secrets masked and saved again keeps the stored secrets.
    const restored = restoreSecrets(config, (await this.latest(agentId))?.config);
    if (restored.issues.length > 0) return { ok: false, issues: restored.issues };
    const v = this.validate(restored.config);
    if (!v.ok) return { ok: false, issues: v.issues };
    const id = (v.config as { agent?: { id?: unknown } }).agent?.id;
    if (id !== agentId) {
      return {
        ok: false,
        issues: [{ path: 'agent.id', message: `must be "${agentId}", the agent this config is for` }],
      };
    }
    return { ok: true, config: restored.config };
  }

  /**
   * Validates with the agent's schema and stores the next version as written (defaults are not
   * frozen in, so the agent's own defaults apply). The config's agent id must be the agent's.
   * Secrets left masked (`SECRET_MASK`) take their value from the current version.
   */
  async put(agentId: string, config: unknown, author: string): Promise<AgentConfigVersion> {
    const checked = await this.check(agentId, config);
    if (!checked.ok) {
      const issues = checked.issues;
      throw new HttpError('invalid', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
    }
    config = checked.config;
    const createdAt = new Date().toISOString();
    // Two technicians saving at once: the primary key (agent_id, version) lets only one win; retry the loser.
    for (let attempt = 0; ; attempt++) {
      const last = await this.db
        .selectFrom('agent_configs')
        .select('version')
        .where('agent_id', '=', agentId)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      const version = (last?.version ?? 0) + 1;
      try {
        await this.db
          .insertInto('agent_configs')
          .values({ agent_id: agentId, version, config: JSON.stringify(config), author, created_at: createdAt })
          .execute();
        return { agentId, version, config, author, createdAt };
      } catch (err) {
        if (attempt >= 5) throw err;
      }
    }
  }

  async latest(agentId: string): Promise<AgentConfigVersion | undefined> {
    const r = await this.db
      .selectFrom('agent_configs')
      .selectAll()
      .where('agent_id', '=', agentId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r
      ? { agentId, version: r.version, config: JSON.parse(r.config), author: r.author, createdAt: r.created_at }
      : undefined;
  }

  /** One version, or undefined when the agent has no such version. */
  async version(agentId: string, version: number): Promise<AgentConfigVersion | undefined> {
    const r = await this.db
      .selectFrom('agent_configs')
      .selectAll()
      .where('agent_id', '=', agentId)
      .where('version', '=', version)
      .executeTakeFirst();
    return r
      ? { agentId, version: r.version, config: JSON.parse(r.config), author: r.author, createdAt: r.created_at }
      : undefined;
  }

  /** Every version, newest first. */
  async history(agentId: string): Promise<AgentConfigVersion[]> {
    const rows = await this.db
      .selectFrom('agent_configs')
      .selectAll()
      .where('agent_id', '=', agentId)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({
      agentId,
      version: r.version,
      config: JSON.parse(r.config),
      author: r.author,
      createdAt: r.created_at,
    }));
  }
}
