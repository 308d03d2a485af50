import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../platform/http/schemas.ts';
import { SignupBody, SignupResponse } from '../modules/tenancy/index.ts';
import type { Services } from '../app.ts';
import { signUp } from './sign-up.ts';

/** Routes of cross-module flows. */
export const flowRoutes: FastifyPluginAsyncTypebox<{ services: Services; authRateLimit: number }> = async (
  app,
  { services, authRateLimit },
) => {
  app.post(
    '/v1/signup',
    {
      schema: {
        tags: ['tenancy'],
        operationId: 'signUp',
        description:
          'Creates a business (tenant) with its currency, time zone and locale, and its owner account, and signs the owner in. Then create an outlet and a register.',
        summary: 'Create a business and its owner account',
        body: SignupBody,
        response: { 201: SignupResponse, ...errorResponses },
      },
      config: { auth: 'public', rateLimit: { max: authRateLimit, timeWindow: 60_000 } },
    },
    async (req, reply) => reply.code(201).send(await signUp(req, services, req.body)),
  );
};
