// A realtime client process: opens socket.io-client websockets (bench/realtime.ts spreads the
// sockets over a few of these, away from the server's process), waits for each one's `ready`,
// then counts the events of the armed run per socket: received, latency, order.
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { serve } from './child.ts';
import {
  now,
  type ClientProtocol,
  type ClientTally,
  type ReceivedEvent,
  type SocketSpec,
} from './realtime-types.ts';

const CONNECT_TIMEOUT_MS = 30_000;

interface Client {
  socket: Socket;
  room: string;
  received: number;
  lastSeq: number;
}

const clients: Client[] = [];
let run = '';
let latencies = new Float64Array(1 << 16);
let ns = new Int32Array(1 << 16);
let samples = 0;
let duplicatesOrReordered = 0;
let misrouted = 0;
let disconnects = 0;
let lastAt = 0;
let total = 0;
// This process's garbage-collection pauses since `arm` (a pause here delays receipts too).
const gc = { count: 0, totalMs: 0, maxMs: 0, major: 0, majorMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gc.count += 1;
    gc.totalMs += e.duration;
    gc.maxMs = Math.max(gc.maxMs, e.duration);
    if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      gc.major += 1;
      gc.majorMs += e.duration;
    }
  }
}).observe({ entryTypes: ['gc'] });

function onEvent(c: Client, e: ReceivedEvent): void {
  const at = now();
  if (e.payload?.run !== run || typeof e.payload.sentAt !== 'number') {
    return; // another run's event (e.g. the warm-up's)
  }
  if (samples === latencies.length) {
    const grown = new Float64Array(latencies.length * 2);
    grown.set(latencies);
    latencies = grown;
    const grownNs = new Int32Array(ns.length * 2);
    grownNs.set(ns);
    ns = grownNs;
  }
  ns[samples] = typeof e.payload.n === 'number' ? e.payload.n : -1;
  latencies[samples++] = at - e.payload.sentAt;
  lastAt = at;
  total += 1;
  c.received += 1;
  const seq = Number(e.seq);
  if (seq <= c.lastSeq) {
    duplicatesOrReordered += 1;
  }
  c.lastSeq = seq;
  if (e.outletId !== c.room) {
    misrouted += 1;
  }
}

function open(url: string, spec: SocketSpec): Promise<Client> {
  const socket = io(url, {
    path: '/realtime',
    auth: spec.auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: CONNECT_TIMEOUT_MS,
  });
  const c: Client = { socket, room: spec.room, received: 0, lastSeq: -1 };
  socket.on('event', (e: ReceivedEvent) => onEvent(c, e));
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      socket.close();
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail('no ready within 30 s'), CONNECT_TIMEOUT_MS);
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) =>
      fail(`connect_error: ${err.data?.code ?? err.message}`),
    );
    socket.once('ready', () => {
      clearTimeout(timer);
      socket.on('disconnect', () => {
        disconnects += 1;
      });
      resolve(c);
    });
  });
}

serve<ClientProtocol>(
  {
    async connect({ url, sockets, concurrency }) {
      let next = 0;
      let failed = 0;
      const errors = new Set<string>();
      const lane = async (): Promise<void> => {
        while (next < sockets.length) {
          const spec = sockets[next++]!;
          try {
            clients.push(await open(url, spec));
          } catch (err) {
            failed += 1;
            errors.add(err instanceof Error ? err.message : String(err));
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      const rooms: Record<string, number> = {};
      for (const c of clients) {
        rooms[c.room] = (rooms[c.room] ?? 0) + 1;
      }
      return { connected: sockets.length - failed, failed, errors: [...errors].slice(0, 5), rooms };
    },
    async arm(body) {
      run = body.run;
      samples = 0;
      total = 0;
      lastAt = 0;
      duplicatesOrReordered = 0;
      misrouted = 0;
      Object.assign(gc, { count: 0, totalMs: 0, maxMs: 0, major: 0, majorMs: 0 });
      for (const c of clients) {
        c.received = 0;
        c.lastSeq = -1;
      }
      return null;
    },
    async progress() {
      return { received: total };
    },
    async collect(): Promise<ClientTally> {
      const rooms: ClientTally['rooms'] = {};
      for (const c of clients) {
        const r = (rooms[c.room] ??= { sockets: 0, received: 0 });
        r.sockets += 1;
        r.received += c.received;
      }
      return {
        rooms,
        latencies: latencies.slice(0, samples),
        ns: ns.slice(0, samples),
        duplicatesOrReordered,
        misrouted,
        disconnects,
        lastAt,
        gc: { ...gc },
      };
    },
  },
  async () => {
    for (const c of clients) {
      c.socket.close();
    }
  },
);
