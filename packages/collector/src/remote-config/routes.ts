import type { ValidationIssue } from '@gongbang/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AGENT,
  AGENT_READERS,
  AGENT_WRITERS,
  allow,
  audit,
  canSee,
  doc,
  HttpError,
  notFound,
  type Principal,
  parseOrThrow,
  requireAgent,
  requirePrincipal,
} from '../core/index.js';
import type { AgentRepository } from '../registry/index.js';
import { visibleAgent } from '../registry/routes/agents.js';
import type { AgentConfigVersion, RemoteConfigRepository } from './repository.js';
import { maskSecrets } from './secrets.js';

/** The parts of the registry these routes use. */
type Deps = { agents: AgentRepository; remoteConfigs: RemoteConfigRepository };

type A = { Params: { agentId: string } };
type AV = { Params: { agentId: string; version: string } };
const PutSchema = z.strictObject({ config: z.unknown() });
const VersionSchema = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** One version of a config as a reader sees it: secrets masked unless the reader may see them. */
export type ShownConfigVersion = AgentConfigVersion & { secretsMasked: boolean };

/** The answer of `GET /api/v1/agents/:agentId/config`. */
export interface AgentConfigAnswer {
  agentId: string;
  /** The newest version (what the agent is sent next), or null when none was ever saved. */
  current: ShownConfigVersion | null;
  /** The version the agent says it runs (its heartbeat), null while it runs only its local file. */
  appliedVersion: number | null;
  failedVersion: number | null;
  failedReason: string | null;
  /** Every version, newest first, without the configs (`…/config/versions/:version` has each). */
  history: Array<Omit<AgentConfigVersion, 'config'>>;
}

/** The answer of `POST /api/v1/agents/:agentId/config/validate`: what a save would refuse, nothing stored. */
export interface ConfigValidation {
  valid: boolean;
  issues: ValidationIssue[];
}

/** What an agent sends with each heartbeat. */
export const HeartbeatSchema = z.strictObject({
  agentVersion: z.string().max(64).optional(),
  /** The remote config version the agent runs now (null: only its local file). */
  appliedConfigVersion: z.number().int().min(1).nullable().optional(),
  /** A version the agent tried and rolled back, with why. */
  failedConfigVersion: z.number().int().min(1).nullable().optional(),
  failedConfigReason: z.string().max(2000).nullable().optional(),
});

/**
 * Device passwords and tokens in a config are shown to admins and to the technicians of the
 * agent's workshop, who set them; everyone else who may read configs (evaluators) sees them
 * masked (issue #10, item 6).
 */
function maySeeSecrets(p: Principal, workshopId: string): boolean {
  return p.role === 'admin' || (p.role === 'technician' && canSee(p, workshopId));
}

const shown = (v: AgentConfigVersion, reveal: boolean): ShownConfigVersion =>
  reveal ? { ...v, secretsMasked: false } : { ...v, config: maskSecrets(v.config), secretsMasked: true };

