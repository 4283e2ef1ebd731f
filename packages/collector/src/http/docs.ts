import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { COLLECTOR_VERSION } from '../version.js';

/** OpenAPI document of every route, built from the zod schemas; Swagger UI at /docs, JSON at /docs/json. */
export const docsPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'Gongbang collector',
          description: 'Agents deliver readings; people and scripts read them. 공방 수집 서버 API.',
          version: COLLECTOR_VERSION,
        },
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        },
        security: [{ bearer: [] }],
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'gongbang-docs' },
);
