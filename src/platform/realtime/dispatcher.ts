import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/db.ts';
import { createListener } from '../db/listener.ts';
import {
  EVENTS_CHANNEL,
  headSeq,
  notificationTenant,
  parseNotification,
  toStoredEvent,
  type StoredEvent,
} from '../events/events.ts';
import { createSlicer } from './slicer.ts';

/**
 * At most this long emitting in one turn of the event loop (a burst goes on in the next turns).
 * 50 ms, not 10: with 10,000 sockets a node behind by one GC pause (30–80 ms here) caught up in
 * 10 ms slices, each followed by a turn of the loop, so the backlog waited longer than bare
 * Socket.IO's (which emits it in one go). Realtime bench, 1,000 rooms, turns interleaved with
 * bare: 10 ms slices gave Kasir 1.19–2.04× bare's p99 in four runs (commit → emit p99 141 ms in
 * the one measured), 50 ms gave 0.59–1.03× in three (commit → emit p99 22 and 32 ms; 286 ms in a
 * run at 65 % CPU pressure). The loop is still never held much longer than a GC pause.
 */
const SLICE_MS = 50;

interface Tracked {
  /** The last sequence number emitted for the tenant. */
  dispatched: bigint;
  /** The tenant's deliveries, one after another, in log order. */
  chain: Promise<void>;
  /** The highest sequence number a received notification carried (its events are queued). */
  heard: bigint;
  /** A read of the log queued and not started yet: it covers any later wake-up too. */
  queuedRead: Promise<void> | undefined;
  /** A head the previous poll saw beyond what was heard and dispatched. */
  unheard: bigint | undefined;
}

export interface DispatcherDeps {
  db: Db;
  log: FastifyBaseLogger;
  /** For LISTEN; without it the dispatcher only polls. */
  databaseUrl?: string | undefined;
  pollMs: number;
  /** Delivers one event of a tenant's log (synchronously, in log order). */
  emit(tenantId: string, e: StoredEvent): void;
}

/**
 * Tails the event log of the tenants this node has sockets for (`track`), in log order, each event
 * once. A NOTIFY that carries its events (`eventRows`) is emitted as it is, without reading the
 * log; one that names the tenant only (a big batch), a gap in the numbers (a notification missed
 * while LISTEN reconnected) and the safety poll read the log after the last dispatched number.
 */
