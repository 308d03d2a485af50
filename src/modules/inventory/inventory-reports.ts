import { sql } from 'kysely';
import type { Executor } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { assertOutletAccess, outletFilter } from '../identity/index.ts';
import { mulDiv } from './costing.ts';
import { tenantCurrency } from './inventory.repo.ts';
import { inTransitValue } from './purchasing.repo.ts';

const num = (v: string | number | null) => Number(v ?? 0);

/**
 * Inventory valuation: every level at its moving-average value (Σ of its movements' values), per
 * outlet and item, and what is in transit between outlets. The ledger's `inventory` and
 * `inventory_in_transit` accounts equal these (`GET /v1/ledger/check` proves it).
 */
export async function valuation(db: Executor, ctx: ServiceContext, q: { outletId?: string }) {
  if (q.outletId) {
    assertOutletAccess(ctx, q.outletId);
  }
  const ids = outletFilter(ctx);
  let query = db
    .selectFrom('stock_levels as l')
    .innerJoin('stock_items as i', (j) =>
      j.onRef('i.tenant_id', '=', 'l.tenant_id').onRef('i.id', '=', 'l.stock_item_id'),
    )
    .select(['l.outlet_id', 'l.stock_item_id', 'i.name', 'l.qty', 'l.value'])
    .where('l.tenant_id', '=', ctx.tenantId)
    .where((eb) => eb.or([eb('l.qty', '<>', '0'), eb('l.value', '<>', '0')]));
  if (q.outletId) {
    query = query.where('l.outlet_id', '=', q.outletId);
  }
  if (ids) {
    query = ids.length ? query.where('l.outlet_id', 'in', [...ids]) : query.where(sql<boolean>`false`);
  }
  const rows = await query.orderBy('l.outlet_id').orderBy('i.name').orderBy('l.stock_item_id').execute();
  const byOutlet = new Map<string, number>();
  for (const r of rows) {
    byOutlet.set(r.outlet_id, (byOutlet.get(r.outlet_id) ?? 0) + num(r.value));
  }
  const total = rows.reduce((s, r) => s + num(r.value), 0);
  return {
    currency: await tenantCurrency(db, ctx.tenantId),
    total,
    inTransit: q.outletId || ids ? 0 : await inTransitValue(db, ctx.tenantId),
    outlets: [...byOutlet].map(([outletId, value]) => ({ outletId, value })),
    items: rows.map((r) => ({
      outletId: r.outlet_id,
      stockItemId: r.stock_item_id,
      name: r.name,
      qty: num(r.qty),
      value: num(r.value),
    })),
  };
}

/**
 * Gross margin by item or category over sales completed in [from, to): revenue before tax (net of
 * discounts) and cost of goods as stored at sale time, less what was returned (a return without
 * restock keeps its cost: the goods are gone). Reads order lines and the catalog (documented
 * exception, like reports).
 */
export async function margins(
  db: Executor,
  ctx: ServiceContext,
  q: { from?: string; to?: string; outletId?: string; by?: 'item' | 'category' },
) {
  if (q.outletId) {
    assertOutletAccess(ctx, q.outletId);
  }
  const by = q.by ?? 'item';
  const ids = outletFilter(ctx);
  let query = db
    .selectFrom('sale_line_costs as c')
    .innerJoin('order_lines as ol', (j) =>
      j.onRef('ol.tenant_id', '=', 'c.tenant_id').onRef('ol.id', '=', 'c.order_line_id'),
    )
    .innerJoin('items as it', (j) =>
      j.onRef('it.tenant_id', '=', 'c.tenant_id').onRef('it.id', '=', 'c.item_id'),
    )
    .leftJoin('categories as cat', (j) =>
      j.onRef('cat.tenant_id', '=', 'it.tenant_id').onRef('cat.id', '=', 'it.category_id'),
    )
    .select([
      'c.item_id',
      'it.name as item_name',
      'it.category_id',
      'cat.name as category_name',
      'c.quantity',
      'c.returned_qty',
      'c.cost',
      'c.returned_cost',
      sql<string>`ol.net - ol.tax_inclusive`.as('revenue'),
    ])
    .where('c.tenant_id', '=', ctx.tenantId);
  if (q.from) {
    query = query.where('c.sold_at', '>=', new Date(q.from));
  }
  if (q.to) {
    query = query.where('c.sold_at', '<', new Date(q.to));
  }
  if (q.outletId) {
    query = query.where('c.outlet_id', '=', q.outletId);
  }
  if (ids) {
    query = ids.length ? query.where('c.outlet_id', 'in', [...ids]) : query.where(sql<boolean>`false`);
  }
  const lines = await query.execute();
  const groups = new Map<
    string,
    { id: string | null; name: string; quantity: number; revenue: number; cost: number }
  >();
  for (const l of lines) {
    const key = by === 'item' ? l.item_id : (l.category_id ?? '');
    const name = by === 'item' ? l.item_name : (l.category_name ?? 'Uncategorised');
    const g = groups.get(key) ?? {
      id: by === 'item' ? l.item_id : l.category_id,
      name,
      quantity: 0,
      revenue: 0,
      cost: 0,
    };
    const kept = l.quantity - l.returned_qty;
    g.quantity += kept;
    g.revenue += l.quantity > 0 ? mulDiv(num(l.revenue), kept, l.quantity) : 0;
    g.cost += num(l.cost) - num(l.returned_cost);
    groups.set(key, g);
  }
  const rows = [...groups.values()]
    .map((g) => ({
      ...g,
      margin: g.revenue - g.cost,
      marginPpm: g.revenue !== 0 ? mulDiv(g.revenue - g.cost, 1_000_000, g.revenue) : null,
    }))
    .sort((a, b) => b.margin - a.margin || a.name.localeCompare(b.name));
  const totals = rows.reduce(
    (t, r) => ({ revenue: t.revenue + r.revenue, cost: t.cost + r.cost, margin: t.margin + r.margin }),
    {
      revenue: 0,
      cost: 0,
      margin: 0,
    },
  );
  return { currency: await tenantCurrency(db, ctx.tenantId), by, rows, totals };
}
