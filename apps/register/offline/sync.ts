// The register's sync engine: uploads the queue of offline sales (oldest first, batches of at
// most 200, each sale keyed by its client id so a batch repeated after a lost answer changes
// nothing), stores the server's answer per sale, and keeps a reserve of receipt numbers for the
// next offline period. One upload at a time per device, across tabs too (Web Locks).
import { ApiError, idem, network, newIdempotencyKey, staff } from '../../shared/api.ts';
import {
  addBlock,
  dropBlocks,
  heldBlocks,
  markResults,
  numbersLeft,
  pendingSales,
  TOP_UP_BELOW,
} from './queue.ts';

export const BATCH_SIZE = 200;
const BLOCK_SIZE = 50;

export interface SyncOutcome {
  sent: number;
  accepted: number;
  duplicates: number;
  conflicts: number;
}

/** Runs `fn` holding the device's sync lock (other tabs of this device wait). */
async function exclusive<T>(deviceId: string, fn: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) {
    return fn();
  }
  return locks.request(`kasir-sync-${deviceId}`, fn) as Promise<T>;
}

let running: Promise<SyncOutcome> | null = null;

/** Uploads every unsynced sale of this device, batch after batch, in sequence order. */
export function syncSales(deviceId: string): Promise<SyncOutcome> {
  running ??= exclusive(deviceId, async () => {
    const outcome: SyncOutcome = { sent: 0, accepted: 0, duplicates: 0, conflicts: 0 };
    for (;;) {
      const batch = await pendingSales(deviceId, BATCH_SIZE);
      if (batch.length === 0) {
        return outcome;
      }
      const { results } = await staff((api) =>
        api.POST('/v1/sync/sales', { body: { sales: batch.map((q) => q.sale) } }),
      );
      await markResults(results);
      outcome.sent += batch.length;
      for (const r of results) {
        if (r.status === 'accepted') {
          outcome.accepted += 1;
        } else if (r.status === 'duplicate') {
          outcome.duplicates += 1;
        }
        if (r.outcome === 'refused') {
          outcome.conflicts += 1;
        }
      }
      if (results.length < batch.length) {
        throw new Error('The server answered for fewer sales than were sent.');
      }
    }
  }).finally(() => {
    running = null;
  });
  return running;
}

// Kept until the reservation is answered: a retry after a lost answer gets the same block back.
let reserveKey: string | null = null;
let toppingUp: Promise<number> | null = null;

/**
 * Reserves another block of receipt numbers when fewer than TOP_UP_BELOW are left. One top-up at a
 * time, across tabs too, and the count is read inside: two callers at once (the register opening
 * fires two syncs) must not both see "none left" and reserve a block each.
 */
export function topUpNumbers(deviceId: string): Promise<number> {
  toppingUp ??= exclusive(deviceId, async () => {
    const left = await numbersLeft(deviceId);
    if (left >= TOP_UP_BELOW) {
      return left;
    }
    reserveKey ??= newIdempotencyKey();
    const key = reserveKey;
    const block = await staff((api) =>
      api.POST('/v1/sync/receipt-blocks', { body: { size: BLOCK_SIZE }, headers: idem(key) }),
    );
    await addBlock(deviceId, block);
    reserveKey = null;
    return left + block.lastNumber - block.firstNumber + 1;
  }).finally(() => {
    toppingUp = null;
  });
  return toppingUp;
}

/**
 * Releases every block this device holds (its unused numbers become void on the server) and
 * forgets them: for unpairing, and only with nothing left to sync.
 */
export async function releaseNumbers(deviceId: string): Promise<void> {
  for (const b of await heldBlocks(deviceId)) {
    await staff((api) =>
      api.POST('/v1/sync/receipt-blocks/{id}/release', { params: { path: { id: b.id } } }),
    );
  }
  await dropBlocks(deviceId);
}

/** Whether the server can be reached (for the status when the socket drops but the browser says online). */
export async function probe(): Promise<boolean> {
  try {
    const res = await fetch('/healthz', { cache: 'no-store' });
    network.report(!res.ok && res.status >= 502);
    return res.ok;
  } catch {
    network.report(true);
    return false;
  }
}

/** A sync failure worth showing: a refusal of the whole upload; a lost connection is not (it retries). */
export function syncError(err: unknown): string | null {
  if (err instanceof ApiError) {
    return err.status === 0 || err.status >= 500 ? null : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
