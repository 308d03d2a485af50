// The realtime bench's set-up: its scenarios' shape, its options and result, and connecting one
// server's sockets from client processes (a contender). Measuring is in bench/realtime.ts.
import type { ChildHandle } from './child.ts';
import { forkChild } from './child.ts';
import type { BenchDatabase } from './database.ts';
import type { Produced, Room } from './realtime-produce.ts';
import { roomsOf, type SeededTenant } from './realtime-seed.ts';
import type { ClientProtocol, ServerProtocol, SocketSpec } from './realtime-types.ts';
import type { RealtimeRow } from './table.ts';

export interface Scenario {
  name: string;
  sockets: number;
  tenants: number;
  outletsPerTenant: number;
  rate: number;
  /** Also measure Kasir without LISTEN (the 1-second poll alone). */
  pollOnly?: boolean;
  /** Measure the servers in alternating turns of this many seconds (see `measure`), not one after the other. */
  sliceSeconds?: number;
}

export type Mode = 'bare' | 'kasir' | 'kasir-poll';
export const SERVER_LABEL: Record<Mode, string> = {
  bare: 'bare Socket.IO',
  kasir: 'Kasir (LISTEN)',
  'kasir-poll': 'Kasir (poll only)',
};
/** What was sent in one round, by either server. */
export interface Sent {
  emitted: Record<string, number>;
  events: number;
  startedAt: number;
  endedAt: number;
  /** Kasir: the producer's transactions. */
  produced?: Produced;
}
export const SOCKETS_PER_CLIENT_PROCESS = 5_000;
export const CONNECTS_IN_FLIGHT = 32; // per client process
export const WARMUP_SECONDS = 1;
export const DRAIN_MS = 5_000;
export const CALL_MS = 180_000;

export interface RealtimeOptions {
  database: BenchDatabase;
  /** Measured seconds of events per fan-out run. */
  seconds: number;
  /** Fraction of the sockets to open (1 = the full counts), for quick trials. */
  scale: number;
  /** Only the fan-out scenarios whose name contains this (and no replay), for quick trials. */
  scenario?: string | undefined;
  log: (line: string) => void;
  /** Registers an undo step with the runner (run even if the runner is interrupted). */
  onCleanup: (step: () => Promise<unknown>) => void;
}

export interface RealtimeResult {
  rows: RealtimeRow[];
  /** Facts about the runs (commit times, connect times). */
  info: string[];
  /** Problems: lost messages, failed connections … (must be empty). */
  notes: string[];
}

/** One server under measurement: its process, its connected sockets, and what it was sent. */
export interface Contender {
  mode: Mode;
  label: string;
  server: ChildHandle<ServerProtocol>;
  clients: ChildHandle<ClientProtocol>[];
  /** The rooms its events go to (bare: room names; Kasir: its tenants' outlets). */
  rooms: Room[];
  /** Bare Socket.IO: the rooms of the producer's load alongside (its own tenants, see runRealtime). */
  loadRooms: Room[];
  perRoom: Record<string, number>;
  open: number;
  connectSeconds: number;
  before: { rss: number; heapUsed: number };
  after: { rss: number; heapUsed: number };
  close: () => Promise<void>;
}

export async function connect(
  o: RealtimeOptions,
  s: Scenario,
  mode: Mode,
  server: ChildHandle<ServerProtocol>,
  url: string,
  seededTenants: SeededTenant[],
  maxSockets: number,
  result: RealtimeResult,
): Promise<Contender> {
  const label = `${s.name}, ${SERVER_LABEL[mode]}`;
  const tenants = mode === 'bare' ? undefined : seededTenants;
  const rooms: Room[] = tenants
    ? roomsOf(tenants)
    : Array.from({ length: s.tenants * s.outletsPerTenant }, (_, i) => ({
        tenantId: `t${Math.floor(i / s.outletsPerTenant)}`,
        outletId: `room-${i}`,
      }));
  const tokens = new Map(tenants?.map((t) => [t.tenantId, t.token]));
  const wanted = Math.max(1, Math.round(s.sockets * o.scale));
  const sockets = Math.min(wanted, maxSockets);
  if (sockets < wanted) {
    result.notes.push(
      `${label}: ${sockets} sockets instead of ${wanted}: the open-files limit (ulimit -n) is ${maxSockets + 1_000}`,
    );
  }
  const specs: SocketSpec[] = Array.from({ length: sockets }, (_, i) => {
    const room = rooms[i % rooms.length]!;
    return {
      room: room.outletId,
      auth: tenants
        ? { token: tokens.get(room.tenantId), subscribe: [{ room: 'outlet', id: room.outletId }] }
        : { rooms: [room.outletId] },
    };
  });

  const clients = Array.from({ length: Math.ceil(sockets / SOCKETS_PER_CLIENT_PROCESS) }, (_, w) => {
    const c = forkChild<ClientProtocol>(new URL('./realtime-clients.ts', import.meta.url), {
      name: `realtime clients ${w + 1}`,
    });
    o.onCleanup(() => c.close());
    return c;
  });
  const close = async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  };
  try {
    const before = await server.call('memory', null, CALL_MS);
    o.log(`${label}: connecting ${sockets} sockets from ${clients.length} process(es) …`);
    const connectStart = performance.now();
    const connected = await Promise.all(
      clients.map((c, w) =>
        c.call(
          'connect',
          { url, sockets: specs.filter((_, i) => i % clients.length === w), concurrency: CONNECTS_IN_FLIGHT },
          CALL_MS,
        ),
      ),
    );
    const connectSeconds = (performance.now() - connectStart) / 1000;
    const after = await server.call('memory', null, CALL_MS);
    const perRoom: Record<string, number> = {};
    for (const c of connected) {
      for (const [room, n] of Object.entries(c.rooms)) {
        perRoom[room] = (perRoom[room] ?? 0) + n;
      }
    }
    const open = connected.reduce((n, c) => n + c.connected, 0);
    const failed = connected.reduce((n, c) => n + c.failed, 0);
    if (failed > 0) {
      result.notes.push(
        `${label}: ${failed} of ${sockets} sockets failed to connect (${connected.flatMap((c) => c.errors).join('; ')})`,
      );
    }
    return {
      mode,
      label,
      server,
      clients,
      rooms,
      loadRooms: roomsOf(seededTenants),
      perRoom,
      open,
      connectSeconds,
      before,
      after,
      close,
    };
  } catch (err) {
    await Promise.all(clients.map((c) => c.close()));
    throw err;
  }
}
