import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../platform/http/schemas.ts';
import { SignupBody, SignupResponse } from '../modules/tenancy/index.ts';
import type { AuthService, StaffService } from '../modules/identity/index.ts';
import type { TenancyService } from '../modules/tenancy/index.ts';
import { assertOperator, signUp } from './sign-up.ts';

/** Routes of cross-module flows. */
export const flowRoutes: FastifyPluginAsyncTypebox<{
  auth: AuthService;
  staff: StaffService;
  tenancy: TenancyService;
  authRateLimit: number;
  signup: 'open' | 'closed';
}> = async (app, { authRateLimit, signup, ...services }) => {
  app.post(
    '/v1/signup',
    {
      schema: {
        tags: ['tenancy'],
        operationId: 'signUp',
        summary: 'Create a business and its owner account',
        description:
          'Creates a business (tenant) with its currency, time zone and locale, and its owner account, and signs the owner in. Then create an outlet and a register. ' +
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
