import type { Clock } from '../clock/clock.ts';
import type { Db } from '../db/db.ts';
import type { Principal } from './context.ts';
import type { Realtime } from '../realtime/gateway.ts';

/**
 * Who may call a route:
 * - `public`: anyone;
 * - `staff` (default): a user session or an API key, within a tenant;
 * - `device`: a paired register device token;
 * - `platform`: a platform administrator.
 */
export type AuthMode = 'public' | 'staff' | 'device' | 'platform';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthMode;
    /** Permission from the catalogue the caller must hold (checked before the handler). */
    permission?: string;
    /** false: the route ignores Idempotency-Key (routes whose responses carry fresh secrets). */
    idempotency?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Gateway API origins pages may call from the browser (CSP `connect-src`); the demo adds its simulator's. */
    browserGatewayOrigins: Set<string>;
    db: Db;
    clock: Clock;
    realtime: Realtime;
  }
}
