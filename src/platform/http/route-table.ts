import type { FastifyInstance, RouteOptions } from 'fastify';
import type { AuthMode } from './fastify-types.ts';

/** One route as the auth hook sees it: who may call it and with which permission. */
export interface RouteAccess {
  method: string;
  url: string;
  auth: AuthMode;
  permission: string | null;
  /** Hidden from the OpenAPI document (docs assets, metrics, the home page). */
  hidden: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access rule, read live (docs/PERMISSIONS.md is checked against it). */
    routeTable(): RouteAccess[];
  }
}

/**
 * Records every route added after this call (an `onRoute` hook on the root instance sees the routes
 * of every plugin). Call it before any route is registered. The config is read when the table is
 * asked for, so later `onRoute` hooks that adjust it (the public docs pages) are reflected.
 */
export function registerRouteTable(app: FastifyInstance): void {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  app.decorate('routeTable', () =>
    routes.flatMap((route) =>
      (Array.isArray(route.method) ? route.method : [route.method])
        // Fastify adds a HEAD twin of every GET: same handler, same access.
        .filter((method) => method !== 'HEAD')
        .map((method) => ({
          method,
          url: route.url,
          auth: route.config?.auth ?? 'staff',
          permission: route.config?.permission ?? null,
          hidden: route.schema?.hide === true,
        })),
    ),
  );
}
