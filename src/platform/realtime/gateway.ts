import type { Server as HttpServer } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import { Gauge, type Registry } from 'prom-client';
import { Server, type Socket } from 'socket.io';
import type { Db } from '../db/db.ts';
import { readableOutlets, readableTopics } from '../events/access.ts';
import {
  EVENTS_CHANNEL,
  headSeq,
  readEvents,
  toStoredEvent,
  type StoredEvent,
  type Topic,
} from '../events/events.ts';
import { canAccessOutlet, type Principal, type TenantPrincipal } from '../http/context.ts';
import { AppError } from '../http/errors.ts';

/** A room a client asks to join. `tenant` = everything it may read; the others narrow it. */
export interface Subscription {
  room: 'tenant' | 'outlet' | 'register' | 'order' | 'user' | 'station';
  id?: string;
}

interface SocketState {
  principal: TenantPrincipal;
  topics: Topic[];
  subscriptions: Required<Subscription>[];
}

export interface RealtimeDeps {
  httpServer: HttpServer;
  db: Db;
  /** For LISTEN; without it the dispatcher only polls. */
  databaseUrl?: string | undefined;
  resolve: (token: string) => Promise<Principal>;
  log: FastifyBaseLogger;
  registry: Registry;
  pollMs?: number;
}

const roomKey = (tenantId: string, s: Required<Subscription>) =>
  s.room === 'tenant' ? `t:${tenantId}` : `${s.room}:${tenantId}:${s.id}`;

/** The rooms an event goes to, one per topic-qualified subscription kind. */
function eventRooms(tenantId: string, e: StoredEvent): string[] {
  const rooms = [`t:${tenantId}|${e.topic}`];
  if (e.outletId) {
    rooms.push(`outlet:${tenantId}:${e.outletId}|${e.topic}`);
  }
  if (e.registerId) {
    rooms.push(`register:${tenantId}:${e.registerId}|${e.topic}`);
  }
  if (e.orderId) {
    rooms.push(`order:${tenantId}:${e.orderId}|${e.topic}`);
  }
  if (e.station) {
    rooms.push(`station:${tenantId}:${e.station}|${e.topic}`);
  }
  return rooms;
}

function matches(e: StoredEvent, subs: Required<Subscription>[]): boolean {
  return subs.some(
    (s) =>
      s.room === 'tenant' ||
      (s.room === 'outlet' && e.outletId === s.id) ||
      (s.room === 'register' && e.registerId === s.id) ||
      (s.room === 'order' && e.orderId === s.id) ||
      (s.room === 'station' && e.station === s.id),
  );
}

/**
 * Realtime over Socket.IO at /realtime. The handshake authenticates (`auth.token`: access token,
 * API key or device token) and names the rooms (`auth.subscribe`) and the last sequence number the
 * client saw (`auth.lastSeq`): it first receives every missed event, in order, then live ones.
 * Each node tails the event log itself (LISTEN + poll), so several nodes deliver every event once.
 */
