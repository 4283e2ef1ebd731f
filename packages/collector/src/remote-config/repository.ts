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
   * Validates with the agent's schema and stores the next version as written (defaults are not
   * frozen in, so the agent's own defaults apply). The config's agent id must be the agent's.
   * Secrets left masked (`SECRET_MASK`) take their value from the current version.
   */
  async put(agentId: string, config: unknown, author: string): Promise<AgentConfigVersion> {
    const agent = await this.db.selectFrom('agents').select('id').where('id', '=', agentId).executeTakeFirst();
    if (!agent) throw notFound(`agent "${agentId}"`);
    // A config fetched with its secrets masked and saved again keeps the stored secrets.
    const restored = restoreSecrets(config, (await this.latest(agentId))?.config);
    if (restored.issues.length > 0) {
      const issues = restored.issues;
      throw new HttpError('invalid', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
    }
    config = restored.config;
    const v = this.validate(config);
    if (!v.ok) {
      throw new HttpError('invalid', v.issues.map((i) => `${i.path}: ${i.message}`).join('; '), {
        issues: v.issues,
      });
    }
    const id = (v.config as { agent?: { id?: unknown } }).agent?.id;
    if (id !== agentId) {
      const issues = [{ path: 'agent.id', message: `must be "${agentId}", the agent this config is for` }];
      throw new HttpError('invalid', `agent.id: must be "${agentId}"`, { issues });
    }
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
