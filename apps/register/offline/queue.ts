// The queue of offline sales and the receipt numbers they take. Recording a sale is ONE IndexedDB
// transaction: it takes the next number of a block this device holds, the next device sequence,
// and stores the complete sale — a crash leaves either the whole sale or nothing (the cart itself
// stays in localStorage until then, under the same client id).
import { Dexie } from 'dexie';
import { db, type HeldBlock, type LocalReceipt, type OfflineSale, type QueuedSale } from './db.ts';

/** Fewer numbers than this left: reserve another block while online. */
export const TOP_UP_BELOW = 20;
/** Fewer than this left: the register warns the cashier. */
export const WARN_BELOW = 10;

/** A sale the register cannot record offline (no receipt number left). */
export class OfflineRefusal extends Error {
  constructor(
    readonly code: 'offline.no_receipt_numbers' | 'offline.refund_refused' | 'offline.too_many_refunds',
    message: string,
  ) {
    super(message);
    this.name = 'OfflineRefusal';
  }
}

const seqKey = (deviceId: string) => `sequence:${deviceId}`;
const left = (b: HeldBlock) => Math.max(0, b.lastNumber - b.next + 1);

/** Stores the sale with the next receipt number and sequence of this device; returns it as queued. */
export async function enqueueSale(
  deviceId: string,
  sale: Omit<OfflineSale, 'sequence' | 'blockId' | 'receiptNumber'>,
  receipt: LocalReceipt,
  cashier: string,
): Promise<QueuedSale> {
  return db.transaction('rw', db.sales, db.blocks, db.counters, async () => {
    const existing = await db.sales.get(sale.clientId);
    if (existing) {
      return existing; // a double tap or a retry after a crash: the sale is already recorded
    }
    const blocks = (await db.blocks.where('deviceId').equals(deviceId).toArray())
      .filter((b) => left(b) > 0)
      .sort((a, b) => a.firstNumber - b.firstNumber);
    const block = blocks[0];
    if (!block) {
      throw new OfflineRefusal(
        'offline.no_receipt_numbers',
        'No receipt numbers left on this register: reconnect to sync and reserve more before selling again.',
      );
    }
    const sequence = ((await db.counters.get(seqKey(deviceId)))?.value ?? 0) + 1;
    await db.counters.put({ key: seqKey(deviceId), value: sequence });
    await db.blocks.update(block.id, { next: block.next + 1 });
    const queued: QueuedSale = {
      clientId: sale.clientId,
      deviceId,
      sequence,
      state: 'pending',
      sale: { ...sale, sequence, blockId: block.id, receiptNumber: block.next },
      receipt,
      createdAt: Date.now(),
      syncedAt: null,
      result: null,
      cashier,
    };
    await db.sales.add(queued);
    return queued;
  });
}

const byState = (deviceId: string, state: QueuedSale['state']) =>
  db.sales
    .where('[deviceId+state+sequence]')
    .between([deviceId, state, Dexie.minKey], [deviceId, state, Dexie.maxKey]);

/** The oldest unsynced sales of this device, in sequence order. */
export const pendingSales = (deviceId: string, limit: number) =>
  byState(deviceId, 'pending').limit(limit).toArray();
export const pendingCount = (deviceId: string) => byState(deviceId, 'pending').count();

/** Synced sales that stood with differences, and refused ones: what a manager should look at. */
export const flaggedCount = (deviceId: string) =>
  db.sales
    .where('[deviceId+createdAt]')
    .between([deviceId, Dexie.minKey], [deviceId, Dexie.maxKey])
    .filter(
      (s) =>
        s.state === 'conflict' ||
        (s.result?.reasons.length ?? 0) > 0 ||
        (s.result?.refunds ?? []).some((r) => r.status === 'conflict'),
    )
    .count();

/** The latest sales of this device (synced or not), newest first. */
export const recentSales = (deviceId: string, limit = 50) =>
  db.sales
    .where('[deviceId+createdAt]')
    .between([deviceId, Dexie.minKey], [deviceId, Dexie.maxKey])
    .reverse()
    .limit(limit)
    .toArray();

/** Receipt numbers this device still holds for offline sales. */
export async function numbersLeft(deviceId: string): Promise<number> {
  const blocks = await db.blocks.where('deviceId').equals(deviceId).toArray();
  return blocks.reduce((s, b) => s + left(b), 0);
}

export const heldBlocks = (deviceId: string) => db.blocks.where('deviceId').equals(deviceId).toArray();

export async function addBlock(deviceId: string, b: { id: string; firstNumber: number; lastNumber: number }) {
  await db.blocks.put({ ...b, deviceId, next: b.firstNumber, createdAt: Date.now() });
}

/** Forgets this device's blocks (released on the server) once nothing is left to sync. */
export async function dropBlocks(deviceId: string): Promise<void> {
  await db.blocks.where('deviceId').equals(deviceId).delete();
}

/** Stores the server's answer for each uploaded sale. */
export async function markResults(results: NonNullable<QueuedSale['result']>[]): Promise<void> {
  const now = Date.now();
  await db.transaction('rw', db.sales, async () => {
    for (const r of results) {
      await db.sales.update(r.clientId, {
        state: r.outcome === 'accepted' ? 'synced' : 'conflict',
        result: r,
        syncedAt: now,
      });
    }
  });
}

/** Drops synced sales older than a week (conflicts and unsynced sales are kept). */
export async function pruneSynced(deviceId: string, olderThanMs = 7 * 86_400_000): Promise<void> {
  const before = Date.now() - olderThanMs;
  await byState(deviceId, 'synced')
    .filter((s) => (s.syncedAt ?? 0) < before)
    .delete();
}

type OfflineRefundInput = NonNullable<QueuedSale['sale']['refunds']>[number];

/**
 * Adds a refund to an offline sale (queued or already synced) in one Dexie transaction and puts
 * the sale back in the queue: the next upload sends the sale again with its refund; the server
 * answers `duplicate` for the sale and records the refund once, by the refund's own id.
 */
export async function addRefund(clientId: string, refund: OfflineRefundInput): Promise<QueuedSale> {
  return db.transaction('rw', db.sales, async () => {
    const queued = await db.sales.get(clientId);
    if (!queued || queued.state === 'conflict') {
      throw new OfflineRefusal(
        'offline.refund_refused',
        'The server refused this sale: there is nothing to refund.',
      );
    }
    const refunds = [...(queued.sale.refunds ?? []), refund];
    if (refunds.length > 20) {
      throw new OfflineRefusal('offline.too_many_refunds', 'An offline sale takes at most 20 refunds.');
    }
    const next: QueuedSale = { ...queued, state: 'pending', sale: { ...queued.sale, refunds } };
    await db.sales.put(next);
    return next;
  });
}
