// Realtime fan-out for `npm run bench`: the same load through Kasir's authenticated gateway and
// through a bare Socket.IO server, each in its own server process, with the sockets in client
// processes; then the replay of missed events to a reconnecting client (bench/realtime-replay.ts).
// Both rounds carry the same database load: Kasir's producer commits the events its gateway
// delivers, and bare Socket.IO's round runs that producer alongside (its events delivered by
// nobody), so both servers share the 2 CPUs with the same PostgreSQL work. The 1,000-rooms
// scenario measures the servers in alternating 1 s turns, all connected throughout (`measure`).
// Connecting a server's sockets (a contender) is in bench/realtime-setup.ts.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { createApi } from './api.ts';
import { forkChild } from './child.ts';
import { emptyProduced, produce, type Produced } from './realtime-produce.ts';
import { replay } from './realtime-replay.ts';
import { seedTenants, type SeededTenant } from './realtime-seed.ts';
import { percentile, type ClientTally, type ServerProtocol } from './realtime-types.ts';
import {
  CALL_MS,
  connect,
  DRAIN_MS,
  SERVER_LABEL,
  WARMUP_SECONDS,
  type Contender,
  type Mode,
  type RealtimeOptions,
  type RealtimeResult,
  type Scenario,
  type Sent,
} from './realtime-setup.ts';

import { addEmitted, addProduced, fromCommit, row, sliceP99s, type Measured } from './realtime-tally.ts';

export type { RealtimeOptions, RealtimeResult } from './realtime-setup.ts';

const SCENARIOS: readonly Scenario[] = [
  { name: '1 room, 10 events/s', sockets: 1_000, tenants: 1, outletsPerTenant: 1, rate: 10, pollOnly: true },
  {
    name: '1,000 rooms, 1,000 events/s',
    sockets: 10_000,
    tenants: 100,
    outletsPerTenant: 10,
    rate: 1_000,
    sliceSeconds: 1,
  },
];
/** Generous upper bound of the realtime part's duration, for the runner's hard stop. */
export function realtimeBudgetMs(seconds: number): number {
  return (6 * (seconds + WARMUP_SECONDS + (2 * DRAIN_MS) / 1000 + 3 * 60) + 180) * 1000;
}

/**
 * Linux PSI: microseconds some task spent waiting for a CPU (/proc/pressure/cpu `some total`),
 * undefined when unknown. The machine is shared; this says how contended a round was.
 */
