import { sql } from 'kysely';
import type { Executor } from '../../platform/db/db.ts';
import type { SessionRow } from './drawer.repo.ts';
import * as repo from './drawer.repo.ts';

// The X and Z report of a drawer session. Like the reports module, this reads other modules'
// tables (orders, order lines, payments, refunds) — read only, tenant scoped — for the register
// and the session's window [opened, closed or now].

const num = (v: string | number | null | undefined) => Number(v ?? 0);

export interface DrawerReport {
  kind: 'X' | 'Z';
  number: number | null;
  sessionId: string;
  registerId: string;
  outletId: string;
  currency: string;
  openedAt: string;
  closedAt: string | null;
  generatedAt: string;
  sales: {
    orders: number;
    gross: number;
    discounts: number;
    serviceCharge: number;
    tax: number;
    total: number;
  };
  taxes: Array<{
    taxRateId: string;
    name: string;
    ratePpm: number;
    inclusive: boolean;
    taxableBase: number;
    amount: number;
  }>;
  tenders: Array<{
    method: string;
    gateway: string | null;
    count: number;
    amount: number;
    tips: number;
    rounding: number;
  }>;
  refunds: Array<{ tender: string; count: number; amount: number }>;
  voids: { lines: number; lineAmount: number; canceledOrders: number; canceledAmount: number };
  tips: number;
  rounding: { cash: number; payment: number };
  cash: {
    float: number;
    sales: number;
    refunds: number;
    paidIn: number;
    paidOut: number;
    drops: number;
    noSales: number;
    expected: number;
    counted: number | null;
    variance: number | null;
  };
  cashiers: Array<{
    actor: string;
    name: string | null;
    payments: number;
    amount: number;
    tips: number;
    refunds: number;
    refundAmount: number;
    paidIn: number;
    paidOut: number;
  }>;
}

