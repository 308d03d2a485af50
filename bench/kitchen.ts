// The kitchen bench (issue 13): 1,000 tickets a minute over 10 stations, sent through the real
// HTTP API as a waiter does it (create the order, then send it: the send tickets it in its
// transaction), with one kitchen display per station — a Socket.IO client signed in as the
// kitchen account, in its station's room, as apps/kitchen does. Reports send → display latency
// (from the moment the send request leaves to the `kitchen.ticket.created` event at the station's
// socket) and how many tickets never reached their display. Goals: p99 ≤ 200 ms, 0 lost.
//   BENCH_KITCHEN_SECONDS=60    seconds of sending at 1,000 tickets a minute
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import os from 'node:os';
import { io, type Socket } from 'socket.io-client';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/platform/config/config.ts';
import { createApi, expectStatus, signUp } from './api.ts';
import { nodeCpuMs } from './cpu.ts';
import type { BenchDatabase } from './database.ts';
import type { Column } from './table.ts';

export interface KitchenRow {
  row: string;
  stations: number;
  tickets: number;
  perMinute: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  sendP50Ms: number;
  sendP99Ms: number;
  afterAnswerP99Ms: number;
  lost: number;
  wrongStation: number;
}
const f = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : '–');
export const KITCHEN_COLUMNS: readonly Column<KitchenRow>[] = [
  { header: 'row', align: 'left', cell: (r) => r.row },
  { header: 'stations', align: 'right', cell: (r) => String(r.stations) },
  { header: 'tickets', align: 'right', cell: (r) => String(r.tickets) },
  { header: 'tickets/min', align: 'right', cell: (r) => f(r.perMinute, 0) },
  { header: 'send→KDS p50 ms', align: 'right', cell: (r) => f(r.p50Ms, 1) },
  { header: 'send→KDS p99 ms', align: 'right', cell: (r) => f(r.p99Ms, 1) },
  { header: 'max ms', align: 'right', cell: (r) => f(r.maxMs, 1) },
  { header: 'send HTTP p50 ms', align: 'right', cell: (r) => f(r.sendP50Ms, 1) },
  { header: 'send HTTP p99 ms', align: 'right', cell: (r) => f(r.sendP99Ms, 1) },
  { header: 'after answer p99 ms', align: 'right', cell: (r) => f(r.afterAnswerP99Ms, 1) },
  { header: 'lost', align: 'right', cell: (r) => String(r.lost) },
  { header: 'wrong station', align: 'right', cell: (r) => String(r.wrongStation) },
];