export function createRealtime(deps: RealtimeDeps) {
  const { db, log } = deps;
  const io = new Server(deps.httpServer, { path: '/realtime', serveClient: false, cors: { origin: true } });
  const tracked = new Map<string, { dispatched: bigint; chain: Promise<void> }>();
  let listener: pg.Client | undefined;
  let poll: NodeJS.Timeout | undefined;
  let closed = false;

  new Gauge({
    name: 'kasir_realtime_room_connections',
    help: 'Connected sockets per realtime room',
    labelNames: ['room'] as const,
    registers: [deps.registry],
    collect() {
      this.reset();
      const nsp = io.of('/');
      for (const [room, members] of nsp.adapter.rooms) {
        // Skip each socket's own room and the per-topic sub-rooms.
        if (!room.includes('|') && !nsp.sockets.has(room)) {
          this.set({ room }, members.size);
        }
      }
    },
  });
  new Gauge({
    name: 'kasir_realtime_connections',
    help: 'Connected realtime sockets on this node',
    registers: [deps.registry],
    collect() {
      this.set(io.of('/').sockets.size);
    },
  });

  async function track(tenantId: string) {
    let t = tracked.get(tenantId);
    if (!t) {
      const head = BigInt(await headSeq(db, tenantId));
      t = tracked.get(tenantId) ?? { dispatched: head, chain: Promise.resolve() };
      tracked.set(tenantId, t);
    }
    return t;
  }

  /**
   * The safety poll (a NOTIFY can be missed while the LISTEN connection reconnects): one query for
   * the heads of every tracked tenant, then a pump only for tenants whose log moved — not a query
   * per tenant per second, which stalled delivery with thousands of tenants on a node.
   */
  let polling: Promise<void> | null = null;
  async function pollHeads(): Promise<void> {
    const ids = [...tracked.keys()];
    for (let i = 0; i < ids.length; i += 1000) {
      const heads = await db
        .selectFrom('event_heads')
        .select(['tenant_id', 'seq'])
        .where('tenant_id', 'in', ids.slice(i, i + 1000))
        .execute();
      for (const h of heads) {
        const t = tracked.get(h.tenant_id);
        if (t && BigInt(h.seq) > t.dispatched) {
          void pump(h.tenant_id);
        }
      }
    }
  }

  /** Reads what the log has after the last dispatched number and emits it, in order. */
  function pump(tenantId: string): Promise<void> {
    const t = tracked.get(tenantId);
    if (!t) {
      return Promise.resolve();
    }
    t.chain = t.chain
      .then(async () => {
        for (;;) {
          const rows = await db
            .selectFrom('events')
            .selectAll()
            .where('tenant_id', '=', tenantId)
            .where('seq', '>', t.dispatched.toString())
            .orderBy('seq')
            .limit(500)
            .execute();
          // Emit synchronously, advancing `dispatched` with each event: a replaying socket that
          // checks `dispatched` and joins its rooms in one tick can neither miss nor repeat one.
          for (const row of rows) {
            const e = toStoredEvent(row);
            io.to(eventRooms(tenantId, e)).emit('event', e);
            t.dispatched = BigInt(e.seq);
          }
          if (rows.length < 500) {
            return;
          }
        }
      })
      .catch((err: unknown) => log.error({ err, tenantId }, 'realtime dispatch failed'));
    return t.chain;
  }

  async function authorizeSubscription(p: TenantPrincipal, s: Subscription): Promise<Required<Subscription>> {
    const forbidden = () =>
      new AppError('auth.forbidden', `You may not join ${s.room} ${s.id ?? ''}.`.trim());
    switch (s.room) {
      case 'tenant':
        if (p.kind === 'device' || p.outletIds !== null) {
          throw forbidden();
        }
        return { room: 'tenant', id: p.tenantId };
      case 'user':
        if (p.kind !== 'user') {
          throw forbidden();
        }
        return { room: 'user', id: p.userId };
      case 'station':
        // A kitchen display: needs kitchen:read (or to be a paired device); station keys are names.
        if (!s.id || !/^[a-z0-9_-]{1,40}$/.test(s.id) || !readableTopics(p).includes('kitchen')) {
          throw forbidden();
        }
        return { room: 'station', id: s.id };
      case 'outlet': {
        const row = s.id
          ? await db
              .selectFrom('outlets')
              .select('id')
              .where('tenant_id', '=', p.tenantId)
              .where('id', '=', s.id)
              .executeTakeFirst()
          : undefined;
        if (!row || !canAccessOutlet(p, row.id)) {
          throw forbidden();
        }
        return { room: 'outlet', id: row.id };
      }
      case 'register':
      case 'order': {
        const table = s.room === 'register' ? 'registers' : 'orders';
        const row = s.id
          ? await db
              .selectFrom(table)
              .select(['id', 'outlet_id'])
              .where('tenant_id', '=', p.tenantId)
              .where('id', '=', s.id)
              .executeTakeFirst()
          : undefined;
        if (!row || !canAccessOutlet(p, row.outlet_id)) {
          throw forbidden();
        }
        return { room: s.room, id: row.id };
      }
    }
  }

  function defaultSubscriptions(p: TenantPrincipal): Subscription[] {
    if (p.kind === 'device') {
      return [{ room: 'outlet', id: p.outletId }];
    }
    return p.outletIds === null
      ? [{ room: 'tenant' }]
      : p.outletIds.map((id) => ({ room: 'outlet' as const, id }));
  }

  function join(socket: Socket, state: SocketState): void {
    for (const s of state.subscriptions) {
      const key = roomKey(state.principal.tenantId, s);
      void socket.join([key, ...state.topics.map((t) => `${key}|${t}`)]);
    }
  }

  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as { token?: unknown; subscribe?: unknown; lastSeq?: unknown };
    void (async () => {
      if (typeof auth.token !== 'string') {
        throw new AppError('auth.unauthenticated', 'Send auth.token in the handshake.');
      }
      const principal = await deps.resolve(auth.token);
      if (principal.kind === 'platform') {
        throw new AppError('auth.forbidden', 'Realtime needs a tenant credential.');
      }
      const requested = Array.isArray(auth.subscribe)
        ? (auth.subscribe as Subscription[]).slice(0, 50)
        : defaultSubscriptions(principal);
      const subscriptions: Required<Subscription>[] = [];
      for (const s of requested) {
        subscriptions.push(await authorizeSubscription(principal, s));
      }
      const lastSeq =
        typeof auth.lastSeq === 'string' || typeof auth.lastSeq === 'number'
          ? String(auth.lastSeq)
          : undefined;
      if (lastSeq !== undefined && !/^[0-9]{1,18}$/.test(lastSeq)) {
        throw new AppError('request.invalid', 'auth.lastSeq must be a sequence number.');
      }
      socket.data = {
        principal,
        topics: readableTopics(principal),
        subscriptions,
        lastSeq,
      } satisfies SocketState & { lastSeq?: string };
    })().then(
      () => next(),
      (err: unknown) => {
        const e = new Error(
          err instanceof AppError ? err.message : 'Realtime authentication failed.',
        ) as Error & { data?: unknown };
        e.data = { code: err instanceof AppError ? err.code : 'auth.unauthenticated' };
        next(e);
      },
    );
  });

  io.on('connection', (socket) => {
    const state = socket.data as SocketState & { lastSeq?: string };
    const tenantId = state.principal.tenantId;
    void (async () => {
      const t = await track(tenantId);
      let cursor = state.lastSeq;
      // Replay what the client missed, up to what this node has dispatched; repeat until the
      // dispatcher stands still across an await, then join the rooms in that same tick.
      for (;;) {
        const target = t.dispatched;
        if (cursor !== undefined && BigInt(cursor) < target) {
          for (;;) {
            const page = await readEvents(db, tenantId, {
              after: cursor,
              limit: 500,
              topics: state.topics,
              outletIds: readableOutlets(state.principal),
            });
            for (const e of page.events) {
              if (BigInt(e.seq) > target) {
                break;
              }
              if (matches(e, state.subscriptions)) {
                socket.emit('event', e);
              }
              cursor = e.seq;
            }
            if (page.events.length < 500 || BigInt(cursor) >= target) {
              break;
            }
          }
          cursor = target.toString();
        }
        if (t.dispatched === target) {
          join(socket, state);
          socket.emit('ready', {
            seq: target.toString(),
            subscriptions: state.subscriptions.map(({ room, id }) => ({ room, id })),
          });
          return;
        }
      }
    })().catch((err: unknown) => {
      log.error({ err }, 'realtime replay failed');
      socket.disconnect(true);
    });
  });

  return {
    io,
    /** Wakes the dispatcher for a tenant (also called by LISTEN notifications and the poll). */
    pump,
    async start(): Promise<void> {
      poll = setInterval(() => {
        if (!polling) {
          polling = pollHeads()
            .catch((err: unknown) => log.warn({ err }, 'realtime poll failed'))
            .finally(() => {
              polling = null;
            });
        }
      }, deps.pollMs ?? 1000);
      poll.unref();
      if (deps.databaseUrl) {
        const connect = async (): Promise<void> => {
          const client = new pg.Client({
            connectionString: deps.databaseUrl,
            application_name: 'kasir-realtime',
          });
          client.on('notification', (msg) => {
            if (msg.payload && tracked.has(msg.payload)) {
              void pump(msg.payload);
            }
          });
          client.on('error', (err) => {
            log.warn({ err }, 'realtime LISTEN connection lost; polling until it is back');
            listener = undefined;
            if (!closed) {
              setTimeout(() => void connect().catch(() => undefined), 1000).unref();
            }
          });
          await client.connect();
          await client.query(`LISTEN ${EVENTS_CHANNEL}`);
          listener = client;
        };
        await connect();
      }
    },
    async close(): Promise<void> {
      closed = true;
      if (poll) {
        clearInterval(poll);
      }
      io.local.disconnectSockets(true);
      await listener?.end().catch(() => undefined);
      await polling;
      await Promise.all([...tracked.values()].map((t) => t.chain));
    },
  };
}
export type Realtime = ReturnType<typeof createRealtime>;