/** Builds the report of a session as it stands at `now` (X), or as closed (Z). */
export async function buildDrawerReport(
  db: Executor,
  tenantId: string,
  s: SessionRow,
  kind: 'X' | 'Z',
  now: Date,
  zNumber: number | null = null,
): Promise<DrawerReport> {
  const from = s.opened_at;
  const to = s.closed_at ?? now;
  const register = s.register_id;

  const orders = await db
    .selectFrom('orders')
    .select([
      sql<string>`count(*)`.as('n'),
      sql<string>`coalesce(sum(subtotal), 0)`.as('gross'),
      sql<string>`coalesce(sum(discount_total), 0)`.as('discounts'),
      sql<string>`coalesce(sum(service_charge_total), 0)`.as('service'),
      sql<string>`coalesce(sum(tax_total), 0)`.as('tax'),
      sql<string>`coalesce(sum(total), 0)`.as('total'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('register_id', '=', register)
    .where('status', '=', 'completed')
    .where('completed_at', '>=', from)
    .where('completed_at', '<=', to)
    .executeTakeFirstOrThrow();

  const taxes = await sql<{
    tax_rate_id: string;
    name: string;
    rate: string;
    inclusive: boolean;
    base: string;
    amount: string;
  }>`
    SELECT t->>'taxRateId' AS tax_rate_id, t->>'name' AS name, (t->>'rate')::bigint AS rate,
           (t->>'inclusive')::boolean AS inclusive,
           sum((t->>'taxableBase')::bigint) AS base, sum((t->>'amount')::bigint) AS amount
      FROM orders o, jsonb_array_elements(o.taxes) t
     WHERE o.tenant_id = ${tenantId} AND o.register_id = ${register} AND o.status = 'completed'
       AND o.completed_at >= ${from} AND o.completed_at <= ${to}
     GROUP BY 1, 2, 3, 4
     ORDER BY 2, 1`.execute(db);

  const payments = await db
    .selectFrom('payments')
    .select([
      'method',
      'gateway',
      'created_by',
      sql<string>`count(*)`.as('n'),
      sql<string>`sum(amount)`.as('amount'),
      sql<string>`sum(tip_amount)`.as('tips'),
      sql<string>`sum(rounding)`.as('rounding'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('register_id', '=', register)
    .where('status', '=', 'completed')
    .where('completed_at', '>=', from)
    .where('completed_at', '<=', to)
    .groupBy(['method', 'gateway', 'created_by'])
    .execute();

  const refunds = await db
    .selectFrom('refunds as r')
    .innerJoin('payments as p', (j) =>
      j.onRef('p.tenant_id', '=', 'r.tenant_id').onRef('p.id', '=', 'r.payment_id'),
    )
    .select([
      sql<string>`case when r.destination = 'cash' then 'cash' else p.method end`.as('tender'),
      'r.created_by',
      sql<string>`count(*)`.as('n'),
      sql<string>`sum(r.amount)`.as('amount'),
    ])
    .where('r.tenant_id', '=', tenantId)
    .where('p.tenant_id', '=', tenantId)
    .where('p.register_id', '=', register)
    .where('r.status', '=', 'completed')
    .where('r.completed_at', '>=', from)
    .where('r.completed_at', '<=', to)
    .groupBy(['tender', 'r.created_by'])
    .execute();

  const voidedLines = await db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', (j) =>
      j.onRef('o.tenant_id', '=', 'l.tenant_id').onRef('o.id', '=', 'l.order_id'),
    )
    .select([sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(l.gross), 0)`.as('amount')])
    .where('l.tenant_id', '=', tenantId)
    .where('o.tenant_id', '=', tenantId)
    .where('o.register_id', '=', register)
    .where('l.status', '=', 'voided')
    .where('l.sent_at', 'is not', null)
    .where('l.updated_at', '>=', from)
    .where('l.updated_at', '<=', to)
    .executeTakeFirstOrThrow();
  const canceled = await db
    .selectFrom('orders')
    .select([sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(total), 0)`.as('amount')])
    .where('tenant_id', '=', tenantId)
    .where('register_id', '=', register)
    .where('status', '=', 'canceled')
    .where('canceled_at', '>=', from)
    .where('canceled_at', '<=', to)
    .executeTakeFirstOrThrow();

  const moves = await repo.movementTotals(db, tenantId, s.id);
  const moved = (k: string) => moves[k]?.total ?? 0;
  const expected =
    moved('float') + moved('sale') + moved('refund') + moved('paid_in') + moved('paid_out') + moved('drop');
  const byActor = await db
    .selectFrom('drawer_movements')
    .select(['actor', 'kind', sql<string>`sum(amount)`.as('total')])
    .where('tenant_id', '=', tenantId)
    .where('session_id', '=', s.id)
    .where('kind', 'in', ['paid_in', 'paid_out'])
    .groupBy(['actor', 'kind'])
    .execute();

  // Tenders: one row per method (and gateway); cashiers: one section per person.
  const tenders = new Map<string, DrawerReport['tenders'][number]>();
  const cashiers = new Map<string, DrawerReport['cashiers'][number]>();
  const cashier = (actor: string) => {
    let c = cashiers.get(actor);
    if (!c) {
      c = {
        actor,
        name: null,
        payments: 0,
        amount: 0,
        tips: 0,
        refunds: 0,
        refundAmount: 0,
        paidIn: 0,
        paidOut: 0,
      };
      cashiers.set(actor, c);
    }
    return c;
  };
  let cashRounding = 0;
  let paymentRounding = 0;
  for (const p of payments) {
    const key = `${p.method}/${p.gateway ?? ''}`;
    const t = tenders.get(key) ?? {
      method: p.method,
      gateway: p.gateway,
      count: 0,
      amount: 0,
      tips: 0,
      rounding: 0,
    };
    t.count += num(p.n);
    t.amount += num(p.amount);
    t.tips += num(p.tips);
    t.rounding += num(p.rounding);
    tenders.set(key, t);
    if (p.method === 'cash') {
      cashRounding += num(p.rounding);
    } else {
      paymentRounding += num(p.rounding);
    }
    const c = cashier(p.created_by);
    c.payments += num(p.n);
    c.amount += num(p.amount);
    c.tips += num(p.tips);
  }
  const refundRows = new Map<string, DrawerReport['refunds'][number]>();
  for (const r of refunds) {
    const x = refundRows.get(r.tender) ?? { tender: r.tender, count: 0, amount: 0 };
    x.count += num(r.n);
    x.amount += num(r.amount);
    refundRows.set(r.tender, x);
    const c = cashier(r.created_by);
    c.refunds += num(r.n);
    c.refundAmount += num(r.amount);
  }
  for (const m of byActor) {
    const c = cashier(m.actor);
    if (m.kind === 'paid_in') {
      c.paidIn += num(m.total);
    } else {
      c.paidOut += -num(m.total);
    }
  }
  await nameCashiers(db, cashiers);

  return {
    kind,
    number: zNumber,
    sessionId: s.id,
    registerId: s.register_id,
    outletId: s.outlet_id,
    currency: s.currency,
    openedAt: s.opened_at.toISOString(),
    closedAt: s.closed_at?.toISOString() ?? null,
    generatedAt: now.toISOString(),
    sales: {
      orders: num(orders.n),
      gross: num(orders.gross),
      discounts: num(orders.discounts),
      serviceCharge: num(orders.service),
      tax: num(orders.tax),
      total: num(orders.total),
    },
    taxes: taxes.rows.map((t) => ({
      taxRateId: t.tax_rate_id,
      name: t.name,
      ratePpm: num(t.rate),
      inclusive: t.inclusive,
      taxableBase: num(t.base),
      amount: num(t.amount),
    })),
    tenders: [...tenders.values()].sort((a, b) =>
      (a.method + (a.gateway ?? '')).localeCompare(b.method + (b.gateway ?? '')),
    ),
    refunds: [...refundRows.values()].sort((a, b) => a.tender.localeCompare(b.tender)),
    voids: {
      lines: num(voidedLines.n),
      lineAmount: num(voidedLines.amount),
      canceledOrders: num(canceled.n),
      canceledAmount: num(canceled.amount),
    },
    tips: [...tenders.values()].reduce((a, t) => a + t.tips, 0),
    rounding: { cash: cashRounding, payment: paymentRounding },
    cash: {
      float: moved('float'),
      sales: moved('sale'),
      refunds: -moved('refund'),
      paidIn: moved('paid_in'),
      paidOut: -moved('paid_out'),
      drops: -moved('drop'),
      noSales: moves['no_sale']?.count ?? 0,
      expected,
      counted: s.counted_cash === null ? null : num(s.counted_cash),
      variance: s.variance === null ? null : num(s.variance),
    },
    cashiers: [...cashiers.values()].sort((a, b) => a.actor.localeCompare(b.actor)),
  };
}

/** Puts staff names on `user:<id>` actors (users are global rows; only these ids are read). */
async function nameCashiers(db: Executor, cashiers: Map<string, { name: string | null }>) {
  const ids = [...cashiers.keys()].filter((a) => a.startsWith('user:')).map((a) => a.slice(5));
  if (ids.length === 0) {
    return;
  }
  const users = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  for (const u of users) {
    const c = cashiers.get(`user:${u.id}`);
    if (c) {
      c.name = u.name;
    }
  }
}
