import { createAccessTokens } from '../../platform/auth/jwt.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { FastifyBaseLogger } from 'fastify';
import { createCacheFeed } from '../../platform/db/cache-feed.ts';
import type { Db } from '../../platform/db/db.ts';
import { bindRoutes, type AppModule } from '../../platform/module.ts';
import { createAuthService } from './auth.service.ts';
import { createCredentialsService, type DeviceRevokedHook } from './credentials.service.ts';
import { identityRoutes } from './identity.routes.ts';
import { createSessionCache } from './session-cache.ts';
import { createStaffService } from './staff.service.ts';

/** Identity: access tokens, sign-in and sessions, staff and roles, API keys and devices. */
export function createIdentityModule(deps: {
  db: Db;
  clock: Clock;
  jwtSecret: string;
  authRateLimit: number;
  /** For the session cache's LISTEN connection (without it every request reads its session). */
  databaseUrl?: string | undefined;
  log: FastifyBaseLogger;
  /** Runs in the revoking transaction (the sync module voids the device's receipt blocks). */
  onDeviceRevoked?: DeviceRevokedHook;
}) {
  const tokens = createAccessTokens(deps.jwtSecret);
  // Invalidated by the database on every change to a row a session's principal is built from.
  const feed = createCacheFeed({ db: deps.db, databaseUrl: deps.databaseUrl, log: deps.log });
  const sessions = createSessionCache(feed);
  const services = {
    tokens,
    auth: createAuthService({ db: deps.db, clock: deps.clock, tokens, sessions }),
    staff: createStaffService({ clock: deps.clock }),
    credentials: createCredentialsService({
      db: deps.db,
      clock: deps.clock,
      ...(deps.onDeviceRevoked ? { onDeviceRevoked: deps.onDeviceRevoked } : {}),
    }),
  };
  return {
    name: 'identity',
    services,
    routes: bindRoutes(identityRoutes, { ...services, authRateLimit: deps.authRateLimit }),
    start: () => feed.start(),
    stop: () => feed.stop(),
  } satisfies AppModule;
}
