import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The web apps the server serves, by URL prefix (`/register/`). Built by Vite into apps/dist. */
export const APPS = ['register', 'office', 'waiter', 'kitchen', 't'] as const;
/** An app whose sources (and build) live in another folder than its URL prefix. */
const APP_DIRS: Partial<Record<(typeof APPS)[number], string>> = { t: 'table' };
export const APPS_DIST = fileURLToPath(new URL('../../../apps/dist/', import.meta.url));

const YEAR_MS = 365 * 24 * 3600 * 1000;
const NO_CACHE = 'no-cache';

/**
 * Serves the built web apps: hashed files under /assets/ are cached for a year (`immutable`: their
 * name changes with their content); each app's index.html (and its service worker and manifest)
 * must be revalidated every time, so a new build reaches tablets on their next load. Any other
 * path under an app's prefix is the app itself (client-side routes survive a reload). Public:
 * the apps hold no data; the API they call authenticates.
 */
export async function registerStaticApps(app: FastifyInstance, dist = APPS_DIST): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (
      route.url.startsWith('/assets/') ||
      APPS.some((a) => route.url === `/${a}` || route.url.startsWith(`/${a}/`))
    ) {
      route.config = { ...(route.config ?? {}), auth: 'public' };
    }
  });
  await app.register(async (scope) => {
    const built = existsSync(join(dist, 'assets'));
    await scope.register(fastifyStatic, {
      root: built ? join(dist, 'assets') : dist,
      prefix: '/assets/',
      immutable: true,
      maxAge: YEAR_MS,
      index: false,
      wildcard: true,
    });
    for (const name of APPS) {
      const root = join(dist, APP_DIRS[name] ?? name);
      scope.get(`/${name}`, { schema: { hide: true } }, async (_req, reply) =>
        reply.redirect(`/${name}/`, 301),
      );
      scope.get(`/${name}/*`, { schema: { hide: true } }, async (req, reply) => {
        if (!existsSync(join(root, 'index.html'))) {
          return reply
            .code(503)
            .type('text/plain')
            .send(`The ${name} app is not built. Run "npm run apps:build" (npm start does it by itself).`);
        }
        const rest = (req.params as { '*': string })['*'];
        // Real files of the app (service worker, manifest, icons); anything else is the app shell.
        const file = rest && !rest.includes('..') && existsSync(join(root, rest)) ? rest : 'index.html';
        reply.header('cache-control', NO_CACHE);
        if (file === 'sw.js') {
          reply.header('service-worker-allowed', `/${name}/`);
        }
        return reply.sendFile(file, root, { cacheControl: false });
      });
    }
  });
}
