import type { CacheFeed } from '../../platform/db/cache-feed.ts';
import type { Principal } from '../../platform/http/context.ts';

/** The stored rows a session's principal was built from, as the database's invalidation keys name them. */
export interface SessionSources {
  sessionId: string;
  userId: string;
  tenantId: string | null;
  membershipId: string | null;
  roleId: string | null;
  deviceId: string | null;
}

interface Entry {
  principal: Principal;
  keys: string[];
  /** performance.now() after which the entry is read again. */
  expires: number;
}

/**
 * This node's principals of recently used sessions, so a request with an access token does not
 * read its session from PostgreSQL each time (docs/ARCHITECTURE.md "Session cache"). An entry is
 * dropped when the database announces a change to any row it was built from (the cache feed:
 * NOTICE at once on this node, NOTIFY on commit on every node), when the feed is not live, and
 * after `ttlMs` in any case.
 */
export function createSessionCache(feed: CacheFeed, options: { ttlMs?: number; max?: number } = {}) {
  const ttlMs = options.ttlMs ?? 30_000;
  const max = options.max ?? 10_000;
  const entries = new Map<string, Entry>();
  /** Invalidation key (`u:<userId>`, …) → the sessions whose entries depend on that row. */
  const dependents = new Map<string, Set<string>>();
  /** Bumped by every invalidation: a principal read before one may be stale and is not kept. */
  let generation = 0;

  function drop(sessionId: string): void {
    const entry = entries.get(sessionId);
    if (!entry) {
      return;
    }
    entries.delete(sessionId);
    for (const key of entry.keys) {
      const ids = dependents.get(key);
      ids?.delete(sessionId);
      if (ids?.size === 0) {
        dependents.delete(key);
      }
    }
  }

  feed.subscribe((key) => {
    generation++;
    if (key === '*') {
      entries.clear();
      dependents.clear();
      return;
    }
    const ids = dependents.get(key);
    if (ids) {
      for (const id of [...ids]) {
        drop(id);
      }
    }
  });

  return {
    /** The cached principal of a session, if there is a fresh one and the feed is live. */
    get(sessionId: string): Principal | undefined {
      const entry = entries.get(sessionId);
      if (!entry) {
        return undefined;
      }
      if (!feed.live() || entry.expires <= performance.now()) {
        drop(sessionId);
        return undefined;
      }
      return entry.principal;
    },
    /** Take before reading a session; `set` keeps the principal only if nothing changed since. */
    generation: () => generation,
    set(sources: SessionSources, principal: Principal, readAt: number): void {
      if (readAt !== generation || !feed.live()) {
        return;
      }
      drop(sources.sessionId);
      if (entries.size >= max) {
        drop(entries.keys().next().value!);
      }
      const keys = [`s:${sources.sessionId}`, `u:${sources.userId}`];
      for (const [kind, id] of [
        ['t', sources.tenantId],
        ['m', sources.membershipId],
        ['r', sources.roleId],
        ['d', sources.deviceId],
      ] as const) {
        if (id) {
          keys.push(`${kind}:${id}`);
        }
      }
      entries.set(sources.sessionId, { principal, keys, expires: performance.now() + ttlMs });
      for (const key of keys) {
        let ids = dependents.get(key);
        if (!ids) {
          ids = new Set();
          dependents.set(key, ids);
        }
        ids.add(sources.sessionId);
      }
    },
    /** Entries held (tests). */
    size: () => entries.size,
  };
}

export type SessionCache = ReturnType<typeof createSessionCache>;
