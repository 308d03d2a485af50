// The register's durable store (IndexedDB through Dexie): the queue of sales made offline, the
// receipt-number blocks this device holds, and the last register data (tenant, outlet, menu, who)
// so the sale screen opens without the network. One database per browser profile; every row names
// its device, so a re-paired device never uploads another device's sales.
import { Dexie, type EntityTable } from 'dexie';
import type { BodyOf, Ok } from '../../shared/api-types.ts';

export type OfflineSale = BodyOf<'/v1/sync/sales', 'post'>['sales'][number];
export type SaleResult = Ok<'/v1/sync/sales', 'post'>['results'][number];

/** What the receipt of an offline sale shows (the server's order does not exist yet). */
export interface LocalReceipt {
  lines: { id: string; name: string; quantity: number; gross: number; modifiers: string[] }[];
  subtotal: number;
  discountTotal: number;
  serviceChargeTotal: number;
  taxes: { id: string; name: string; amount: number }[];
  total: number;
  /** Cash rounding (Pembulatan), a cash tender only. */
  rounding: number;
  method: 'cash' | 'card';
  /** What the customer handed over (cash) and the change given. */
  tendered: number | null;
  change: number;
  cardLabel: string | null;
  tip: number;
  /** Each tender (a split tender has several; sales recorded before splits have none here). */
  tenders?: {
    id: string;
    method: 'cash' | 'card';
    /** What it pays of the bill (cash: the rounded rest), tips apart. */
    amount: number;
    tendered: number | null;
    tip: number;
    cardLabel: string | null;
  }[];
}

export interface QueuedSale {
  clientId: string;
  deviceId: string;
  sequence: number;
  /** `pending` until the server answered for it; then `synced` (accepted or duplicate) or `conflict` (refused). */
  state: 'pending' | 'synced' | 'conflict';
  sale: OfflineSale;
  receipt: LocalReceipt;
  /** epoch ms (the device clock) */
  createdAt: number;
  syncedAt: number | null;
  result: SaleResult | null;
  cashier: string;
}

export interface HeldBlock {
  id: string;
  deviceId: string;
  firstNumber: number;
  lastNumber: number;
  /** The next number an offline sale takes (lastNumber + 1 once used up). */
  next: number;
  createdAt: number;
}

export interface CachedValue {
  key: string;
  value: unknown;
  /** epoch ms when it was last read from the server */
  savedAt: number;
}

export interface Counter {
  key: string;
  value: number;
}

export const db = new Dexie('kasir-register') as Dexie & {
  sales: EntityTable<QueuedSale, 'clientId'>;
  blocks: EntityTable<HeldBlock, 'id'>;
  cache: EntityTable<CachedValue, 'key'>;
  counters: EntityTable<Counter, 'key'>;
};

db.version(1).stores({
  sales: 'clientId, [deviceId+state+sequence], [deviceId+createdAt]',
  blocks: 'id, deviceId',
  cache: 'key',
  counters: 'key',
});
