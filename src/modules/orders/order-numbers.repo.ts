import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { precompiledRow, precompiledRows } from '../../platform/db/precompiled.ts';
import { nextReceiptNumber } from '../drawer/index.ts';
import type { NewOrderRow, OrderRow } from './order-record.ts';

/* New orders, numbered from their outlet's counter in the statement that inserts them. */

/**
 * Inserts a new order numbered from its outlet's counter for its business day, in one statement
 * (the counter row stays locked until commit). Undefined when an order with this id exists. With
 * `receipt`, where its receipt number is taken too (a sale's order, inserted completed).
 */
export async function insertNumberedOrder(
  tx: Tx,
  row: Omit<NewOrderRow, 'number'>,
  receipt?: ReceiptAt,
): Promise<OrderRow | undefined> {
  if (!receipt) {
    return (await numberedOrderInsert(tx, row))[0];
  }
  return (await receiptNumberedOrderInsert(tx, [row], [receipt]))[0];
}

/** Where a completed sale's receipt number is taken (drawer's `nextReceiptNumber`). */
export interface ReceiptAt {
  tenant_id: string;
  outlet_id: string;
  register_id: string | null;
}

/** The receipt counter's statement (drawer's), as a CTE of a completion that takes its number. */
export const takeReceipt = (at: ReceiptAt) =>
  sql<{ last_number: string }>`(${nextReceiptNumber(at.tenant_id, {
    outletId: at.outlet_id,
    registerId: at.register_id,
  })})`;

/** Takes the next number of the order's outlet and business day (the statement's first CTE). */
const counterUpsert = (row: Omit<NewOrderRow, 'number'>) =>
  sql<{ last_number: number }>`(insert into order_counters (tenant_id, outlet_id, business_date, last_number)
    values (${row.tenant_id}, ${row.outlet_id}, ${row.business_date}, 1)
    on conflict (tenant_id, outlet_id, business_date) do update set last_number = order_counters.last_number + 1
    returning last_number)`;

/** Every new order: built and compiled once per set of columns (platform/db/precompiled). */
const numberedOrderInsert = precompiledRow((db: Executor, row: Omit<NewOrderRow, 'number'>) =>
  db
    .with('counter', () => counterUpsert(row))
    .insertInto('orders')
    .values({ ...row, number: sql<number>`(select last_number from counter)` })
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .returningAll(),
);

/** A sale's order, inserted completed with its receipt number: compiled once per set of columns. */
const receiptNumberedOrderInsert = precompiledRows(
  (db: Executor, rows: readonly Omit<NewOrderRow, 'number'>[], receipts: readonly ReceiptAt[]) => {
    const [row, at] = [rows[0]!, receipts[0]!];
    return db
      .with('counter', () => counterUpsert(row))
      .with('receipt', () => takeReceipt(at))
      .insertInto('orders')
      .values({
        ...row,
        number: sql<number>`(select last_number from counter)`,
        receipt_number: sql<string>`(select last_number from receipt)`,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
      .returningAll();
  },
);
