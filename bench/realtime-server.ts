// The realtime benchmark's server process, alone so its memory can be measured: either Kasir
// (buildApp: the authenticated gateway at /realtime, tailing the event log) or a bare Socket.IO
// server (no auth, no log; clients name their rooms) that emits on the schedule itself.
// Started with --expose-gc by bench/realtime.ts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { createDb } from '../src/platform/db/db.ts';
import { serve } from './child.ts';
import { bareEnvelope, fanoutPayload, now, runSchedule, type ServerProtocol } from './realtime-types.ts';

let io: Server | undefined;
let bare = false;
let close: () => Promise<void> = async () => undefined;
const LOOP_SAMPLE_MS = 10;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
loopDelay.enable();
// Garbage-collection pauses and event-loop stalls (> 100 ms) since the last `loop` reset.
// `major`: mark-compact pauses (the rest are scavenges and incremental marking steps).
const gcStats = { count: 0, totalMs: 0, maxMs: 0, major: 0, majorMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcStats.count += 1;
    gcStats.totalMs += e.duration;
    gcStats.maxMs = Math.max(gcStats.maxMs, e.duration);
    if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      gcStats.major += 1;
      gcStats.majorMs += e.duration;
    }
  }
}).observe({ entryTypes: ['gc'] });
let resetAt = performance.now();
let stalls: { atMs: number; ms: number }[] = [];
let tick = performance.now();
setInterval(() => {
  const t = performance.now();
  if (t - tick - LOOP_SAMPLE_MS > 100) {
    stalls.push({ atMs: Math.round(tick - resetAt), ms: Math.round(t - tick - LOOP_SAMPLE_MS) });
  }
  tick = t;
}, LOOP_SAMPLE_MS).unref();
// BENCH_REALTIME_PROFILE=<dir>: a CPU profile of each server process over the measured round.
const profileDir = process.env['BENCH_REALTIME_PROFILE'];
const profiler = profileDir ? new Session() : undefined;
profiler?.connect();
let profiling = false;

async function startBare(): Promise<string> {
  const http = createServer();
  const server = new Server(http, { path: '/realtime', serveClient: false });
  server.on('connection', (socket) => {
    const { rooms } = socket.handshake.auth as { rooms?: unknown };
    if (Array.isArray(rooms)) {
      void socket.join(rooms.filter((r): r is string => typeof r === 'string'));
    }
    socket.emit('ready', { seq: '0' });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  io = server;
  bare = true;
  close = () => server.close().catch(() => undefined);
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

async function startKasir(databaseUrl: string, listen: boolean, jwtSecret: string): Promise<string> {
  const db = createDb({ connectionString: databaseUrl });
  const app = await buildApp({
    db,
    // Without it the dispatcher has no LISTEN connection and only polls (every second).
    ...(listen ? { databaseUrl } : {}),
    config: { ...loadConfig({}), rateLimit: { max: 1e9, authMax: 1e9, windowMs: 60_000 } },
    jwtSecret,
    logger: false,
  });
  close = async () => {
    await app.close();
    await db.destroy();
  };
  await app.listen({ host: '127.0.0.1', port: 0 });
  io = app.realtime.io;
  watchEmits(io);
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

// Kasir: when the gateway emitted each bench event (ms after its payload's `sentAt`), so the bench
// can split a receipt's latency into commit → emit (the NOTIFY's way and the dispatcher) and the rest.
const emits = { run: [] as string[], n: [] as number[], ms: [] as number[] };
function watchEmits(server: Server): void {
  const to = server.to.bind(server);
  server.to = (room) => {
    const op = to(room);
    const emit = op.emit.bind(op);
    op.emit = (ev, ...args) => {
      const p = (args[0] as { payload?: { run?: unknown; n?: unknown; sentAt?: unknown } } | undefined)
        ?.payload;
      if (
        ev === 'event' &&
        typeof p?.run === 'string' &&
        typeof p.n === 'number' &&
        typeof p.sentAt === 'number'
      ) {
        emits.run.push(p.run);
        emits.n.push(p.n);
        emits.ms.push(now() - p.sentAt);
      }
      return emit(ev, ...args);
    };
    return op;
  };
}

serve<ServerProtocol>(
  {
    async start(opts) {
      const url =
        opts.mode === 'bare'
          ? await startBare()
          : await startKasir(opts.databaseUrl, opts.listen, opts.jwtSecret);
      return { url };
    },
    async memory() {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (!gc) {
        throw new Error('start the server process with --expose-gc');
      }
      gc();
      await new Promise((r) => setImmediate(r));
      gc();
      const m = process.memoryUsage();
      return { rss: m.rss, heapUsed: m.heapUsed, sockets: io?.of('/').sockets.size ?? 0 };
    },
    async emits({ run }) {
      const n: number[] = [];
      const ms: number[] = [];
      emits.run.forEach((r, i) => {
        if (r === run) {
          n.push(emits.n[i]!);
          ms.push(emits.ms[i]!);
        }
      });
      Object.assign(emits, { run: [], n: [], ms: [] });
      return { n: Int32Array.from(n), ms: Float64Array.from(ms) };
    },
    async cpu() {
      return process.cpuUsage();
    },
    async loop({ reset }) {
      // The histogram holds the intervals between its samples: the delay is what exceeds the interval.
      const ms = (ns: number) => Math.max(0, ns / 1e6 - LOOP_SAMPLE_MS);
      const r = {
        p50Ms: ms(loopDelay.percentile(50)),
        p99Ms: ms(loopDelay.percentile(99)),
        maxMs: ms(loopDelay.max),
        gc: { ...gcStats },
        stalls,
      };
      if (profiler && profiling) {
        const { profile } = await profiler.post('Profiler.stop');
        profiling = false;
        writeFileSync(
          `${profileDir}/${bare ? 'bare' : 'kasir'}-${process.pid}.cpuprofile`,
          JSON.stringify(profile),
        );
      }
      if (reset) {
        loopDelay.reset();
        Object.assign(gcStats, { count: 0, totalMs: 0, maxMs: 0, major: 0, majorMs: 0 });
        stalls = [];
        resetAt = performance.now();
        if (profiler) {
          await profiler.post('Profiler.enable');
          await profiler.post('Profiler.setSamplingInterval', { interval: 500 });
          await profiler.post('Profiler.start');
          profiling = true;
        }
      }
      return r;
    },
    async emit(plan) {
      const server = io;
      if (!server || !bare) {
        throw new Error('emit is for the bare Socket.IO server');
      }
      const emitted: Record<string, number> = {};
      const first = plan.first ?? 0;
      const done = await runSchedule(plan.rate, plan.seconds, (from, to) => {
        const sentAt = now();
        for (let k = first + from; k < first + to; k++) {
          const room = plan.rooms[k % plan.rooms.length]!;
          server.to(room).emit('event', bareEnvelope(k + 1, room, fanoutPayload(plan.run, k, sentAt)));
          emitted[room] = (emitted[room] ?? 0) + 1;
        }
      });
      return { emitted, ...done };
    },
  },
  () => close(),
);
