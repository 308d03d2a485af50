import type { FastifyBaseLogger } from 'fastify';
import { CACHE_CHANNEL, onCacheNotice, type Db } from './db.ts';
import { createListener, type Listener } from './listener.ts';

/** What a per-node cache hears: a changed row's key (`<kind>:<id>`), or `*` (drop everything). */
export type InvalidationHandler = (key: string) => void;

/**
 * The invalidations of this node's caches, from the database (migrations/0032): the NOTICE of a
 * change made through this node's pool (at once, before the change commits) and the
 * `kasir_cache` NOTIFY of a change committed by any node or tool (on its own LISTEN connection).
 *
 * `live()` is true only while both are in place: while the LISTEN connection is down or
 * reconnecting a cache must not answer from its entries (it could miss an invalidation), and every
 * (re)connection and every loss announces `*`.
 */
export function createCacheFeed(deps: { db: Db; databaseUrl?: string | undefined; log: FastifyBaseLogger }) {
  const handlers = new Set<InvalidationHandler>();
  let listener: Listener | undefined;
  let unsubscribe: (() => void) | null = null;

  function announce(key: string): void {
    for (const handler of handlers) {
      handler(key);
    }
  }

  return {
    /** True while every invalidation reaches the handlers: a cache may answer from its entries. */
    live: () => unsubscribe !== null && listener !== undefined && listener.up(),
    subscribe(handler: InvalidationHandler): void {
      handlers.add(handler);
    },
    /** Connects the LISTEN connection (without a database URL the feed stays off). */
    async start(): Promise<void> {
      if (unsubscribe || !deps.databaseUrl) {
        return;
      }
      unsubscribe = onCacheNotice(deps.db, announce);
      if (!unsubscribe) {
        return;
      }
      listener = createListener({
        databaseUrl: deps.databaseUrl,
        channel: CACHE_CHANNEL,
        name: 'kasir-cache',
        log: deps.log,
        lostMessage: 'cache LISTEN connection lost; caches off until it is back',
        onNotification: announce,
        onUp: () => announce('*'),
        onDown: () => announce('*'),
      });
      // A failed first connection retries by itself; the caches stay off meanwhile.
      await listener.start().catch(() => undefined);
    },
    async stop(): Promise<void> {
      unsubscribe?.();
      unsubscribe = null;
      await listener?.stop();
      listener = undefined;
      announce('*');
    },
  };
}

export type CacheFeed = ReturnType<typeof createCacheFeed>;
