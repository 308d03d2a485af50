import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { errorResponses } from './schemas.ts';

/** Liveness (the process answers) and readiness (the database answers). */
export function registerHealth(app: FastifyInstance): void {
  const Health = Type.Object(
    { status: Type.String(), database: Type.Optional(Type.String()) },
    { $id: 'Health', description: 'Whether the process (and the database) answer' },
  );
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        operationId: 'getLiveness',
        summary: 'Liveness',
        description: 'Answers 200 while the process is up; it does not touch the database.',
        response: { 200: Health, ...errorResponses },
      },
      config: { auth: 'public', rateLimit: false },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        operationId: 'getReadiness',
        summary: 'Readiness: the database is reachable',
        description:
          'Answers 200 when the database answers a query, 503 otherwise: route traffic only to ready nodes.',
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
