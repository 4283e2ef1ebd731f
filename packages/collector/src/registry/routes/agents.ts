import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  AGENT_READERS,
  AGENT_WRITERS,
  ANY_USER,
  allow,
  audit,
  doc,
  notFound,
  requirePrincipal,
  requireWorkshop,
} from '../../core/index.js';
import type { Agent, AgentRepository } from '../agents.js';
import type { WorkshopRepository } from '../workshops.js';

/** The parts of the registry these routes use. */
type Deps = { agents: AgentRepository; workshops: WorkshopRepository };

type A = { Params: { agentId: string } };

/** Loads an agent the caller may see; someone else's agent is a 404 like a missing one. */
export async function visibleAgent(
  registry: { agents: Pick<AgentRepository, 'find'> },
  request: FastifyRequest,
  agentId: string,
): Promise<Agent> {
  const agent = await registry.agents.find(agentId);
  const what = `agent "${agentId}"`;
  requireWorkshop(request, agent?.workshopId ?? '\0none', what);
  // Programme roles pass the workshop check for any id: an unknown agent is 404 for them too.
  if (!agent) throw notFound(what);
  return agent;
}

/** Agents: listing, last seen and version, token rotation and revocation. */
export async function agentRoutes(app: FastifyInstance, opts: { registry: Deps }): Promise<void> {
  const { registry } = opts;

  app.get('/api/v1/agents', doc(allow(...AGENT_READERS), 'Agents the caller may see'), async (request) => ({
    agents: await registry.agents.list(requirePrincipal(request).workshopIds),
  }));

  app.get<{ Params: { workshopId: string } }>(
    '/api/v1/workshops/:workshopId/agents',
    doc(allow(...ANY_USER), "A workshop's agents: last seen, version, config state"),
    async (request) => {
      await registry.workshops.get(request.params.workshopId);
      return { agents: await registry.agents.list([request.params.workshopId]) };
    },
  );

  app.get<A>('/api/v1/agents/:agentId', doc(allow(...ANY_USER), 'One agent'), async (request) =>
    visibleAgent(registry, request, request.params.agentId),
  );

  // Rotation answers the new token once; the old one stops working in the same statement.
  app.post<A>(
    '/api/v1/agents/:agentId/token/rotate',
    doc(allow(...AGENT_WRITERS), 'Issue a new agent token (the old one stops at once)'),
    async (request) => {
      const agent = await visibleAgent(registry, request, request.params.agentId);
      const token = await registry.agents.issueToken(agent.id);
      audit(request.log, {
        event: 'agent_token.rotate',
        actor: requirePrincipal(request).username,
        target: { agentId: agent.id, workshopId: agent.workshopId },
        outcome: 'success',
      });
      return { agentId: agent.id, token };
    },
  );

  app.post<A>(
    '/api/v1/agents/:agentId/token/revoke',
    doc(allow(...AGENT_WRITERS), 'Revoke the agent token at once'),
    async (request, reply) => {
      const agent = await visibleAgent(registry, request, request.params.agentId);
      await registry.agents.revoke(agent.id);
      audit(request.log, {
        event: 'agent_token.revoke',
        actor: requirePrincipal(request).username,
        target: { agentId: agent.id, workshopId: agent.workshopId },
        outcome: 'success',
      });
      return reply.code(204).send();
    },
  );
}