/** Technicians edit an agent's config (validated with the agent's schema, versioned); agents pull it with their heartbeat. */
export async function remoteConfigRoutes(app: FastifyInstance, opts: { registry: Deps }): Promise<void> {
  const { registry } = opts;

  app.get<A>(
    '/api/v1/agents/:agentId/config',
    doc(allow(...AGENT_READERS), "An agent's remote config, its history and state", 'remote-config'),
    async (request): Promise<AgentConfigAnswer> => {
      const agent = await visibleAgent(registry, request, request.params.agentId);
      const history = await registry.remoteConfigs.history(agent.id);
      const reveal = maySeeSecrets(requirePrincipal(request), agent.workshopId);
      return {
        agentId: agent.id,
        current: history[0] ? shown(history[0], reveal) : null,
        appliedVersion: agent.appliedConfigVersion,
        failedVersion: agent.failedConfigVersion,
        failedReason: agent.failedConfigReason,
        history: history.map(({ config: _c, ...meta }) => meta),
      };
    },
  );

  // Rolling back reads an earlier version here and saves it again as the newest: the history
  // stays append-only, so what ran when is never rewritten.
  app.get<AV>(
    '/api/v1/agents/:agentId/config/versions/:version',
    doc(allow(...AGENT_READERS), "One version of an agent's remote config", 'remote-config'),
    async (request): Promise<ShownConfigVersion> => {
      const agent = await visibleAgent(registry, request, request.params.agentId);
      const n = VersionSchema.safeParse(request.params.version);
      const what = `version "${request.params.version}" of the config of agent "${agent.id}"`;
      if (!n.success) throw notFound(what);
      const v = await registry.remoteConfigs.version(agent.id, n.data);
      if (!v) throw notFound(what);
      return shown(v, maySeeSecrets(requirePrincipal(request), agent.workshopId));
    },
  );

  // A dry run of the save: the editor shows every issue at its line before anything is stored,
  // with the very checks the save makes (schema, agent id, masked secrets).
  app.post<A>(
    '/api/v1/agents/:agentId/config/validate',
    doc(
      allow(...AGENT_WRITERS),
      'Check a config as a save would, without saving (the issues with their paths)',
      'remote-config',
    ),
    async (request): Promise<ConfigValidation> => {
      const agent = await visibleAgent(registry, request, request.params.agentId);
      const body = parseOrThrow(PutSchema, request.body);
      const checked = await registry.remoteConfigs.check(agent.id, body.config);
      return checked.ok ? { valid: true, issues: [] } : { valid: false, issues: checked.issues };
    },
  );

  app.put<A>(
    '/api/v1/agents/:agentId/config',
    doc(
      allow(...AGENT_WRITERS),
      'Save a new version of an agent config (validated with the agent schema)',
      'remote-config',
    ),
    async (request) => {
      const agent = await visibleAgent(registry, request, request.params.agentId);
      const body = parseOrThrow(PutSchema, request.body);
      const p = requirePrincipal(request);
      const saved = await registry.remoteConfigs.put(agent.id, body.config, p.username);
      audit(request.log, {
        event: 'agent_config.save',
        actor: p.username,
        target: { agentId: agent.id, workshopId: agent.workshopId, version: String(saved.version) },
        outcome: 'success',
      });
      return shown(saved, maySeeSecrets(p, agent.workshopId));
    },
  );

  app.post(
    '/api/v1/agent/heartbeat',
    doc(AGENT, 'Agents: heartbeat; answers a newer config when there is one', 'remote-config'),
    async (request) => {
      const me = requireAgent(request);
      const hb = parseOrThrow(HeartbeatSchema, request.body ?? {});
      await registry.agents.recordHeartbeat(me.agentId, {
        version: hb.agentVersion,
        appliedConfigVersion: hb.appliedConfigVersion,
        failedConfigVersion: hb.failedConfigVersion,
        failedConfigReason: hb.failedConfigReason,
      });
      const latest = await registry.remoteConfigs.latest(me.agentId);
      // Send the config only when it is newer than what runs and not the version that just failed.
      const send =
        latest !== undefined &&
        latest.version !== hb.appliedConfigVersion &&
        latest.version > (hb.appliedConfigVersion ?? 0) &&
        latest.version !== hb.failedConfigVersion;
      return {
        v: 1,
        serverTime: Date.now(),
        configVersion: latest?.version ?? null,
        config: send
          ? { version: latest.version, config: latest.config, author: latest.author, createdAt: latest.createdAt }
          : null,
      };
    },
  );

  // The agent's own token rotation (see AgentRepository.beginRotation): the answer is the only
  // time the new token is visible; the current token works until the new one is first used.
  app.post(
    '/api/v1/agent/token',
    doc(AGENT, 'Agents: a new token for this agent; it replaces the current one when first used', 'remote-config'),
    async (request) => {
      const me = requireAgent(request);
      const token = await registry.agents.beginRotation(me.agentId);
      audit(request.log, {
        event: 'agent_token.self_rotate',
        actor: `agent:${me.agentId}`,
        target: { agentId: me.agentId, workshopId: me.workshopId },
        outcome: 'success',
      });
      return { v: 1, agentId: me.agentId, token };
    },
  );

  app.get('/api/v1/agent/config', doc(AGENT, 'Agents: the newest remote config', 'remote-config'), async (request) => {
    const me = requireAgent(request);
    await registry.agents.touch(me.agentId);
    const latest = await registry.remoteConfigs.latest(me.agentId);
    if (!latest) throw new HttpError('not_found', 'no remote config for this agent');
    return { v: 1, version: latest.version, config: latest.config, author: latest.author, createdAt: latest.createdAt };
  });
}
