import type { Executor } from '../../platform/db/db.ts';
import { notFound } from '../../platform/http/errors.ts';
import { getCashSettings } from '../drawer/index.ts';
import { imagePath } from '../media/index.ts';

const num = (v: string | number | null) => Number(v ?? 0);

/**
 * One receipt document, rendered as text (58/80 mm), ESC/POS bytes and HTML from the same data.
 * Built from what is stored on the completed order (never re-priced).
 */
export interface ReceiptDocument {
  kind: 'receipt' | 'credit_note';
  /** Official receipt (or credit-note) number; null while the order is not completed. */
  number: number | null;
  /** A reprint: marked as a copy. */
  copy: boolean;
  locale: string;
  currency: string;
  business: {
    name: string;
    outlet: string;
    address: string | null;
    /** Branding from the outlet's settings. */
    taxId: string | null;
    header: string | null;
    footer: string | null;
    /** The outlet's receipt logo (an uploaded image) and where it is served, or null. */
    logoImageId: string | null;
    logoUrl: string | null;
  };
  orderId: string;
  orderNumber: number;
  businessDate: string;
  /** The outlet's time zone (else the tenant's): the receipt's date and time are local. */
  timeZone: string;
  issuedAt: string;
  lines: Array<{ name: string; quantity: number; total: number; modifiers: string[] }>;
  subtotal: number;
  discounts: number;
  serviceCharge: number;
  taxes: Array<{ name: string; ratePpm: number; inclusive: boolean; amount: number }>;
  total: number;
  payments: Array<{
    method: string;
    amount: number;
    tip: number;
    rounding: number;
    tendered: number | null;
    change: number | null;
  }>;
  refunds: Array<{ creditNoteNumber: number | null; amount: number; reason: string }>;
  /** The hosted receipt's address (printed as a QR code). */
  link: string | null;
}

/** Loads an order's receipt document (tenant scoped). */
export async function loadReceipt(
  db: Executor,
  tenantId: string,
  orderId: string,
  o: { copy: boolean; link: string | null },
): Promise<ReceiptDocument & { outletId: string }> {
  const order = await db
    .selectFrom('orders as o')
    .innerJoin('tenants as t', 't.id', 'o.tenant_id')
    .innerJoin('outlets as u', (j) =>
      j.onRef('u.tenant_id', '=', 'o.tenant_id').onRef('u.id', '=', 'o.outlet_id'),
    )
    .select([
      'o.id',
      'o.outlet_id',
      'o.number',
      'o.receipt_number',
      'o.business_date',
      'o.completed_at',
      'o.created_at',
      'o.currency',
      'o.subtotal',
      'o.discount_total',
      'o.service_charge_total',
      'o.taxes',
      'o.total',
      't.name as tenant_name',
      't.locale',
      't.timezone as tenant_timezone',
      'u.timezone',
      'u.name as outlet_name',
      'u.address',
    ])
    .where('o.tenant_id', '=', tenantId)
    .where('o.id', '=', orderId)
    .executeTakeFirst();
  if (!order) {
    throw notFound('orders', orderId);
  }
  const lines = await db
    .selectFrom('order_lines')
    .select(['name', 'variant_name', 'quantity', 'gross', 'modifiers'])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('status', '=', 'active')
    .orderBy('position')
    .execute();
  const payments = await db
    .selectFrom('payments')
    .select(['method', 'gateway', 'channel', 'amount', 'tip_amount', 'rounding', 'tendered', 'change_given'])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('status', '=', 'completed')
    .orderBy('completed_at')
    .execute();
  const refunds = await db
    .selectFrom('refunds')
    .select(['credit_note_number', 'amount', 'reason'])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('status', '=', 'completed')
    .orderBy('completed_at')
    .execute();
  const brand = await getCashSettings(db, tenantId, order.outlet_id);
  const taxes =
    (order.taxes as unknown as Array<{ name: string; rate: number; inclusive: boolean; amount: number }>) ??
    [];
  return {
    kind: 'receipt',
    number: order.receipt_number === null ? null : num(order.receipt_number),
    copy: o.copy,
    locale: order.locale,
    timeZone: order.timezone ?? order.tenant_timezone,
    currency: order.currency,
    business: {
      name: order.tenant_name,
      outlet: order.outlet_name,
      address: order.address,
      taxId: brand.taxId,
      header: brand.receiptHeader,
      footer: brand.receiptFooter,
      logoImageId: brand.logoImageId,
      logoUrl: brand.logoImageId ? imagePath(tenantId, brand.logoImageId) : null,
    },
    orderId: order.id,
    outletId: order.outlet_id,
    orderNumber: order.number,
    businessDate: order.business_date,
    issuedAt: (order.completed_at ?? order.created_at).toISOString(),
    lines: lines.map((l) => ({
      name: l.variant_name && l.variant_name !== l.name ? `${l.name} (${l.variant_name})` : l.name,
      quantity: l.quantity,
      // Before discounts and added taxes, like the subtotal these lines add up to.
      total: num(l.gross),
      modifiers: ((l.modifiers as unknown as Array<{ name: string }>) ?? []).map((m) => m.name),
    })),
    subtotal: num(order.subtotal),
    discounts: num(order.discount_total),
    serviceCharge: num(order.service_charge_total),
    taxes: taxes.map((t) => ({
      name: t.name,
      ratePpm: Number(t.rate),
      inclusive: t.inclusive,
      amount: Number(t.amount),
    })),
    total: num(order.total),
    payments: payments.map((p) => ({
      method: p.method === 'gateway' ? (p.channel ?? p.gateway ?? 'gateway') : p.method,
      amount: num(p.amount),
      tip: num(p.tip_amount),
      rounding: num(p.rounding),
      tendered: p.tendered === null ? null : num(p.tendered),
      change: p.change_given === null ? null : num(p.change_given),
    })),
    refunds: refunds.map((r) => ({
      creditNoteNumber: r.credit_note_number === null ? null : num(r.credit_note_number),
      amount: num(r.amount),
      reason: r.reason,
    })),
    link: o.link,
  };
}
