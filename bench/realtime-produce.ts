// Produces Kasir events the way the server does: appendEvents in a committed transaction (the log
// row, the tenant's head row and NOTIFY on commit). The gateway tails the log and delivers them.
import type { Db } from '../src/platform/db/db.ts';
import { appendEvents, type EventInput } from '../src/platform/events/events.ts';
import { fanoutPayload, now, runSchedule } from './realtime-types.ts';

export interface Room {
  tenantId: string;
  outletId: string;
}

export interface Produced {
  /** Committed events per outlet. */
  emitted: Record<string, number>;
  events: number;
  transactions: number;
  failures: string[];
  /** Milliseconds from BEGIN to COMMIT returning, per transaction. */
  commitMs: number[];
  /**
   * Per event k (the payload's `n`): milliseconds from its `sentAt` (just before BEGIN) to the
   * COMMIT being sent, and to COMMIT returning — so a receipt's latency can also be counted from
   * the commit, the start point bare Socket.IO's emit corresponds to.
   */
  commitSentAfterMs: number[];
  committedAfterMs: number[];
  startedAt: number;
  endedAt: number;
}

/** Transactions in flight at most; beyond that the schedule waits (and falls behind). */
const MAX_IN_FLIGHT = 8;

/** Nothing produced yet: what a producer run (or a sum of runs) starts from. */
export function emptyProduced(): Produced {
  return {
    emitted: {},
    events: 0,
    transactions: 0,
    failures: [],
    commitMs: [],
    commitSentAfterMs: [],
    committedAfterMs: [],
    startedAt: 0,
    endedAt: 0,
  };
}

/**
 * Commits `rate` events per second for `seconds` seconds, event k to `rooms[k % rooms.length]`;
 * the events due together for one tenant go in one transaction (`batch` at most). Events are
 * numbered from `first`; `commitSentAfterMs` and `committedAfterMs` are indexed by that number.
 */
export async function produce(
  db: Db,
  plan: {
    run: string;
    rooms: readonly Room[];
    rate: number;
    seconds: number;
    batch?: number;
    /** The number of the first event (default 0): slices of one run go on numbering from the last. */
    first?: number;
  },
): Promise<Produced> {
  const out = emptyProduced();
  const inFlight = new Set<Promise<void>>();
  const commit = (tenantId: string, ks: number[]): Promise<void> => {
    const sentAt = now();
    const events: EventInput[] = ks.map((k) => ({
      type: 'bench.fanout',
      topic: 'orders',
      outletId: plan.rooms[k % plan.rooms.length]!.outletId,
      payload: fanoutPayload(plan.run, k, sentAt),
    }));
    let commitSentAt = 0;
    return db
      .transaction()
      .execute(async (tx) => {
        await appendEvents(tx, tenantId, events, new Date(sentAt), 'bench');
        commitSentAt = now(); // Kysely sends COMMIT as soon as this callback resolves
      })
      .then(
        () => {
          const committedAt = now();
          out.commitMs.push(committedAt - sentAt);
          for (const k of ks) {
            out.commitSentAfterMs[k] = commitSentAt - sentAt;
            out.committedAfterMs[k] = committedAt - sentAt;
          }
          out.transactions += 1;
          out.events += events.length;
          for (const e of events) {
            out.emitted[e.outletId!] = (out.emitted[e.outletId!] ?? 0) + 1;
          }
        },
        (err: unknown) => {
          out.failures.push(err instanceof Error ? err.message : String(err));
        },
      );
  };

  const first = plan.first ?? 0;
  const schedule = await runSchedule(plan.rate, plan.seconds, async (from, to) => {
    // Group by tenant, in order, in batches.
    const groups: { tenantId: string; ks: number[] }[] = [];
    for (let k = first + from; k < first + to; k++) {
      const { tenantId } = plan.rooms[k % plan.rooms.length]!;
      const last = groups.at(-1);
      if (last && last.tenantId === tenantId && last.ks.length < (plan.batch ?? 100)) {
        last.ks.push(k);
      } else {
        groups.push({ tenantId, ks: [k] });
      }
    }
    for (const g of groups) {
      while (inFlight.size >= MAX_IN_FLIGHT) {
        await Promise.race(inFlight);
      }
      const p: Promise<void> = commit(g.tenantId, g.ks).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  });
  await Promise.all(inFlight);
  out.startedAt = schedule.startedAt;
  out.endedAt = now();
  return out;
}
