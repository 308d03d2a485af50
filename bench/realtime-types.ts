// What the realtime benchmark's processes share: the IPC protocols, the event payload (it carries
// the send time, so clients compute delivery latency), and the emission schedule.

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The payload of a benchmark event: order-sized, with the run, a counter and the send time. */
export interface FanoutPayload {
  run: string;
  n: number;
  /** now() in the producer just before it committed (Kasir) or emitted (bare Socket.IO). */
  sentAt: number;
  [field: string]: unknown;
}

export function fanoutPayload(run: string, n: number, sentAt: number): FanoutPayload {
  // Shaped like an order.updated payload (docs/EVENTS.md), so messages are a realistic size.
  return {
    run,
    n,
    sentAt,
    orderId: '019a0000-0000-7000-8000-000000000000',
    number: n,
    businessDate: '2026-11-22',
    status: 'sent',
    diningOption: 'dine_in',
    tableRef: 'A3',
    currency: 'IDR',
    total: 11_665_500,
    paymentStatus: 'unpaid',
    paidAmount: 0,
    balanceAmount: 11_665_500,
    version: 3,
    change: 'lines_added',
  };
}

/** The envelope bare Socket.IO sends: the same fields as Kasir's StoredEvent. */
export function bareEnvelope(seq: number, room: string, payload: FanoutPayload) {
  return {
    seq: String(seq),
    id: `019a0000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    type: 'bench.fanout',
    version: 1,
    occurredAt: new Date(payload.sentAt).toISOString(),
    topic: 'orders',
    outletId: room,
    registerId: null,
    orderId: null,
    payload,
  };
}

/** What a client needs from an event (Kasir's and bare Socket.IO's alike). */
export interface ReceivedEvent {
  seq: string;
  outletId: string | null;
  payload: Partial<FanoutPayload> | null;
}

/**
 * Calls `due(from, to)` for events [from, to) as their times come: event k is due `k / rate`
 * seconds after the start; due events are handed over in batches every `tickMs` at most.
 * Awaits `due` (a producer that cannot keep up falls behind rather than piling up).
 */
export async function runSchedule(
  rate: number,
  seconds: number,
  due: (from: number, to: number) => void | Promise<void>,
  tickMs = 10,
): Promise<{ events: number; startedAt: number; endedAt: number }> {
  const total = Math.round(rate * seconds);
  const startedAt = now();
  let sent = 0;
  while (sent < total) {
    const upTo = Math.min(total, Math.floor(((now() - startedAt) / 1000) * rate) + 1);
    if (upTo > sent) {
      await due(sent, upTo);
      sent = upTo;
    }
    if (sent < total) {
      const next = startedAt + (sent * 1000) / rate;
      await new Promise((r) => setTimeout(r, Math.max(tickMs, next - now())));
    }
  }
  return { events: total, startedAt, endedAt: now() };
}

/** The server process (bench/realtime-server.ts). */
export type ServerProtocol = {
  start: {
    req: { mode: 'bare' } | { mode: 'kasir'; databaseUrl: string; listen: boolean; jwtSecret: string };
    res: { url: string };
  };
  /** After two full garbage collections. */
  memory: { req: null; res: { rss: number; heapUsed: number; sockets: number } };
  /**
   * Kasir only: the events of run `run` its gateway emitted (payload `n`, and ms from the payload's
   * `sentAt` to the emit), forgetting every recorded emit.
   */
  emits: { req: { run: string }; res: { n: Int32Array; ms: Float64Array } };
  /** process.cpuUsage(): microseconds of CPU time so far. */
  cpu: { req: null; res: { user: number; system: number } };
  /** The event loop's delay (perf_hooks monitorEventLoopDelay) since the last reset. */
  loop: {
    req: { reset: boolean };
    res: {
      p50Ms: number;
      p99Ms: number;
      maxMs: number;
      /** Garbage-collection pauses since the reset (perf_hooks 'gc' entries). */
      gc: { count: number; totalMs: number; maxMs: number; major: number; majorMs: number };
      /** The event loop's stalls over 100 ms since the reset: ms after the reset, and length. */
      stalls: { atMs: number; ms: number }[];
    };
  };
  /** Bare mode only: emits on the schedule from the server process. */
  emit: {
    /** `first`: the number of the first event (slices of one run go on from the last). */
    req: { run: string; rooms: string[]; rate: number; seconds: number; first?: number };
    res: { emitted: Record<string, number>; events: number; startedAt: number; endedAt: number };
  };
};

export interface SocketSpec {
  /** The handshake's `auth`. */
  auth: Record<string, unknown>;
  /** The room the socket is in (an outlet id); events for another are counted as misrouted. */
  room: string;
}

export interface ClientTally {
  /** Per room: connected sockets and events of the run they received. */
  rooms: Record<string, { sockets: number; received: number }>;
  /** Delivery latency of every event received, ms (from the payload's `sentAt`). */
  latencies: Float64Array;
  /** The payload's `n` of each latency sample, same order. */
  ns: Int32Array;
  /** An event whose seq was not above the socket's previous one. */
  duplicatesOrReordered: number;
  misrouted: number;
  /** Sockets that disconnected after connecting. */
  disconnects: number;
  lastAt: number;
  /** The client process's garbage-collection pauses since `arm` (they delay its receipts). */
  gc: { count: number; totalMs: number; maxMs: number; major: number; majorMs: number };
}

/** A client process (bench/realtime-clients.ts). */
export type ClientProtocol = {
  connect: {
    req: { url: string; sockets: SocketSpec[]; concurrency: number };
    /** `rooms`: connected sockets per room. */
    res: { connected: number; failed: number; errors: string[]; rooms: Record<string, number> };
  };
  /** Starts counting the events of run `run` (and forgets the previous run's). */
  arm: { req: { run: string }; res: null };
  progress: { req: null; res: { received: number } };
  collect: { req: null; res: ClientTally };
};