const STATIONS = 10;
const PER_MINUTE = 1000;
const DRAIN_MS = 5000;
export const kitchenBudgetMs = (seconds: number) => seconds * 1000 + 90_000;

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runKitchen(o: {
  database: BenchDatabase;
  seconds: number;
  log: (line: string) => void;
  onCleanup: (step: () => Promise<unknown>) => void;
}): Promise<{ rows: KitchenRow[]; notes: string[]; info: string[] }> {
  const base = loadConfig({});
  const config: Config = {
    ...base,
    rateLimit: { max: 1_000_000_000, authMax: 1_000_000_000, windowMs: 60_000 },
  };
  const app = await buildApp({
    db: o.database.db,
    databaseUrl: o.database.url,
    config,
    jwtSecret: randomBytes(32).toString('hex'),
    logger: { level: config.logLevel, stream: createWriteStream('/dev/null') },
  });
  let closed: Promise<void> | undefined;
  o.onCleanup(() => (closed ??= app.close()));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') {
    throw new Error('the app is not listening on a TCP port');
  }
  const url = `http://127.0.0.1:${address.port}`;
  const api = createApi(url);
  const call = (method: string, path: string, token: string, body?: unknown, status = 201) =>
    api
      .call(method, path, { token, ...(body !== undefined ? { body } : {}) })
      .then((r) => expectStatus(r, status, `${method} ${path}`));

  o.log(`kitchen: seeding a restaurant with ${STATIONS} stations, a waiter and the kitchen account`);
  const biz = await signUp(api, 'kitchen');
  const tk = biz.token;
  const outlet = await call('POST', '/v1/outlets', tk, { name: 'Resto' });
  const stations: { id: string; key: string; itemId: string; variantId: string }[] = [];
  const suffix = randomBytes(3).toString('hex');
  for (let i = 0; i < STATIONS; i += 1) {
    const station = await call('POST', '/v1/kitchen/stations', tk, {
      outletId: outlet.id,
      key: `st${i}-${suffix}`,
      name: `Station ${i + 1}`,
      lateAfterSeconds: 480,
    });
    const item = await call('POST', '/v1/catalog/items', tk, {
      name: `Dish ${i + 1}`,
      variants: [{ name: 'R', price: 2_500_000 }],
    });
    await call('POST', '/v1/kitchen/routes', tk, { stationId: station.id, itemId: item.id });
    stations.push({ id: station.id, key: station.key, itemId: item.id, variantId: item.variants[0].id });
  }
  const roles = await call('GET', '/v1/roles', tk, undefined, 200);
  const person = async (role: string) => {
    const email = `${role}.${randomBytes(4).toString('hex')}@bench.kasir`;
    await call('POST', '/v1/staff', tk, {
      email,
      name: role,
      password: 'bench password 123',
      roleId: roles.items.find((r: { key: string }) => r.key === role).id,
    });
    return (await call('POST', '/v1/auth/login', '', { email, password: 'bench password 123' }, 200))
      .accessToken as string;
  };
  const waiter = await person('waiter');
  const cook = await person('kitchen');

  // One display per station, in its station's room only.
  const sentAt = new Map<string, number>(); // orderId → when its send left
  const stationOf = new Map<string, string>(); // orderId → the station its line routes to
  const receivedAt = new Map<string, number>(); // ticket id → first receipt
  const deliveredAt = new Map<string, number>(); // orderId → its ticket's receipt
  const answeredAt = new Map<string, number>(); // orderId → when the send's answer came back
  const latencies: number[] = [];
  let wrongStation = 0;
  let duplicates = 0;
  const sockets: Socket[] = [];
  o.onCleanup(async () => sockets.forEach((s) => s.disconnect()));
  await Promise.all(
    stations.map(
      (st) =>
        new Promise<void>((resolve, reject) => {
          const s = io(url, {
            path: '/realtime',
            transports: ['websocket'],
            reconnection: false,
            auth: { token: cook, subscribe: [{ room: 'station', id: st.key }] },
          });
          sockets.push(s);
          s.once('ready', () => resolve());
          s.once('connect_error', (err) => reject(err));
          s.on(
            'event',
            (e: { type: string; orderId: string; payload: { id: string; stationId: string } }) => {
              if (e.type !== 'kitchen.ticket.created') {
                return;
              }
              const now = performance.now();
              if (receivedAt.has(e.payload.id)) {
                duplicates += 1;
                return;
              }
              receivedAt.set(e.payload.id, now);
              deliveredAt.set(e.orderId, now);
              if (e.payload.stationId !== st.id || stationOf.get(e.orderId) !== st.id) {
                wrongStation += 1;
              }
              const t0 = sentAt.get(e.orderId);
              if (t0 !== undefined) {
                latencies.push(now - t0);
              }
            },
          );
        }),
    ),
  );

  const total = Math.round((PER_MINUTE * o.seconds) / 60);
  const gapMs = 60_000 / PER_MINUTE;
  o.log(`kitchen: sending ${total} tickets over ${o.seconds} s (${PER_MINUTE}/min, ${STATIONS} stations)`);
  const load = os.loadavg()[0] ?? 0;
  const cpu0 = nodeCpuMs();
  const sendMs: number[] = [];
  let failed = 0;
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i += 1) {
    // Open loop: each order at its time, whether the previous one has finished or not.
    const due = start + i * gapMs;
    const wait = due - performance.now();
    if (wait > 0) {
      await sleep(wait);
    }
    const st = stations[i % STATIONS]!;
    inflight.push(
      (async () => {
        const order = await api.call('POST', '/v1/orders', {
          token: waiter,
          body: {
            outletId: outlet.id,
            diningOption: 'dine_in',
            tableRef: `T${(i % 40) + 1}`,
            lines: [{ itemId: st.itemId, variantId: st.variantId, quantity: 1 + (i % 3), notes: 'no chili' }],
          },
        });
        if (order.status !== 201) {
          failed += 1;
          return;
        }
        const id = order.body.id as string;
        stationOf.set(id, st.id);
        const t0 = performance.now();
        sentAt.set(id, t0);
        const sent = await api.call('POST', `/v1/orders/${id}/send`, { token: waiter, body: {} });
        answeredAt.set(id, performance.now());
        sendMs.push(performance.now() - t0);
        if (sent.status !== 200) {
          failed += 1;
          sentAt.delete(id);
        }
      })(),
    );
  }
  await Promise.all(inflight);
  const sendingSeconds = (performance.now() - start) / 1000;
  // Give the last events time to arrive, then count what never did.
  const drainUntil = performance.now() + DRAIN_MS;
  while (receivedAt.size < sentAt.size && performance.now() < drainUntil) {
    await sleep(50);
  }
  const cpu = nodeCpuMs() - cpu0;
  // What the server holds: every send made one ticket (one line, one station).
  const stored = await o.database.db
    .selectFrom('kitchen_tickets')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', biz.tenantId)
    .executeTakeFirstOrThrow();
  const ticketed = Number(stored.n);
  const lost = ticketed - latencies.length;
  const sorted = [...latencies].sort((a, b) => a - b);
  const sends = [...sendMs].sort((a, b) => a - b);
  // The fan-out's own share: from the send's answer (committed) to the display; 0 when it came first.
  const afterAnswer = [...answeredAt]
    .map(([id, at]) => Math.max(0, (deliveredAt.get(id) ?? Number.POSITIVE_INFINITY) - at))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const row: KitchenRow = {
    row: `send → kitchen display (${STATIONS} station sockets)`,
    stations: STATIONS,
    tickets: ticketed,
    perMinute: (ticketed / sendingSeconds) * 60,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    sendP50Ms: percentile(sends, 50),
    sendP99Ms: percentile(sends, 99),
    afterAnswerP99Ms: percentile(afterAnswer, 99),
    lost,
    wrongStation,
  };
  const notes: string[] = [];
  if (row.p99Ms > 200) {
    notes.push(
      `kitchen: send → display p99 ${row.p99Ms.toFixed(0)} ms (goal ≤ 200 ms; 1-min load ${load.toFixed(1)} at start)`,
    );
  }
  if (lost > 0 || failed > 0 || duplicates > 0 || wrongStation > 0 || ticketed !== sentAt.size) {
    notes.push(
      `kitchen: ${lost} lost, ${failed} failed requests, ${ticketed} tickets for ${sentAt.size} sends, ${duplicates} duplicates, ${wrongStation} at the wrong station (goal 0)`,
    );
  }
  return {
    rows: [row],
    notes,
    info: [
      `1-minute load average when sending started: ${load.toFixed(2)} (${os.cpus().length} cores)`,
      `one node process serves the API and realtime and runs the ${STATIONS} display sockets and the sender; node CPU ${(cpu / Math.max(1, ticketed)).toFixed(2)} ms per ticket (create + send + fan-out + receipt)`,
      'send→KDS = from the send request leaving to `kitchen.ticket.created` at the station socket: the send transaction, commit, outbox dispatch and delivery; "after answer" = from the send\'s HTTP answer to the display (the fan-out alone)',
    ],
  };
}
