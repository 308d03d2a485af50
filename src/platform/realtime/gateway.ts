import type { Server as HttpServer } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { Gauge, type Registry } from 'prom-client';
import { Server, type Socket } from 'socket.io';
import { systemClock, type Clock } from '../clock/clock.ts';
import type { Db } from '../db/db.ts';
import { readableOutlets, readableTopics } from '../events/access.ts';
import { SYSTEM_TOPIC, readEvents, type Topic } from '../events/events.ts';
import type { TenantPrincipal } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import {
  CUSTOMER_ROOM_PREFIX,
  createCustomerFeed,
  type CustomerFollow,
  type CustomerResolver,
} from './customers.ts';
import { createDispatcher } from './dispatcher.ts';
import { createSessionGuard, type CredentialResolver } from './sessions.ts';
import { createRoomNames, sharedPrincipal } from './shared.ts';
import {
  authorizeSubscription,
  defaultSubscriptions,
  eventRooms,
  matches,
  parseSubscriptions,
  roomKey,
  type Subscription,
} from './subscriptions.ts';

interface SocketState {
  principal: TenantPrincipal;
  token: string;
  expiresAt: Date | null;
  topics: Topic[];
  subscriptions: Required<Subscription>[];
  lastSeq?: string;
}
/** A customer's socket (QR ordering): its order's rooms only (`customers.ts`). */
interface CustomerState {
  customer: CustomerFollow;
  customerToken: string;
}

export interface RealtimeDeps {
  httpServer: HttpServer;
  db: Db;
  /** For LISTEN; without it the dispatcher only polls. */
  databaseUrl?: string | undefined;
  /** A credential's principal and expiry (access token, API key or device token). */
  resolve: CredentialResolver;
  /** A customer token's QR order (`auth.customerToken`); without it customers cannot connect. */
  resolveCustomer?: CustomerResolver | undefined;
  clock?: Clock;
  log: FastifyBaseLogger;
  registry: Registry;
  pollMs?: number;
}

/**
 * Realtime over Socket.IO at /realtime. The handshake authenticates (`auth.token`: access token,
 * API key or device token) and names the rooms (`auth.subscribe`) and the last sequence number the
 * client saw (`auth.lastSeq`): it first receives every missed event, in order, then live ones.
 * Each node tails the event log itself (LISTEN + poll), so several nodes deliver every event once.
 * A socket ends with its credential (expiry, revocation: `sessions.ts`). A customer token
 * (`auth.customerToken`) follows one QR order instead (`customers.ts`).
 */
