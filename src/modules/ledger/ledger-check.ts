import { sql } from 'kysely';
import type { Executor } from '../../platform/db/db.ts';
import { orderAccountNets, unbalancedEntries } from './ledger.repo.ts';

const num = (v: string | number | null | undefined) => Number(v ?? 0);

export interface OrderMismatch {
  orderId: string;
  field:
    | 'paid_amount'
    | 'tip_amount'
    | 'customer_deposits'
    | 'net_sales'
    | 'returned_sales'
    | 'returned_service_charge'
    | 'returned_tax';
  expected: number;
  ledger: number;
}

export interface LedgerCheck {
  ok: boolean;
  entriesUnbalanced: Array<{ entryId: string; difference: number }>;
  ordersChecked: number;
  orderMismatches: OrderMismatch[];
  fees: { platform: { payments: number; ledger: number }; processing: { payments: number; ledger: number } };
  /** Stock at cost (Σ of the stock movements' values) and in transit, against their accounts. */
  inventory: { stock: number; ledger: number; inTransit: number; ledgerInTransit: number };
}

/** Accounts an order's stock moves through (its cost of goods, a voided dish's waste): not its money. */
const STOCK_ACCOUNTS = new Set([
  'inventory',
  'inventory_in_transit',
  'cost_of_goods_sold',
  'inventory_waste',
]);

/**
 * Proves the books: every entry balances, and each order's money fields tie out to its entries —
 * paid_amount = what the tender accounts hold for it less tips and rounding; tips = tips
 * payable; customer deposits = paid + returned − (the sale, once completed); net sales (revenue,
 * charges and tax less discounts and returns) = total − returned once completed — and the fees on the
 * payments equal the fee accounts; stock at cost (Σ of the movements' values, = Σ of the levels'
 * values) equals the inventory account and transfers in transit the in-transit account. Reads
 * the orders, payments and stock movements tables (documented exception).
 */
export async function checkLedger(db: Executor, tenantId: string): Promise<LedgerCheck> {
  const unbalanced = await unbalancedEntries(db, tenantId);
  const orders = await db
    .selectFrom('orders')
    .select(['id', 'status', 'total', 'paid_amount', 'returned_amount', 'tip_amount'])
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'completed'),
        eb('paid_amount', '<>', '0'),
        eb('refunded_amount', '<>', '0'),
        eb('tip_amount', '<>', '0'),
      ]),
    )
    .execute();
  const nets = await orderAccountNets(db, tenantId);
  const byOrder = new Map<string, Map<string, number>>();
  for (const n of nets) {
    const m = byOrder.get(n.order_id!) ?? new Map<string, number>();
    m.set(n.account, num(n.net));
    byOrder.set(n.order_id!, m);
  }
  const mismatches: OrderMismatch[] = [];
  const seen = new Set<string>();
  for (const o of orders) {
    seen.add(o.id);
    const m = byOrder.get(o.id) ?? new Map<string, number>();
    const net = (a: string) => m.get(a) ?? 0;
    const tender = net('cash_drawer') + net('card_clearing') + net('gateway_clearing');
    const tips = -net('tips_payable');
    const rounding = -(net('cash_rounding') + net('payment_rounding'));
    const deposits = -net('customer_deposits');
    const paid = num(o.paid_amount);
    const expectDeposits = paid + num(o.returned_amount) - (o.status === 'completed' ? num(o.total) : 0);
    const compare = (field: OrderMismatch['field'], expected: number, ledger: number) => {
      if (expected !== ledger) {
        mismatches.push({ orderId: o.id, field, expected, ledger });
      }
    };
    compare('paid_amount', paid, tender - tips - rounding);
    compare('tip_amount', num(o.tip_amount), tips);
    compare('customer_deposits', expectDeposits, deposits);
    // What the sale booked (revenue, charges and tax, less discounts) less what was returned.
    const netSales = -(
      net('sales') +
      net('sales_returns') +
      net('service_charge') +
      net('tax_payable') +
      net('discounts')
    );
    compare('net_sales', o.status === 'completed' ? num(o.total) - num(o.returned_amount) : 0, netSales);
    if (o.status === 'completed' && num(o.total) > 0 && num(o.returned_amount) === num(o.total)) {
      // Returned in full (in any pieces): every part of the sale is reversed exactly.
      compare('returned_sales', 0, net('sales') + net('sales_returns') + net('discounts'));
      compare('returned_service_charge', 0, net('service_charge'));
      compare('returned_tax', 0, net('tax_payable'));
    }
  }
  // An order with entries but no money on it must net to nothing.
  for (const [orderId, m] of byOrder) {
    if (!seen.has(orderId)) {
      for (const [account, value] of m) {
        if (value !== 0 && account !== 'customer_deposits' && !STOCK_ACCOUNTS.has(account)) {
          mismatches.push({ orderId, field: 'paid_amount', expected: 0, ledger: value });
        }
      }
    }
  }
  const feeRow = await db
    .selectFrom('payments')
    .select([
      sql<string>`coalesce(sum(fee_platform - fee_platform_reversed), 0)`.as('platform'),
      sql<string>`coalesce(sum(fee_processing - fee_processing_reversed), 0)`.as('processing'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'completed')
    .executeTakeFirstOrThrow();
  const feeLedger = await db
    .selectFrom('ledger_lines')
    .select(['account', sql<string>`sum(debit) - sum(credit)`.as('net')])
    .where('tenant_id', '=', tenantId)
    .where('account', 'in', ['platform_fees', 'processing_fees', 'inventory', 'inventory_in_transit'])
    .groupBy('account')
    .execute();
  const ledgerFee = (a: string) => num(feeLedger.find((f) => f.account === a)?.net);
  const fees = {
    platform: { payments: num(feeRow.platform), ledger: ledgerFee('platform_fees') },
    processing: { payments: num(feeRow.processing), ledger: ledgerFee('processing_fees') },
  };
  const stock = await db
    .selectFrom('stock_movements')
    .select(sql<string>`coalesce(sum(value_delta), 0)`.as('value'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const transit = await db
    .selectFrom('stock_transfer_lines as l')
    .innerJoin('stock_transfers as t', (j) =>
      j.onRef('t.tenant_id', '=', 'l.tenant_id').onRef('t.id', '=', 'l.transfer_id'),
    )
    .select(sql<string>`coalesce(sum(l.value), 0)`.as('value'))
    .where('l.tenant_id', '=', tenantId)
    .where('t.status', '=', 'in_transit')
    .executeTakeFirstOrThrow();
  const inventory = {
    stock: num(stock.value),
    ledger: ledgerFee('inventory'),
    inTransit: num(transit.value),
    ledgerInTransit: ledgerFee('inventory_in_transit'),
  };
  return {
    ok:
      inventory.stock === inventory.ledger &&
      inventory.inTransit === inventory.ledgerInTransit &&
      unbalanced.length === 0 &&
      mismatches.length === 0 &&
      fees.platform.payments === fees.platform.ledger &&
      fees.processing.payments === fees.processing.ledger,
    entriesUnbalanced: unbalanced.map((u) => ({ entryId: u.entry_id, difference: num(u.difference) })),
    ordersChecked: orders.length,
    orderMismatches: mismatches,
    fees,
    inventory,
  };
}
