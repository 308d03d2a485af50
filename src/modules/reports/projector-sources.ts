import { sql } from 'kysely';
import type { Tx } from '../../platform/db/db.ts';
import type {
  Keyed,
  LedgerLine,
  PaymentSource,
  RefundSource,
  SaleLine,
  SaleSource,
  TaxBucket,
} from './rollup-facts.ts';
import type { ProjectedEvent } from './projector.ts';
import { peopleDirectory, tenderKey } from './people.ts';

const num = (v: string | number | null | undefined) => Number(v ?? 0);

/** A tax bucket as orders store it (the engine's `TaxBucket`; older rows may say `ratePpm`). */
interface StoredTax {
  taxRateId: string;
  name: string;
  rate?: number;
  ratePpm?: number;
  taxableBase: number;
  amount: number;
}

interface Entry {
  kind: string;
  order_id: string | null;
  payment_id: string | null;
  refund_id: string | null;
  posted_at: Date;
  outlet_id: string | null;
  lines: LedgerLine[];
}

/**
 * Reads what a batch of money events needs from the stored rows (orders, lines, payments, refunds)
 * and their ledger entries — events carry ids; the rows and the books carry the figures. The
 * reports module may read other modules' tables (documented exception, like the ledger check).
 */
export async function loadSources(tx: Tx, tenantId: string, events: ProjectedEvent[]) {
  const payload = (e: ProjectedEvent) => (e.payload ?? {}) as { id?: string; refund?: { id?: string } };
  const saleOrderIds = events.filter((e) => e.type === 'order.completed').map((e) => e.order_id!);
  const paymentIds = events.filter((e) => e.type === 'payment.completed').map((e) => String(payload(e).id));
  const refundIds = events
    .filter((e) => e.type === 'payment.refunded')
    .map((e) => String(payload(e).refund?.id));
  const orderIds = [...new Set(events.map((e) => e.order_id).filter((x): x is string => !!x))];
  if (orderIds.length === 0) {
    return { sales: [], payments: [], refunds: [] };
  }

  const tenant = await tx
    .selectFrom('tenants')
    .select('timezone')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const outlets = await tx
    .selectFrom('outlets')
    .select(['id', 'timezone'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const zoneOf = new Map(outlets.map((o) => [o.id, o.timezone ?? tenant.timezone]));
  const people = await peopleDirectory(tx, tenantId);

  const orders = await tx
    .selectFrom('orders')
    .select(['id', 'outlet_id', 'dining_option', 'created_by', 'taxes', 'completed_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', orderIds)
    .execute();
  const orderById = new Map(orders.map((o) => [o.id, o]));
  const entries = (await tx
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_lines as l', (j) =>
      j.onRef('l.tenant_id', '=', 'e.tenant_id').onRef('l.entry_id', '=', 'e.id'),
    )
    .select(['e.id', 'e.kind', 'e.order_id', 'e.payment_id', 'e.refund_id', 'e.posted_at', 'e.outlet_id'])
    .select(
      sql<string>`json_agg(json_build_object('account', l.account, 'debit', l.debit, 'credit', l.credit))`.as(
        'lines',
      ),
    )
    .where('e.tenant_id', '=', tenantId)
    .where('e.order_id', 'in', orderIds)
    .groupBy(['e.tenant_id', 'e.id'])
    .execute()) as unknown as Array<
    Entry & { lines: Array<{ account: string; debit: string; credit: string }> }
  >;
  const linesOf = (e: Entry | undefined): LedgerLine[] =>
    (e?.lines ?? []).map((l) => ({ account: l.account, debit: num(l.debit), credit: num(l.credit) }));
  const saleEntry = new Map(entries.filter((e) => e.kind === 'sale').map((e) => [e.order_id!, e]));
  const paymentEntry = new Map(entries.filter((e) => e.kind === 'payment').map((e) => [e.payment_id!, e]));
  const refundEntry = new Map(entries.filter((e) => e.kind === 'refund').map((e) => [e.refund_id!, e]));

  const lineRows = await tx
    .selectFrom('order_lines as ol')
    .leftJoin('items as i', (j) =>
      j.onRef('i.tenant_id', '=', 'ol.tenant_id').onRef('i.id', '=', 'ol.item_id'),
    )
    .leftJoin('categories as c', (j) =>
      j.onRef('c.tenant_id', '=', 'i.tenant_id').onRef('c.id', '=', 'i.category_id'),
    )
    .select([
      'ol.id',
      'ol.order_id',
      'ol.item_id',
      'ol.variant_id',
      'ol.name',
      'ol.variant_name',
      'ol.quantity',
      'ol.modifiers',
      'ol.gross',
      'ol.item_discount',
      'ol.order_discount',
      'ol.tax_inclusive',
      'i.category_id',
      'c.name as category_name',
    ])
    .where('ol.tenant_id', '=', tenantId)
    .where('ol.order_id', 'in', orderIds)
    .where('ol.status', '=', 'active')
    .orderBy('ol.order_id')
    .orderBy('ol.position')
    .execute();
  const saleLine = new Map<string, SaleLine>();
  const linesOfOrder = new Map<string, SaleLine[]>();
  for (const l of lineRows) {
    const line: SaleLine = {
      item: { key: l.item_id, label: l.name },
      variant: { key: l.variant_id, label: `${l.name} · ${l.variant_name}` },
      category: { key: l.category_id ?? 'none', label: l.category_name ?? '' },
      quantity: l.quantity,
      preTaxGross: Math.max(0, num(l.gross) - num(l.tax_inclusive)),
      discount: num(l.item_discount) + num(l.order_discount),
      modifiers: (
        (l.modifiers ?? []) as Array<{ optionId: string; groupName: string; name: string; price: number }>
      ).map((m) => ({ key: m.optionId, label: `${m.groupName}: ${m.name}`, price: num(m.price) })),
    };
    saleLine.set(l.id, line);
    linesOfOrder.set(l.order_id, [...(linesOfOrder.get(l.order_id) ?? []), line]);
  }
  const taxesOf = (orderId: string): TaxBucket[] =>
    ((orderById.get(orderId)?.taxes ?? []) as unknown as StoredTax[]).map((t) => ({
      key: String(t.taxRateId),
      label: `${t.name} ${num(t.rate ?? t.ratePpm) / 10_000}%`,
      taxableBase: num(t.taxableBase),
      amount: num(t.amount),
    }));
  const dining = (orderId: string): Keyed => {
    const o = orderById.get(orderId);
    return { key: o?.dining_option ?? 'unknown', label: o?.dining_option ?? 'unknown' };
  };

  const sales: SaleSource[] = [];
  for (const id of saleOrderIds) {
    const o = orderById.get(id);
    if (!o) {
      continue;
    }
    const e = saleEntry.get(id);
    sales.push({
      outletId: o.outlet_id,
      postedAt: e?.posted_at ?? o.completed_at ?? new Date(),
      timeZone: zoneOf.get(o.outlet_id) ?? tenant.timezone,
      lines: linesOf(e),
      dining: dining(id),
      employee: people(o.created_by),
      saleLines: linesOfOrder.get(id) ?? [],
      taxes: taxesOf(id),
    });
  }

  const payments =
    paymentIds.length + refundIds.length === 0
      ? []
      : await tx
          .selectFrom('payments')
          .select(['id', 'outlet_id', 'method', 'gateway', 'channel'])
          .where('tenant_id', '=', tenantId)
          .where('order_id', 'in', orderIds)
          .execute();
  const paymentById = new Map(payments.map((p) => [p.id, p]));
  const paymentSources: PaymentSource[] = [];
  for (const id of paymentIds) {
    const p = paymentById.get(id);
    const e = paymentEntry.get(id);
    if (!p || !e) {
      continue;
    }
    paymentSources.push({
      outletId: p.outlet_id,
      postedAt: e.posted_at,
      timeZone: zoneOf.get(p.outlet_id) ?? tenant.timezone,
      lines: linesOf(e),
      tender: tenderKey(p),
    });
  }

  const refundSources: RefundSource[] = [];
  if (refundIds.length > 0) {
    const refunds = await tx
      .selectFrom('refunds')
      .select(['id', 'payment_id', 'order_id', 'outlet_id', 'destination', 'created_by'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', refundIds)
      .execute();
    const refundLines = await tx
      .selectFrom('refund_lines')
      .select(['refund_id', 'order_line_id', 'quantity', 'amount'])
      .where('tenant_id', '=', tenantId)
      .where('refund_id', 'in', refundIds)
      .orderBy('refund_id')
      .orderBy('order_line_id')
      .execute();
    for (const r of refunds) {
      const e = refundEntry.get(r.id);
      const p = paymentById.get(r.payment_id);
      if (!e || !p) {
        continue;
      }
      refundSources.push({
        outletId: r.outlet_id,
        postedAt: e.posted_at,
        timeZone: zoneOf.get(r.outlet_id) ?? tenant.timezone,
        lines: linesOf(e),
        tender: r.destination === 'cash' ? { key: 'cash', label: 'cash' } : tenderKey(p),
        dining: dining(r.order_id),
        employee: people(r.created_by),
        refundLines: refundLines
          .filter((x) => x.refund_id === r.id && saleLine.has(x.order_line_id))
          .map((x) => ({
            line: saleLine.get(x.order_line_id)!,
            quantity: x.quantity,
            amount: num(x.amount),
          })),
        taxes: taxesOf(r.order_id),
      });
    }
  }
  return { sales, payments: paymentSources, refunds: refundSources };
}