async function cpuPressureMicros(): Promise<number | undefined> {
  const text = await readFile('/proc/pressure/cpu', 'utf8').catch(() => '');
  const m = /^some .*total=(\d+)/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The soft limit on open files (Linux; the children inherit it), undefined when unknown. */
async function openFilesLimit(): Promise<number | undefined> {
  const limits = await readFile('/proc/self/limits', 'utf8').catch(() => '');
  const m = /^Max open files\s+(\d+)/m.exec(limits);
  return m ? Number(m[1]) : undefined;
}

export async function runRealtime(o: RealtimeOptions): Promise<RealtimeResult> {
  // The server process holds every socket: keep ~1,000 descriptors for everything else.
  const fileLimit = await openFilesLimit();
  const maxSockets = fileLimit === undefined ? Infinity : Math.max(1, fileLimit - 1_000);
  const jwtSecret = randomBytes(32).toString('hex'); // shared by every Kasir process: tokens stay valid
  const seeded = new Map<Scenario, SeededTenant[]>();
  const result: RealtimeResult = { rows: [], info: [], notes: [] };
  const startServer = async (mode: Mode) => {
    const server = forkChild<ServerProtocol>(new URL('./realtime-server.ts', import.meta.url), {
      name: `${SERVER_LABEL[mode]} server`,
      execArgv: ['--expose-gc'],
    });
    o.onCleanup(() => server.close());
    const { url } = await server.call(
      'start',
      mode === 'bare'
        ? { mode: 'bare' }
        : { mode: 'kasir', databaseUrl: o.database.url, listen: mode === 'kasir', jwtSecret },
      CALL_MS,
    );
    return { server, url };
  };

  for (const s of SCENARIOS.filter((x) => !o.scenario || x.name.includes(o.scenario))) {
    const modes: Mode[] = ['bare', 'kasir', ...(s.pollOnly ? (['kasir-poll'] as const) : [])];
    // Seeded first: bare Socket.IO's rounds commit the same transactions as Kasir's (see `slice`).
    // Interleaved, every server is up at once: each gets tenants of its own (a Kasir server
    // delivers every event of the tenants it has sockets for), bare's being those of its load.
    const tenantsOf = new Map<Mode, SeededTenant[]>();
    const { server: seeder, url: seederUrl } = await startServer('kasir');
    try {
      for (const mode of s.sliceSeconds ? modes : (['kasir'] as const)) {
        o.log(
          `realtime: seeding ${s.tenants} × ${s.outletsPerTenant} outlets${s.sliceSeconds ? ` for ${SERVER_LABEL[mode]}` : ''} …`,
        );
        tenantsOf.set(
          mode,
          await seedTenants(createApi(seederUrl), `realtime-${mode}`, s.tenants, s.outletsPerTenant),
        );
      }
    } finally {
      await seeder.close();
    }
    const tenants = (mode: Mode) => tenantsOf.get(mode) ?? tenantsOf.get('kasir')!;
    seeded.set(s, tenants('kasir'));
    const prepare = async (mode: Mode) => {
      const { server, url } = await startServer(mode);
      try {
        return await connect(o, s, mode, server, url, tenants(mode), maxSockets, result);
      } catch (err) {
        await server.close();
        throw err;
      }
    };
    if (s.sliceSeconds) {
      const contenders: Contender[] = [];
      try {
        for (const mode of modes) {
          contenders.push(await prepare(mode));
        }
        await measure(o, s, contenders, result);
      } finally {
        await Promise.all(contenders.map((c) => c.close()));
      }
    } else {
      for (const mode of modes) {
        const c = await prepare(mode);
        try {
          await measure(o, s, [c], result);
        } finally {
          await c.close();
        }
      }
    }
  }

  const first = o.scenario ? undefined : seeded.get(SCENARIOS[0]!);
  if (first) {
    const { server, url } = await startServer('kasir');
    try {
      o.log('realtime: replay of 1,000 missed events …');
      const r = await replay(o.database.db, url, first[0]!);
      result.rows.push(r.row);
      result.info.push(...r.info);
      result.notes.push(...r.notes);
    } finally {
      await server.close();
    }
  }
  return result;
}

/**
 * Measures the contenders: `o.seconds` of events each. Alone (one contender) in one run; several
 * (the scenario's `sliceSeconds`) in alternating slices, back to back, every server's sockets
 * connected throughout — a load spike or a busy neighbour on the machine then falls on every
 * server's slices alike instead of on one server's whole round.
 */
async function measure(
  o: RealtimeOptions,
  s: Scenario,
  cs: Contender[],
  result: RealtimeResult,
): Promise<void> {
  const sliceSeconds = s.sliceSeconds ?? o.seconds;
  const slices = Math.max(1, Math.round(o.seconds / sliceSeconds));
  const perSlice = o.seconds / slices;
  const interleaved = cs.length > 1;

  /** Emits one slice of run `run` (events numbered from `first`) through contender `c`. */
  const slice = async (
    c: Contender,
    run: string,
    seconds: number,
    first: number,
  ): Promise<{ sent: Sent; load: Produced | undefined }> => {
    if (c.mode === 'bare') {
      // The same database work as Kasir's, alongside (nothing delivers these events): both servers
      // are measured sharing the 2 CPUs with the same PostgreSQL load, not bare Socket.IO on an
      // otherwise idle machine.
      const [sent, load] = await Promise.all([
        c.server.call(
          'emit',
          { run, rooms: c.rooms.map((r) => r.outletId), rate: s.rate, seconds, first },
          CALL_MS,
        ),
        produce(o.database.db, { run: `${run}-load`, rooms: c.loadRooms, rate: s.rate, seconds, first }),
      ]);
      result.notes.push(...load.failures.slice(0, 3).map((f) => `${c.label}: a load commit failed: ${f}`));
      return { sent, load };
    }
    const p = await produce(o.database.db, { run, rooms: c.rooms, rate: s.rate, seconds, first });
    result.notes.push(...p.failures.slice(0, 3).map((f) => `${c.label}: a commit failed: ${f}`));
    return { sent: { ...p, produced: p }, load: undefined };
  };
  /** Waits until every connected socket has its room's events (or DRAIN_MS). */
  const drain = async (c: Contender, emitted: Record<string, number>) => {
    const expected = Object.entries(emitted).reduce((n, [room, k]) => n + k * (c.perRoom[room] ?? 0), 0);
    const deadline = Date.now() + DRAIN_MS;
    while (Date.now() < deadline) {
      const p = await Promise.all(c.clients.map((x) => x.call('progress', null, CALL_MS)));
      if (p.reduce((n, x) => n + x.received, 0) >= expected) {
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const arm = async (c: Contender) => {
    const run = randomBytes(6).toString('hex');
    await Promise.all(c.clients.map((x) => x.call('arm', { run }, CALL_MS)));
    return run;
  };

  for (const c of cs) {
    o.log(`${c.label}: ${WARMUP_SECONDS} s warm-up …`);
    const { sent } = await slice(c, await arm(c), WARMUP_SECONDS, 0);
    await drain(c, sent.emitted);
  }
  o.log(
    interleaved
      ? `${s.name}: ${cs.map((c) => SERVER_LABEL[c.mode]).join(' / ')} in turns of ${perSlice} s, ${o.seconds} s each at ${s.rate} events/s …`
      : `${cs[0]!.label}: ${o.seconds} s at ${s.rate} events/s …`,
  );
  const measured = new Map<Contender, Measured>();
  for (const c of cs) {
    measured.set(c, {
      run: await arm(c),
      sent: {
        emitted: {},
        events: 0,
        startedAt: 0,
        endedAt: 0,
        ...(c.mode === 'bare' ? {} : { produced: emptyProduced() }),
      },
      ...(c.mode === 'bare' ? { load: emptyProduced() } : {}),
      slices: [],
      activeMs: 0,
    });
  }
  const cpuBefore = await Promise.all(cs.map((c) => c.server.call('cpu', null, CALL_MS)));
  await Promise.all(cs.map((c) => c.server.call('loop', { reset: true }, CALL_MS)));
  const wallBefore = performance.now();
  const pressureBefore = await cpuPressureMicros();
  let next = 0;
  for (let i = 0; i < slices; i++) {
    const count = Math.round(s.rate * perSlice);
    for (const c of cs) {
      const m = measured.get(c)!;
      const { sent, load } = await slice(c, m.run, perSlice, next);
      addEmitted(m.sent.emitted, sent.emitted);
      m.sent.events += sent.events;
      m.sent.startedAt ||= sent.startedAt;
      m.sent.endedAt = sent.endedAt;
      if (sent.produced) {
        addProduced(m.sent.produced!, sent.produced);
      }
      if (load) {
        addProduced(m.load!, load);
      }
      m.slices.push({ from: next, to: next + count, startedAt: sent.startedAt, endedAt: sent.endedAt });
      m.activeMs += sent.endedAt - sent.startedAt;
    }
    next += count;
  }
  for (const c of cs) {
    await drain(c, measured.get(c)!.sent.emitted);
  }
  const wallMs = performance.now() - wallBefore;
  const pressure = await cpuPressureMicros();
  const cpuAfter = await Promise.all(cs.map((c) => c.server.call('cpu', null, CALL_MS)));
  const loops = await Promise.all(cs.map((c) => c.server.call('loop', { reset: false }, CALL_MS)));
  const waitingShare =
    pressure !== undefined && pressureBefore !== undefined
      ? (pressure - pressureBefore) / 1000 / wallMs
      : undefined;
  if (interleaved) {
    result.info.push(
      `${s.name}: ${cs.map((c) => SERVER_LABEL[c.mode]).join(' and ')} measured in turns of ${perSlice} s ` +
        `(${slices} each, back to back, ${o.seconds} s of events per server), every server's sockets connected throughout; ` +
        `latency is counted per event from its commit (Kasir) or emit (bare) to its receipt, as in one long round`,
    );
  }

  for (const [j, c] of cs.entries()) {
    const m = measured.get(c)!;
    const { label } = c;
    const tallies = await Promise.all(c.clients.map((x) => x.call('collect', null, CALL_MS)));
    const r = row(s, c.mode, c.rooms.length, c.open, o.seconds, m, tallies, c.before, c.after);
    const fromCommitSent = m.sent.produced
      ? fromCommit(tallies, m.sent.produced.commitSentAfterMs)
      : undefined;
    result.rows.push(r);
    const sum = (f: (t: ClientTally) => number) => tallies.reduce((n, t) => n + f(t), 0);
    const problems: [string, number][] = [
      ['lost messages', r.lost],
      ['messages duplicated or out of order', sum((t) => t.duplicatesOrReordered)],
      ['messages for another room', sum((t) => t.misrouted)],
      ['sockets disconnected during the run', sum((t) => t.disconnects)],
    ];
    for (const [what, n] of problems) {
      if (n > 0) {
        result.notes.push(`${label}: ${n} ${what}`);
      }
    }
    const lag = m.activeMs / 1000 - o.seconds;
    if (lag > 0.5) {
      result.notes.push(`${label}: the producer fell ${lag.toFixed(1)} s behind its schedule`);
    }
    const loop = loops[j]!;
    const serverCores =
      (cpuAfter[j]!.user + cpuAfter[j]!.system - cpuBefore[j]!.user - cpuBefore[j]!.system) / 1000 / wallMs;
    result.info.push(
      `${label}: ${c.open.toLocaleString('en')} sockets connected in ${c.connectSeconds.toFixed(1)} s ` +
        `(${Math.round(c.open / c.connectSeconds)}/s); server process ${(serverCores * 100).toFixed(0)}% of a core ` +
        `${interleaved ? `over the ${(wallMs / 1000).toFixed(1)} s of all turns (its own: ${(m.activeMs / 1000).toFixed(1)} s)` : 'during the run'}` +
        (waitingShare !== undefined
          ? ` (the machine's CPU pressure meanwhile: some task waiting for a CPU ${(waitingShare * 100).toFixed(0)}% of the time, load ${loadavg()[0]!.toFixed(1)}); `
          : '; ') +
        `its event loop delay p50 ${loop.p50Ms.toFixed(1)} ms, p99 ${loop.p99Ms.toFixed(1)} ms, max ${loop.maxMs.toFixed(1)} ms; ` +
        `GC ${loop.gc.count} pauses, ${loop.gc.totalMs.toFixed(0)} ms in all, max ${loop.gc.maxMs.toFixed(1)} ms ` +
        `(mark-compact ${loop.gc.major}, ${loop.gc.majorMs.toFixed(0)} ms); ` +
        `stalls > 100 ms: ${loop.stalls.map((x) => `${x.ms} ms at ${(x.atMs / 1000).toFixed(1)} s`).join(', ') || 'none'}; ` +
        `its client processes' GC: ${tallies
          .map(
            (t) =>
              `${t.gc.count} pauses, max ${t.gc.maxMs.toFixed(1)} ms, mark-compact ${t.gc.major} (${t.gc.majorMs.toFixed(0)} ms)`,
          )
          .join('; ')}`,
    );
    if (interleaved) {
      const p99s = sliceP99s(tallies, m);
      const median = (xs: number[]) => percentile(Float64Array.from(xs).sort(), 50).toFixed(1);
      result.info.push(
        `${label}: p99 ms${m.sent.produced ? ' from commit' : ''} per turn, in order: ${p99s.all.map((x) => x.toFixed(1)).join(', ')} ` +
          `(median ${median(p99s.all)}); of each event's first receipt: ${p99s.first.map((x) => x.toFixed(1)).join(', ')} ` +
          `(median ${median(p99s.first)})`,
      );
    }
    if (m.load) {
      const commit = Float64Array.from(m.load.commitMs).sort();
      result.info.push(
        `${label}: the same database load as Kasir's alongside (since 2026-12-05; before, bare Socket.IO ran ` +
          `on an otherwise idle machine while Kasir's round shared it with PostgreSQL and the producer): ` +
          `${m.load.transactions} transactions (${(m.load.transactions / o.seconds).toFixed(0)}/s) of ` +
          `${(m.load.events / Math.max(1, m.load.transactions)).toFixed(1)} events committed by the same producer, ` +
          `delivered by nobody${interleaved ? ' (tenants of their own, which no server has sockets for)' : ''}; ` +
          `BEGIN → COMMIT p50 ${percentile(commit, 50).toFixed(1)} ms, p99 ${percentile(commit, 99).toFixed(1)} ms`,
      );
    }
    if (m.sent.produced) {
      // Where Kasir's time goes: commit → the gateway's emit (the NOTIFY to the LISTEN connection,
      // the dispatcher), per turn and in all.
      const committed = m.sent.produced.committedAfterMs;
      const e = await c.server.call('emits', { run: m.run }, CALL_MS);
      const hop = m.slices.map(() => [] as number[]);
      const all: number[] = [];
      e.n.forEach((n, i) => {
        const ms = e.ms[i]! - (committed[n] ?? 0);
        all.push(ms);
        const turn = m.slices.findIndex((x) => n >= x.from && n < x.to);
        if (turn >= 0) {
          hop[turn]!.push(ms);
        }
      });
      const p = (xs: number[], q: number) => percentile(Float64Array.from(xs).sort(), q);
      result.info.push(
        `${label}: from the COMMIT returning to the gateway's emit (NOTIFY, LISTEN connection, dispatcher) ` +
          `p50 ${p(all, 50).toFixed(1)} ms, p99 ${p(all, 99).toFixed(1)} ms, max ${p(all, 100).toFixed(1)} ms` +
          (interleaved ? `; p99 per turn: ${hop.map((x) => p(x, 99).toFixed(1)).join(', ')}` : ''),
      );
      const { transactions, commitMs, events } = m.sent.produced;
      const commit = Float64Array.from(commitMs).sort();
      result.info.push(
        `${label}: ${transactions} transactions (${(transactions / o.seconds).toFixed(0)}/s) of ` +
          `${(events / Math.max(1, transactions)).toFixed(1)} events; BEGIN → COMMIT p50 ` +
          `${percentile(commit, 50).toFixed(1)} ms, p99 ${percentile(commit, 99).toFixed(1)} ms (inside the latency); ` +
          `latency from the COMMIT being sent (its flush included) p50 ${percentile(fromCommitSent!, 50).toFixed(1)} ms, ` +
          `p99 ${percentile(fromCommitSent!, 99).toFixed(1)} ms`,
      );
    }
  }
}
