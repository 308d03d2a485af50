import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { errorResponses } from './schemas.ts';

/** Liveness (the process answers) and readiness (the database answers). */
export function registerHealth(app: FastifyInstance): void {
  const Health = Type.Object({ status: Type.String(), database: Type.Optional(Type.String()) });
  app.get(
    '/healthz',
    {
      schema: { tags: ['operations'], summary: 'Liveness', response: { 200: Health, ...errorResponses } },
      config: { auth: 'public', rateLimit: false },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the database is reachable',
        response: { 200: Health, 503: Health, ...errorResponses },
      },
      config: { auth: 'public', rateLimit: false },
    },
    async (_req, reply) => {
      try {
        await sql`select 1`.execute(app.db);
        return { status: 'ready', database: 'ok' };
      } catch {
        return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
      }
    },
  );
}
