import type { Clock } from '../clock/clock.ts';
import type { Db } from '../db/db.ts';

/** Idempotency keys are kept 48 hours (Stripe keeps 24): a client may retry for at least a day. */
export const IDEMPOTENCY_RETENTION_MS = 48 * 3600_000;

/** Deletes idempotency keys past retention, in batches (no long locks). Returns how many. */
export async function pruneIdempotencyKeys(db: Db, now: Date, batch = 5000): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS);
  let total = 0;
  for (;;) {
    const result = await db
      .deleteFrom('idempotency_keys')
      .where((eb) =>
        eb(
          eb.refTuple('tenant_id', 'scope', 'key'),
          'in',
          eb
            .selectFrom('idempotency_keys')
            .select(['tenant_id', 'scope', 'key'])
            .where('created_at', '<', cutoff)
            .limit(batch)
            .$asTuple('tenant_id', 'scope', 'key'),
        ),
      )
      .executeTakeFirst();
    const n = Number(result.numDeletedRows);
    total += n;
    if (n < batch) {
      return total;
    }
  }
}

/** Runs housekeeping every `everyMs` until stopped; errors are logged, never thrown. */
export function startMaintenance(
  deps: { db: Db; clock: Clock; log: (err: unknown) => void },
  everyMs = 3600_000,
): () => void {
  const run = () => pruneIdempotencyKeys(deps.db, deps.clock.now()).catch(deps.log);
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  void run();
  return () => clearInterval(timer);
}