export function createDispatcher(deps: DispatcherDeps) {
  const { db, log } = deps;
  const tracked = new Map<string, Tracked>();
  const slicer = createSlicer(SLICE_MS);
  let poll: NodeJS.Timeout | undefined;
  let polling: Promise<void> | null = null;

  async function track(tenantId: string): Promise<Tracked> {
    let t = tracked.get(tenantId);
    if (!t) {
      const head = BigInt(await headSeq(db, tenantId));
      t = tracked.get(tenantId) ?? {
        dispatched: head,
        chain: Promise.resolve(),
        heard: head,
        queuedRead: undefined,
        unheard: undefined,
      };
      tracked.set(tenantId, t);
    }
    return t;
  }

  /**
   * The safety poll (a NOTIFY can be missed while the LISTEN connection reconnects): one query for
   * the heads of every tracked tenant, then a pump only for tenants whose log moved — not a query
   * per tenant per second, which stalled delivery with thousands of tenants on a node.
   * While LISTEN is up, a head beyond what the notifications announced is read from the log only
   * when the next poll still finds it unannounced: a node that is behind has those notifications
   * in hand (or in its socket), and reading the log for them too — every tenant, every second —
   * only added work to a node already short of it.
   */
  async function pollHeads(): Promise<void> {
    const ids = [...tracked.keys()];
    for (let i = 0; i < ids.length; i += 1000) {
      const heads = await db
        .selectFrom('event_heads')
        .select(['tenant_id', 'seq'])
        .where('tenant_id', 'in', ids.slice(i, i + 1000))
        .execute();
      const listening = listener?.up() ?? false;
      for (const h of heads) {
        const t = tracked.get(h.tenant_id);
        if (!t) {
          continue;
        }
        const head = BigInt(h.seq);
        const known = t.heard > t.dispatched ? t.heard : t.dispatched;
        const missed = t.unheard !== undefined && t.unheard > known;
        t.unheard = undefined;
        if (head <= known || t.queuedRead) {
          continue;
        }
        if (!listening || missed) {
          void pump(h.tenant_id);
        } else {
          t.unheard = head;
        }
      }
    }
  }

  /**
   * Emits one event synchronously, advancing `dispatched`: a replaying socket that checks
   * `dispatched` and joins its rooms in one tick can neither miss nor repeat one.
   */
  function emit(tenantId: string, t: Tracked, e: StoredEvent): void {
    deps.emit(tenantId, e);
    t.dispatched = BigInt(e.seq);
  }

  /** Reads what the log has after the last dispatched number and emits it, in order. */
  async function readLog(tenantId: string, t: Tracked): Promise<void> {
    for (;;) {
      const rows = await db
        .selectFrom('events')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('seq', '>', t.dispatched.toString())
        .orderBy('seq')
        .limit(500)
        .execute();
      for (const row of rows) {
        const e = toStoredEvent(row);
        const wait = slicer.pause();
        if (wait) {
          await wait;
        }
        if (BigInt(e.seq) > t.dispatched) {
          emit(tenantId, t, e);
        }
      }
      if (rows.length < 500) {
        return;
      }
    }
  }

  function enqueue(tenantId: string, step: (t: Tracked) => Promise<void> | void): Promise<void> {
    const t = tracked.get(tenantId);
    if (!t) {
      return Promise.resolve();
    }
    t.chain = t.chain
      .then(() => step(t))
      .catch((err: unknown) => log.error({ err, tenantId }, 'realtime dispatch failed'));
    return t.chain;
  }

  /** Wakes the dispatcher for a tenant: reads its log after what was dispatched. */
  function pump(tenantId: string): Promise<void> {
    const queued = tracked.get(tenantId)?.queuedRead;
    if (queued) {
      return queued; // not started yet: it reads what is committed now too
    }
    const p = enqueue(tenantId, (t) => {
      t.queuedRead = undefined;
      return readLog(tenantId, t);
    });
    const t = tracked.get(tenantId);
    if (t) {
      t.queuedRead = p;
    }
    return p;
  }

  /**
   * Events a NOTIFY carried (numbered, in log order): emitted when they follow what was dispatched,
   * skipped when already dispatched (by the poll or a read), and a gap reads the log instead.
   */
  function deliver(tenantId: string, events: readonly StoredEvent[]): Promise<void> {
    return enqueue(tenantId, async (t) => {
      if (BigInt(events[0]!.seq) > t.dispatched + 1n) {
        return readLog(tenantId, t);
      }
      for (const e of events) {
        const wait = slicer.pause();
        if (wait) {
          await wait;
        }
        if (BigInt(e.seq) > t.dispatched) {
          emit(tenantId, t, e);
        }
      }
      return undefined;
    });
  }

  const listener = deps.databaseUrl
    ? createListener({
        databaseUrl: deps.databaseUrl,
        channel: EVENTS_CHANNEL,
        name: 'kasir-realtime',
        log,
        lostMessage: 'realtime LISTEN connection lost; polling until it is back',
        onNotification: (payload) => {
          const t = tracked.get(notificationTenant(payload));
          if (!t) {
            return;
          }
          const n = parseNotification(payload);
          if (n.events) {
            const last = BigInt(n.events.at(-1)!.seq);
            t.heard = last > t.heard ? last : t.heard;
            void deliver(n.tenantId, n.events);
          } else {
            void pump(n.tenantId);
          }
        },
        // Notifications sent while the connection was down are lost: read every log once.
        onUp: () => {
          for (const tenantId of tracked.keys()) {
            void pump(tenantId);
          }
        },
      })
    : undefined;

  return {
    track,
    pump,
    deliver,
    async start(): Promise<void> {
      poll = setInterval(() => {
        if (!polling) {
          polling = pollHeads()
            .catch((err: unknown) => log.warn({ err }, 'realtime poll failed'))
            .finally(() => {
              polling = null;
            });
        }
      }, deps.pollMs);
      poll.unref();
      await listener?.start();
    },
    async close(): Promise<void> {
      if (poll) {
        clearInterval(poll);
      }
      await listener?.stop();
      await polling;
      await Promise.all([...tracked.values()].map((t) => t.chain));
    },
  };
}
