import { NoResultError, sql, TableNode, UpdateQueryNode, type QueryCreator } from 'kysely';
import type { DB, Executor, Tx } from '../../platform/db/db.ts';
import { precompiledRows } from '../../platform/db/precompiled.ts';
import { saleCostFlags, withSaleCosts, type QuickCosting, type SaleCostAt } from '../inventory/index.ts';
import type { LedgerRows } from '../ledger/index.ts';
import { takeReceipt, type ReceiptAt } from './order-numbers.repo.ts';
import type { OrderRow } from './order-record.ts';

/* An order's money and completion writes: the statements that change paid, balance and status. */

/** A completion's receipt number: given (an offline sale's), taken where `ReceiptAt` says, or none. */
export type ReceiptNumber = number | ReceiptAt | null;

/**
 * Writes money that moved on a locked order (amounts added in SQL, the derived balance and status
 * as computed by the caller) and, with `completedAt`, its completion; version + 1 per step. With
 * `costs`, the sale's quick costing runs in the same statement (`costing` says what it found).
 */
export async function updateOrderMoney(
  tx: Tx,
  tenantId: string,
  id: string,
  m: {
    delta: { paid?: number; refunded?: number; returned?: number; tip?: number };
    balance: number;
    paymentStatus: string;
    completedAt: Date | null;
    /** The completion's receipt number, or where it is taken (in this statement), or none. */
    receiptNumber?: ReceiptNumber;
    /** Ledger entries posted with the change (`ledgerRows`), in the same statement. */
    ledger?: LedgerRows;
    /** The completed sale's quick costing (inventory's `withSaleCosts`), in the same statement. */
    costs?: SaleCostAt;
    now: Date;
  },
): Promise<{ row: OrderRow; costing: QuickCosting | null }> {
  const r = m.receiptNumber;
  const takes = r !== undefined && r !== null && typeof r === 'object' && m.completedAt !== null;
  const row: MoneyRow = {
    tenant_id: tenantId,
    id,
    paid: String(m.delta.paid ?? 0),
    refunded: String(m.delta.refunded ?? 0),
    returned: String(m.delta.returned ?? 0),
    tip: String(m.delta.tip ?? 0),
    balance: m.balance,
    payment_status: m.paymentStatus,
    version_step: m.completedAt ? 2 : 1,
    updated_at: m.now,
    // Completing: these keys are the statement's shape (precompiledRows).
    ...(m.completedAt ? { completed_at: m.completedAt } : {}),
    ...(m.completedAt && !takes ? { receipt_number: typeof r === 'number' ? r : null } : {}),
  };
  const ledger = m.ledger?.entries.length ? m.ledger : { entries: [], lines: [] };
  const costs = m.costs && m.completedAt ? [m.costs] : [];
  const [updated] = await moneyUpdate(tx, [row], takes ? [r] : [], ledger.entries, ledger.lines, costs);
  if (!updated) {
    throw new NoResultError(UpdateQueryNode.create([TableNode.create('orders')]));
  }
  const { sale_costed, sale_recipes, ...stored } = updated;
  return {
    row: stored,
    costing: costs.length > 0 ? { costed: sale_costed === true, recipes: sale_recipes === true } : null,
  };
}

interface MoneyRow {
  tenant_id: string;
  id: string;
  paid: string;
  refunded: string;
  returned: string;
  tip: string;
  balance: number;
  payment_status: string;
  version_step: number;
  updated_at: Date;
  completed_at?: Date;
  receipt_number?: number | null;
}

/**
 * Every money change and paid completion: built and compiled once per shape (platform/db/
 * precompiled) — completing or not, the receipt number given or taken here, ledger entries or not,
 * the sale costed or not. The ledger entries it posts and the sale's costs are data-modifying CTEs
 * (foreign keys are checked at the end of the statement): no round trip of their own.
 */
const moneyUpdate = precompiledRows(
  (
    db: Executor,
    rows: readonly MoneyRow[],
    receipts: readonly ReceiptAt[],
    entries: LedgerRows['entries'],
    lines: LedgerRows['lines'],
    costs: readonly SaleCostAt[],
  ) => {
    const m = rows[0]!;
    const at = receipts[0];
    const cost = costs[0];
    // (Typed as the plain creator: the update reads the CTEs only through raw SQL.)
    let base: QueryCreator<DB> = db;
    if (entries.length > 0) {
      base = base
        .with('entry', (q) => q.insertInto('ledger_entries').values(entries))
        .with('entry_line', (q) => q.insertInto('ledger_lines').values(lines)) as unknown as QueryCreator<DB>;
    }
    if (at) {
      base = base.with('receipt', () => takeReceipt(at)) as unknown as QueryCreator<DB>;
    }
    if (cost) {
      base = withSaleCosts(base, cost, 'table');
    }
    return base
      .updateTable('orders')
      .set((eb) => ({
        paid_amount: eb('paid_amount', '+', m.paid),
        refunded_amount: eb('refunded_amount', '+', m.refunded),
        returned_amount: eb('returned_amount', '+', m.returned),
        tip_amount: eb('tip_amount', '+', m.tip),
        balance_amount: m.balance,
        payment_status: m.payment_status,
        version: eb('version', '+', m.version_step),
        updated_at: m.updated_at,
        ...(m.completed_at !== undefined
          ? {
              status: 'completed',
              completed_at: m.completed_at,
              receipt_number: at
                ? sql<number>`(select last_number from receipt)`
                : sql.val(m.receipt_number ?? null),
            }
          : {}),
      }))
      .where('tenant_id', '=', m.tenant_id)
      .where('id', '=', m.id)
      .returningAll()
      .returning(
        cost ? saleCostFlags : [sql<boolean>`null`.as('sale_costed'), sql<boolean>`null`.as('sale_recipes')],
      );
  },
);

/** Completes an order still in `fromStatus` (version + 1); undefined when it changed meanwhile. */
export async function completeOrderRow(
  tx: Tx,
  tenantId: string,
  id: string,
  fromStatus: string,
  at: Date,
  receiptNumber: ReceiptNumber,
): Promise<OrderRow | undefined> {
  const takes = receiptNumber !== null && typeof receiptNumber === 'object';
  const base: QueryCreator<DB> = takes
    ? (tx.with('receipt', () => takeReceipt(receiptNumber)) as unknown as QueryCreator<DB>)
    : tx;
  return base
    .updateTable('orders')
    .set((eb) => ({
      status: 'completed',
      completed_at: at,
      receipt_number: takes ? sql<number>`(select last_number from receipt)` : sql.val(receiptNumber),
      version: eb('version', '+', 1),
      updated_at: at,
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', fromStatus)
    .returningAll()
    .executeTakeFirst();
}
