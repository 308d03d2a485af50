// What the realtime bench's measured runs add up to: the producer's figures summed over a
// contender's slices, per-slice p99s, latency from commit, and the printed row.
import type { Produced } from './realtime-produce.ts';
import { SERVER_LABEL, type Mode, type Scenario, type Sent } from './realtime-setup.ts';
import { percentile, type ClientTally } from './realtime-types.ts';
import type { RealtimeRow } from './table.ts';

/** A contender's measured run, gathered over its slices. */
export interface Measured {
  run: string;
  sent: Sent;
  /** Bare Socket.IO: the producer's load alongside. */
  load?: Produced;
  /** Its slices: the numbers of their events [from, to) and when they ran. */
  slices: { from: number; to: number; startedAt: number; endedAt: number }[];
  /** Milliseconds the contender was emitting (its slices' lengths). */
  activeMs: number;
}

export function addEmitted(into: Record<string, number>, more: Record<string, number>): void {
  for (const [room, n] of Object.entries(more)) {
    into[room] = (into[room] ?? 0) + n;
  }
}

export function addProduced(into: Produced, p: Produced): void {
  addEmitted(into.emitted, p.emitted);
  into.events += p.events;
  into.transactions += p.transactions;
  into.failures.push(...p.failures);
  into.commitMs.push(...p.commitMs);
  p.commitSentAfterMs.forEach((v, k) => (into.commitSentAfterMs[k] = v));
  p.committedAfterMs.forEach((v, k) => (into.committedAfterMs[k] = v));
  into.startedAt = into.startedAt || p.startedAt;
  into.endedAt = p.endedAt;
}

/**
 * Per slice, in order: the p99 latency (from commit, for Kasir) of every receipt, and of each
 * event's first receipt (by any socket): a delay before the server's emit (the commit's
 * notification, the server's loop) shows in both, one on the receiving side (a client process's
 * pause) in the first only.
 */
export function sliceP99s(tallies: ClientTally[], m: Measured): { all: number[]; first: number[] } {
  const offsets = m.sent.produced?.committedAfterMs;
  const buckets = m.slices.map(() => [] as number[]);
  const firstOf = new Map<number, number>();
  for (const t of tallies) {
    for (let j = 0; j < t.latencies.length; j++) {
      const n = t.ns[j]!;
      const i = m.slices.findIndex((x) => n >= x.from && n < x.to);
      if (i >= 0) {
        const ms = t.latencies[j]! - (offsets?.[n] ?? 0);
        buckets[i]!.push(ms);
        firstOf.set(n, Math.min(firstOf.get(n) ?? Infinity, ms));
      }
    }
  }
  const firsts = m.slices.map(() => [] as number[]);
  for (const [n, ms] of firstOf) {
    firsts[m.slices.findIndex((x) => n >= x.from && n < x.to)]!.push(ms);
  }
  const p99 = (b: number[]) => percentile(Float64Array.from(b).sort(), 99);
  return { all: buckets.map(p99), first: firsts.map(p99) };
}

/** Every sample's latency counted from `offsetMs[n]` after its send time instead, ascending. */
export function fromCommit(tallies: ClientTally[], offsetMs: readonly number[]): Float64Array {
  const out = new Float64Array(tallies.reduce((n, t) => n + t.latencies.length, 0));
  let i = 0;
  for (const t of tallies) {
    for (let j = 0; j < t.latencies.length; j++) {
      out[i++] = t.latencies[j]! - (offsetMs[t.ns[j]!] ?? 0);
    }
  }
  return out.sort();
}

export function row(
  s: Scenario,
  mode: Mode,
  rooms: number,
  open: number,
  seconds: number,
  m: Measured,
  tallies: ClientTally[],
  before: { rss: number; heapUsed: number },
  after: { rss: number; heapUsed: number },
): RealtimeRow {
  const { sent } = m;
  const latencies = new Float64Array(tallies.reduce((n, t) => n + t.latencies.length, 0));
  let offset = 0;
  for (const t of tallies) {
    latencies.set(t.latencies, offset);
    offset += t.latencies.length;
  }
  latencies.sort();
  const received = latencies.length;
  // Per room: what its connected sockets should have had, less what they got.
  const got: Record<string, { sockets: number; received: number }> = {};
  for (const t of tallies) {
    for (const [room, x] of Object.entries(t.rooms)) {
      const g = (got[room] ??= { sockets: 0, received: 0 });
      g.sockets += x.sockets;
      g.received += x.received;
    }
  }
  let lost = 0;
  for (const [room, g] of Object.entries(got)) {
    lost += Math.max(0, (sent.emitted[room] ?? 0) * g.sockets - g.received);
  }
  // Messages/s over the contender's own slices, its last one running until the last receipt.
  const last = m.slices.at(-1);
  const lastAt = Math.max(...tallies.map((t) => t.lastAt));
  const spanMs = m.activeMs + (last ? Math.max(0, lastAt - last.endedAt) : 0);
  const afterCommit = sent.produced ? fromCommit(tallies, sent.produced.committedAfterMs) : latencies;
  const perConnKiB = (bytes: number) => (open > 0 ? bytes / open / 1024 : Number.NaN);
  return {
    scenario: s.name,
    server: SERVER_LABEL[mode],
    sockets: open,
    rooms,
    targetEventsPerSecond: s.rate,
    eventsPerSecond: sent.events / Math.max(seconds, m.activeMs / 1000),
    messagesPerSecond: received / Math.max(seconds, spanMs / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    p50FromCommitMs: percentile(afterCommit, 50),
    p99FromCommitMs: percentile(afterCommit, 99),
    lost,
    rssKiBPerConnection: perConnKiB(after.rss - before.rss),
    heapKiBPerConnection: perConnKiB(after.heapUsed - before.heapUsed),
  };
}
