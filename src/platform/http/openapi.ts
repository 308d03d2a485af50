import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** OpenAPI 3.1 generated from the route schemas, at /openapi.json, with a docs page at /docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kasir API',
        version: '0.1.0',
        description:
          'Multi-tenant point of sale. Errors are RFC 9457 problem+json with a stable `code`. ' +
          'Mutating requests accept an `Idempotency-Key` header: a retry with the same key and body replays the first response.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'Access token (JWT), API key (kak_…) or device token (kdv_…)',
          },
        },
      },
      security: [{ bearer: [] }],
    },
  });
  // The docs page and its assets are public.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) {
      route.config = { ...(route.config ?? {}), auth: 'public' };
    }
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/openapi.json', { schema: { hide: true }, config: { auth: 'public' } }, async () => app.swagger());
}
