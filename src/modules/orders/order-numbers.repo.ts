import { sql, type QueryCreator } from 'kysely';
import type { DB, Executor, Tx } from '../../platform/db/db.ts';
import { precompiledRows } from '../../platform/db/precompiled.ts';
import { nextReceiptNumber } from '../drawer/index.ts';
import { saleCostFlags, withSaleCosts, type QuickCosting, type SaleCostAt } from '../inventory/index.ts';
import type { LedgerRows } from '../ledger/index.ts';
import type { NewLineRow, NewOrderRow, OrderRow } from './order-record.ts';

/* New orders, numbered from their outlet's counter in the statement that inserts them. */

/** A new order to insert, numbered from its outlet's counter for its business day. */
export interface NewOrder {
  row: Omit<NewOrderRow, 'number'>;
  /**
   * Its lines, inserted by the same statement (their reference to the order is checked at commit,
   * migration 0033). A line whose id exists is skipped: compare `linesInserted`.
   */
  lines?: readonly NewLineRow[];
  /** Where its receipt number is taken (a sale's order, inserted completed). */
  receipt?: ReceiptAt;
  /** Its sale's quick costing (inventory's `withSaleCosts`: a sale's order, inserted completed). */
  costs?: SaleCostAt;
  /**
   * Ledger entries posted by the same statement (`ledgerRows`: a sale's order, inserted completed).
   * An entry whose memo names the order's number (`order 2026-12-05 #12`) carries the memo before
   * the number instead (`numberedMemo`): the number is the statement's own.
   */
  ledger?: { entries: readonly (LedgerEntryRow | NumberedMemoEntry)[]; lines: LedgerRows['lines'] };
}

type LedgerEntryRow = LedgerRows['entries'][number];

/** A ledger entry whose memo ends with the number its order's insert takes. */
export type NumberedMemoEntry = Omit<LedgerEntryRow, 'memo'> & { memo_before_number: string };

/** `e` with its memo ending in the number of the order inserted with it (`memo`: the part before). */
export function numberedMemo(e: LedgerEntryRow, memo: string): NumberedMemoEntry {
  const { memo: _memo, ...rest } = e;
  return { ...rest, memo_before_number: memo };
}

/**
 * Inserts a new order in one statement: its outlet's counter taken (the counter row stays locked
 * until commit), with its lines, its receipt number and its sale's quick costing when given.
 * Undefined when an order with this id exists.
 */
export async function insertNumberedOrder(
  tx: Tx,
  o: NewOrder,
): Promise<{ row: OrderRow; linesInserted: number; costing: QuickCosting | null } | undefined> {
  const [inserted] = await numberedOrderInsert(
    tx,
    [o.row],
    o.lines ?? [],
    o.receipt ? [o.receipt] : [],
    o.costs ? [o.costs] : [],
    o.ledger?.entries ?? [],
    o.ledger?.lines ?? [],
  );
  if (!inserted) {
    return undefined;
  }
  const { lines_inserted, sale_costed, sale_recipes, ...row } = inserted;
  return {
    row,
    linesInserted: Number(lines_inserted ?? 0),
    costing: o.costs ? { costed: sale_costed === true, recipes: sale_recipes === true } : null,
  };
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

/**
 * Every new order: built and compiled once per shape (platform/db/precompiled) — with lines or
 * not, its receipt number taken or not, its sale costed or not, ledger entries or not.
 */
const numberedOrderInsert = precompiledRows(
  (
    db: Executor,
    rows: readonly Omit<NewOrderRow, 'number'>[],
    lines: readonly NewLineRow[],
    receipts: readonly ReceiptAt[],
    costs: readonly SaleCostAt[],
    entries: readonly (LedgerEntryRow | NumberedMemoEntry)[],
    entryLines: LedgerRows['lines'],
  ) => {
    const [row, at, cost] = [rows[0]!, receipts[0], costs[0]];
    // (Typed as the plain creator: the insert reads the CTEs only through raw SQL.)
    let q = db.with('counter', () => counterUpsert(row)) as unknown as QueryCreator<DB>;
    if (entries.length > 0) {
      // (A memo before the number is a key of the shape: the memo is built from it in SQL.)
      const values = entries.map((e) => {
        if (!('memo_before_number' in e)) {
          return e;
        }
        const { memo_before_number, ...rest } = e;
        return {
          ...rest,
          memo: sql<string>`${memo_before_number}::text || (select last_number from counter)`,
        };
      });
      q = q
        .with('entry', (c) => c.insertInto('ledger_entries').values(values))
        .with('entry_line', (c) =>
          c.insertInto('ledger_lines').values([...entryLines]),
        ) as unknown as QueryCreator<DB>;
    }
    if (lines.length > 0) {
      q = q.with('new_lines', (c) =>
        c
          .insertInto('order_lines')
          .values([...lines])
          .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
          .returning(['id', 'item_id', 'variant_id', 'quantity', 'modifiers', 'status']),
      ) as unknown as QueryCreator<DB>;
    }
    if (at) {
      q = q.with('receipt', () => takeReceipt(at)) as unknown as QueryCreator<DB>;
    }
    if (cost) {
      q = withSaleCosts(q, cost, lines.length > 0 ? 'new_lines' : 'table');
    }
    const insert = q
      .insertInto('orders')
      .values({
        ...row,
        number: sql<number>`(select last_number from counter)`,
        ...(at ? { receipt_number: sql<string>`(select last_number from receipt)` } : {}),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
      .returningAll()
      .returning([
        (lines.length > 0 ? sql<string>`(select count(*) from new_lines)` : sql<string>`0`).as(
          'lines_inserted',
        ),
        cost ? saleCostFlags[0] : sql<boolean>`null`.as('sale_costed'),
        cost ? saleCostFlags[1] : sql<boolean>`null`.as('sale_recipes'),
      ]);
    return insert;
  },
);
