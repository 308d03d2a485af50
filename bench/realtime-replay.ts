// Replay: a client sees the live log, disconnects, misses 1,000 events (committed while it is
// away), and reconnects with `lastSeq`. Measured: from creating the socket to having all 1,000,
// checked in order, without gap or duplicate.
import { io, type Socket } from 'socket.io-client';
import type { Db } from '../src/platform/db/db.ts';
import { appendEvents } from '../src/platform/events/events.ts';
import type { SeededTenant } from './realtime-seed.ts';
import { fanoutPayload, now, percentile, type ReceivedEvent } from './realtime-types.ts';
import type { RealtimeRow } from './table.ts';

const MISSED = 1_000;
const PER_TRANSACTION = 100;
const TRIES = 10;
const TIMEOUT_MS = 30_000;

function connect(url: string, auth: Record<string, unknown>, onEvent: (e: ReceivedEvent) => void): Socket {
  const socket = io(url, {
    path: '/realtime',
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  socket.on('event', onEvent);
  return socket;
}

function until<T>(socket: Socket, what: string, arm: (done: (value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`replay: no ${what} within ${TIMEOUT_MS / 1000} s`)),
      TIMEOUT_MS,
    );
    socket.once('connect_error', (err: Error) => {
      clearTimeout(timer);
      reject(err);
    });
    arm((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

export async function replay(
  db: Db,
  url: string,
  tenant: SeededTenant,
): Promise<{ row: RealtimeRow; info: string[]; notes: string[] }> {
  const outletId = tenant.outletIds[0]!;
  const subscribe = [{ room: 'outlet', id: outletId }];
  const times: number[] = [];
  const readyTimes: number[] = [];
  const notes: string[] = [];
  let lost = 0;
  for (let i = 0; i < TRIES; i++) {
    const run = `replay-${i}-${Date.now()}`;
    const live = connect(url, { token: tenant.token, subscribe }, () => undefined);
    const { seq } = await until<{ seq: string }>(live, 'ready', (done) => live.once('ready', done));
    live.close();
    for (let b = 0; b < MISSED / PER_TRANSACTION; b++) {
      const at = now();
      const events = Array.from({ length: PER_TRANSACTION }, (_, j) => ({
        type: 'bench.fanout',
        topic: 'orders' as const,
        outletId,
        payload: fanoutPayload(run, b * PER_TRANSACTION + j, at),
      }));
      await db
        .transaction()
        .execute((tx) => appendEvents(tx, tenant.tenantId, events, new Date(at), 'bench'));
    }

    const got: number[] = [];
    let readyAt = Number.NaN;
    const start = now();
    let finish: () => void = () => undefined;
    const back = connect(url, { token: tenant.token, subscribe, lastSeq: seq }, (e) => {
      if (e.payload?.run === run) {
        got.push(Number(e.seq));
        if (got.length === MISSED) {
          finish();
        }
      }
    });
    back.once('ready', () => {
      readyAt = now();
    });
    try {
      await until<void>(back, `${MISSED} events`, (done) => {
        finish = done;
      });
      times.push(now() - start);
      readyTimes.push(readyAt - start);
      await new Promise((r) => setTimeout(r, 200)); // a duplicate would come now
    } catch (err) {
      notes.push(
        `replay try ${i + 1}: ${err instanceof Error ? err.message : String(err)} (got ${got.length})`,
      );
    } finally {
      back.close();
    }
    const first = Number(seq) + 1;
    lost += new Set(got).size < MISSED ? MISSED - new Set(got).size : 0;
    const wrong = got.filter((s, k) => s !== first + k).length + Math.max(0, MISSED - got.length);
    if (wrong > 0) {
      notes.push(
        `replay try ${i + 1}: ${wrong} events missing, duplicated or out of order (got ${got.length}, first ${got[0]}, expected ${first}…${first + MISSED - 1})`,
      );
    }
  }
  const sorted = Float64Array.from(times).sort();
  const ready = Float64Array.from(readyTimes.filter(Number.isFinite)).sort();
  const p50 = percentile(sorted, 50);
  return {
    row: {
      scenario: `replay ${MISSED.toLocaleString('en')} missed (${TRIES} tries)`,
      server: 'Kasir (LISTEN)',
      sockets: 1,
      rooms: 1,
      targetEventsPerSecond: Number.NaN,
      eventsPerSecond: Number.NaN,
      messagesPerSecond: MISSED / (p50 / 1000),
      p50Ms: p50,
      p99Ms: percentile(sorted, 99),
      p50FromCommitMs: Number.NaN,
      p99FromCommitMs: Number.NaN,
      lost,
      rssKiBPerConnection: Number.NaN,
      heapKiBPerConnection: Number.NaN,
    },
    info: [
      `replay: time from creating the socket to all ${MISSED.toLocaleString('en')} missed events (handshake, auth and replay), over ${TRIES} tries; ` +
        `p99 of ${TRIES} tries is the slowest; \`ready\` (live from then on) p50 ${percentile(ready, 50).toFixed(1)} ms`,
    ],
    notes,
  };
}
