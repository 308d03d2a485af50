import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import { CACHE_CHANNEL, onCacheNotice, type Db } from './db.ts';

/** What a per-node cache hears: a changed row's key (`<kind>:<id>`), or `*` (drop everything). */
export type InvalidationHandler = (key: string) => void;

/**
 * The invalidations of this node's caches, from the database (migrations/0032): the NOTICE of a
 * change made through this node's pool (at once, before the change commits) and the
 * `kasir_cache` NOTIFY of a change committed by any node or tool (on its own LISTEN connection).
 *
 * `live()` is true only while both are in place: while the LISTEN connection is down or
 * reconnecting a cache must not answer from its entries (it could miss an invalidation), and every
 * (re)connection first announces `*`.
 */
export function createCacheFeed(deps: { db: Db; databaseUrl?: string | undefined; log: FastifyBaseLogger }) {
  const handlers = new Set<InvalidationHandler>();
  let listener: pg.Client | undefined;
  let listening = false;
  let closed = true;
  let unsubscribe: (() => void) | null = null;

  function announce(key: string): void {
    for (const handler of handlers) {
      handler(key);
    }
  }

  function lost(client: pg.Client, err: unknown): void {
    if (listener !== client) {
      return;
    }
    listener = undefined;
    listening = false;
    announce('*');
    if (!closed) {
      deps.log.warn({ err }, 'cache LISTEN connection lost; caches off until it is back');
      setTimeout(() => void connect().catch(() => undefined), 1000).unref();
    }
  }

  async function connect(): Promise<void> {
    if (closed || listener) {
      return;
    }
    const client = new pg.Client({ connectionString: deps.databaseUrl, application_name: 'kasir-cache' });
    listener = client;
    client.on('notification', (msg) => {
      if (msg.channel === CACHE_CHANNEL && msg.payload) {
        announce(msg.payload);
      }
    });
    client.on('error', (err) => lost(client, err));
    client.on('end', () => lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${CACHE_CHANNEL}`);
    } catch (err) {
      lost(client, err);
      await client.end().catch(() => undefined);
      return;
    }
    if (listener === client) {
      announce('*');
      listening = !closed;
    }
  }

  return {
    /** True while every invalidation reaches the handlers: a cache may answer from its entries. */
    live: () => listening && unsubscribe !== null,
    subscribe(handler: InvalidationHandler): void {
      handlers.add(handler);
    },
    /** Connects the LISTEN connection (without a database URL the feed stays off). */
    async start(): Promise<void> {
      if (!closed || !deps.databaseUrl) {
        return;
      }
      unsubscribe = onCacheNotice(deps.db, announce);
      if (!unsubscribe) {
        return;
      }
      closed = false;
      await connect();
    },
    async stop(): Promise<void> {
      closed = true;
      listening = false;
      unsubscribe?.();
      unsubscribe = null;
      const client = listener;
      listener = undefined;
      announce('*');
      await client?.end().catch(() => undefined);
    },
  };
}

export type CacheFeed = ReturnType<typeof createCacheFeed>;