export function createRealtime(deps: RealtimeDeps) {
  const { db, log } = deps;
  const guard = createSessionGuard({ resolve: deps.resolve, clock: deps.clock ?? systemClock, log });
  const io = new Server(deps.httpServer, { path: '/realtime', serveClient: false, cors: { origin: true } });
  const customers = createCustomerFeed(io);
  const dispatcher = createDispatcher({
    db,
    log,
    databaseUrl: deps.databaseUrl,
    pollMs: deps.pollMs ?? 1000,
    emit(tenantId, e) {
      if (e.topic === SYSTEM_TOPIC) {
        guard.onSystemEvent(tenantId, e); // ends revoked sockets before any later event
        customers.onSystemEvent(tenantId, e);
      } else {
        io.to(eventRooms(tenantId, e)).emit('event', e);
        customers.dispatch(tenantId, e);
      }
    },
  });
  const { track, pump } = dispatcher;

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
        if (!room.includes('|') && !room.startsWith(CUSTOMER_ROOM_PREFIX) && !nsp.sockets.has(room)) {
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

  const roomNames = createRoomNames();
  io.of('/').adapter.on('delete-room', (room: string) => roomNames.forget(room));

  function join(socket: Socket, state: SocketState): void {
    for (const s of state.subscriptions) {
      const key = roomKey(state.principal.tenantId, s);
      void socket.join([key, ...state.topics.map((t) => `${key}|${t}`)].map((r) => roomNames.name(r)));
    }
  }

  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as {
      token?: unknown;
      customerToken?: unknown;
      subscribe?: unknown;
      lastSeq?: unknown;
    };
    void (async () => {
      if (typeof auth.customerToken === 'string' && deps.resolveCustomer) {
        if (auth.token !== undefined || auth.subscribe !== undefined || auth.lastSeq !== undefined) {
          throw new AppError('request.invalid', 'A customer token names its order only: send nothing else.');
        }
        const customer = await deps.resolveCustomer(auth.customerToken);
        socket.data = { customer, customerToken: auth.customerToken } satisfies CustomerState;
        return;
      }
      if (typeof auth.token !== 'string') {
        throw new AppError('auth.unauthenticated', 'Send auth.token in the handshake.');
      }
      const resolved = await deps.resolve(auth.token);
      if (resolved.principal.kind === 'platform') {
        throw new AppError('auth.forbidden', 'Realtime needs a tenant credential.');
      }
      const principal = sharedPrincipal(resolved.principal);
      const { expiresAt } = resolved;
      const requested = parseSubscriptions(auth.subscribe);
      const subscriptions: Required<Subscription>[] = [];
      for (const s of requested ?? defaultSubscriptions(principal)) {
        subscriptions.push(await authorizeSubscription(db, principal, s));
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
        token: auth.token,
        expiresAt,
        topics: readableTopics(principal),
        subscriptions,
        ...(lastSeq !== undefined ? { lastSeq } : {}),
      } satisfies SocketState;
    })().then(
      () => next(),
      (err: unknown) => {
        if (!(err instanceof AppError)) {
          log.warn({ err }, 'realtime handshake failed');
        }
        const e = new Error(
          err instanceof AppError ? err.message : 'Realtime authentication failed.',
        ) as Error & { data?: unknown };
        e.data =
          err instanceof AppError
            ? { code: err.code, ...(err.details ? { details: err.details } : {}) }
            : { code: 'auth.unauthenticated' };
        next(e);
      },
    );
  });

  /**
   * A customer: no replay (the page reads its order when `ready` comes), joins its rooms in the
   * dispatcher's tick, then reads its QR order again — one accepted during the handshake joins the
   * table order's room and is told `changed`.
   */
  async function connectCustomer(socket: Socket, state: CustomerState): Promise<void> {
    const { customer } = state;
    await track(customer.tenantId); // the dispatcher follows the tenant from here on
    if (!socket.connected) {
      return;
    }
    customers.join(socket, customer);
    socket.emit('ready', { seq: null, subscriptions: [{ room: 'qr_order', id: customer.qrOrderId }] });
    const now = await deps.resolveCustomer!(state.customerToken);
    if (now.orderId !== customer.orderId) {
      customers.join(socket, now);
      socket.emit('changed', { type: 'qr.order.accepted' });
    }
  }

  io.on('connection', (socket) => {
    if ('customer' in (socket.data as object)) {
      connectCustomer(socket, socket.data as CustomerState).catch((err: unknown) => {
        log.warn({ err }, 'realtime customer join failed');
        socket.disconnect(true);
      });
      return;
    }
    const state = socket.data as SocketState;
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
          if (!socket.connected) {
            return;
          }
          join(socket, state);
          guard.attach(socket, state.token, state.principal, state.expiresAt);
          socket.emit('ready', {
            seq: target.toString(),
            subscriptions: state.subscriptions.map(({ room, id }) => ({ room, id })),
            expiresAt: state.expiresAt?.toISOString() ?? null,
          });
          await guard.recheck(socket);
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
    start: () => dispatcher.start(),
    async close(): Promise<void> {
      io.local.disconnectSockets(true);
      await dispatcher.close();
    },
  };
}
export type Realtime = ReturnType<typeof createRealtime>;
