import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../platform/http/schemas.ts';
import { SignupBody, SignupResponse } from '../modules/tenancy/index.ts';
import type { Services } from '../app.ts';
import { assertOperator, signUp } from './sign-up.ts';

/** Routes of cross-module flows. */
export const flowRoutes: FastifyPluginAsyncTypebox<{
  services: Services;
  authRateLimit: number;
  signup: 'open' | 'closed';
}> = async (app, { services, authRateLimit, signup }) => {
  app.post(
    '/v1/signup',
    {
      schema: {
        tags: ['tenancy'],
        summary: 'Create a business and its owner account',
        description:
          'Public while sign-up is open (KASIR_SIGNUP=open). When it is closed, only the platform operator ' +
          '(a platform bearer token) may create businesses; anyone else gets 403 `auth.signup_closed`.',
        body: SignupBody,
        response: { 201: SignupResponse, ...errorResponses },
      },
      config: { auth: 'public', rateLimit: { max: authRateLimit, timeWindow: 60_000 } },
    },
    async (req, reply) => {
      if (signup === 'closed') {
        await assertOperator(req, services);
      }
      return reply.code(201).send(await signUp(req, services, req.body));
    },
  );
};
