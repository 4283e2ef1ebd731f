import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requirePrincipal } from '../auth/principal.js';
import { AGENT_WRITERS, allow, doc, PUBLIC_LIMITED } from '../auth/roles.js';
import { RegistryError } from '../registry/errors.js';
import type { Registry } from '../registry/registry.js';
import { parseOrThrow } from '../registry/validate.js';

const ExchangeSchema = z.strictObject({
  code: z.string().trim().min(4).max(64),
  /** The enrolling agent's version, recorded as its first "last seen". */
  agentVersion: z.string().max(64).optional(),
});

const FAILURES = new Set(['enrollment_code_unknown', 'enrollment_code_expired', 'enrollment_code_used']);

/** Technicians create one-time codes; agents exchange a code for their token and initial config. */
export async function enrollmentRoutes(app: FastifyInstance, opts: { registry: Registry }): Promise<void> {
  const { registry } = opts;

  app.post<{ Params: { workshopId: string } }>(
    '/api/v1/workshops/:workshopId/enrollment-codes',
    doc(allow(...AGENT_WRITERS), 'Create a one-time enrollment code', 'enrollment'),
    async (request, reply) => {
      const p = requirePrincipal(request);
      const issued = await registry.enrollment.create(request.params.workshopId, request.body ?? {}, p.username);
      request.log.info(
        { workshopId: issued.workshopId, agentId: issued.agentId, by: p.username },
        'enrollment code created',
      );
      return reply.code(201).send(issued);
    },
  );

  // Public by necessity (the agent has nothing else yet), so failures are throttled per address.
  app.post(
    '/api/v1/enroll',
    doc(PUBLIC_LIMITED, 'Agents: exchange a one-time code for a token and the initial config', 'enrollment'),
    async (request) => {
      const key = `ip:${request.ip}`;
      const wait = await registry.enrollThrottle.retryAfterS(key);
      if (wait > 0) {
        throw new RegistryError('rate_limited', 'too many failed enrollment attempts / 등록 시도가 너무 많습니다', {
          retryAfterS: wait,
        });
      }
      const body = parseOrThrow(ExchangeSchema, request.body);
      try {
        const grant = await registry.enrollment.exchange(body.code);
        await registry.agents.recordHeartbeat(grant.agentId, { version: body.agentVersion });
        request.log.info({ agentId: grant.agentId, workshopId: grant.workshopId }, 'agent enrolled');
        return { v: 1, ...grant };
      } catch (err) {
        if (err instanceof RegistryError && FAILURES.has(err.code)) await registry.enrollThrottle.fail(key);
        throw err;
      }
    },
  );
}
