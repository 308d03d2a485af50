import type { Insertable, Selectable, Updateable } from 'kysely';
import type { OrderLines, Orders } from '../../platform/db/schema.ts';
import { totalsOf, type LineSnapshot } from './order-lines.ts';
import type { HeaderInput, LineInput } from './orders.contracts.ts';
import type { PricedLine, PricingResult, TaxBucket } from './pricing/types.ts';

import type { SaleTaxRate } from '../catalog/index.ts';
import type { AppliedDiscountSnapshot } from './order-lines.ts';
import { price, type ChargeSnapshot, type PricingOrder } from './order-pricing.ts';

/*
 * The order record: the one place that knows how an order and its lines are stored — the column
 * map (request → columns), the header events carry, the DTO the API returns (built from the
 * *stored* figures: priced once per mutation, never on a read) and the rule that derives the
 * payment state. Every writer goes through it; repos take the typed rows it builds.
 */

export type OrderRow = Selectable<Orders>;
export type LineRow = Selectable<OrderLines>;
export type NewOrderRow = Insertable<Orders>;
export type OrderChange = Updateable<Orders>;
export type NewLineRow = Insertable<OrderLines>;
export type LineChange = Updateable<OrderLines>;

/**
 * Line fields kept exactly as the client sent them (no catalog lookup, no pricing): the request
 * field, the column and the DTO field share the name, so adding one here (with its column and its
 * contract in `LineExtraFields`) carries it from the request to the row, the DTO and the events.
 */
export const LINE_EXTRAS = ['notes', 'course', 'seat'] as const satisfies readonly (keyof LineInput &
  keyof LineRow)[];
type LineExtraKey = (typeof LINE_EXTRAS)[number];
export type LineExtras = { [K in LineExtraKey]: Exclude<LineInput[K], undefined> | null };

/** The pass-through fields of a line, from a request (absent → null) or from a stored row. */
export function lineExtras(from: { [K in LineExtraKey]?: unknown }): LineExtras {
  const out: { [K in LineExtraKey]?: unknown } = {};
  for (const key of LINE_EXTRAS) {
    out[key] = from[key] ?? null;
  }
  return out as LineExtras;
}

/** A line about to be stored: its catalog snapshot and its pass-through fields. */
export type DraftLine = LineSnapshot & LineExtras;

const num = (v: string | number) => Number(v);

/** A stored line as the pricing engine reads it. */
export const lineFromRow = (r: LineRow): DraftLine => ({
  id: r.id,
  itemId: r.item_id,
  variantId: r.variant_id,
  name: r.name,
  variantName: r.variant_name,
  quantity: r.quantity,
  unitPrice: num(r.unit_price),
  modifiers: r.modifiers as LineSnapshot['modifiers'],
  taxRates: r.tax_rates as unknown as SaleTaxRate[],
  discounts: r.discounts as unknown as AppliedDiscountSnapshot[],
  ...lineExtras(r),
});

/** A stored order's pricing snapshots and policy. */
export const pricingOrder = (o: OrderRow): PricingOrder => ({
  currency: o.currency,
  roundingMode: o.rounding_mode,
  taxRounding: o.tax_rounding,
  cashRoundingIncrement: num(o.cash_rounding_increment),
  discounts: o.discounts as unknown as AppliedDiscountSnapshot[],
  serviceCharges: o.service_charges as unknown as ChargeSnapshot[],
});

/** The header columns a request may set (create and PATCH). */
export function headerColumns(input: HeaderInput): OrderChange {
  return {
    ...(input.diningOption !== undefined ? { dining_option: input.diningOption } : {}),
    ...(input.tableRef !== undefined ? { table_ref: input.tableRef } : {}),
    ...(input.customerName !== undefined ? { customer_name: input.customerName } : {}),
    ...(input.guestCount !== undefined ? { guest_count: input.guestCount } : {}),
    ...(input.notes !== undefined ? { notes: input.notes } : {}),
  };
}

/** A new order row (numbered by the insert) from the request, its priced draft and who sells. */
export function newOrderRow(o: {
  tenantId: string;
  id: string;
  outletId: string;
  registerId: string | null;
  businessDate: string;
  source: string;
  createdBy: string;
  header: HeaderInput & { diningOption: string };
  pricing: PricingOrder;
  result: PricingResult;
  now: Date;
}): Omit<NewOrderRow, 'number'> {
  return {
    tenant_id: o.tenantId,
    id: o.id,
    outlet_id: o.outletId,
    register_id: o.registerId,
    business_date: o.businessDate,
    dining_option: o.header.diningOption,
    table_ref: null,
    customer_name: null,
    guest_count: null,
    notes: null,
    ...headerColumns(o.header),
    source: o.source,
    currency: o.pricing.currency,
    rounding_mode: o.pricing.roundingMode,
    tax_rounding: o.pricing.taxRounding,
    cash_rounding_increment: o.pricing.cashRoundingIncrement,
    ...snapshotColumns(o.pricing),
    created_by: o.createdBy,
    ...pricedColumns(o.result, 0),
    version: 1,
    created_at: o.now,
    updated_at: o.now,
  };
}

/** An order's discount and service-charge snapshots as stored (jsonb goes in as JSON text). */
export function snapshotColumns(p: Partial<Pick<PricingOrder, 'discounts' | 'serviceCharges'>>) {
  return {
    ...(p.discounts ? { discounts: JSON.stringify(p.discounts) } : {}),
    ...(p.serviceCharges ? { service_charges: JSON.stringify(p.serviceCharges) } : {}),
  };
}

/**
 * The stored figures of a priced order — totals, tax buckets, what each charge and discount came
 * to — and its balance and payment status given what was paid (an editable order has returned
 * nothing).
 */
export function pricedColumns(result: PricingResult, paid: number) {
  const totals = totalsOf(result);
  const state = derivePaymentState(result.total, paid, 0);
  return {
    taxes: JSON.stringify(result.taxes),
    charge_figures: JSON.stringify(totals.serviceCharges),
    discount_figures: JSON.stringify(totals.discounts),
    subtotal: result.subtotal,
    discount_total: result.discountTotal,
    service_charge_total: result.serviceChargeTotal,
    tax_total: result.taxTotal,
    tax_inclusive_total: result.taxInclusiveTotal,
    tax_exclusive_total: result.taxExclusiveTotal,
    total: result.total,
    cash_total: result.cash.total,
    cash_rounding_adjustment: result.cash.roundingAdjustment,
    balance_amount: state.balance,
    payment_status: state.paymentStatus,
  } satisfies OrderChange;
}

/** The stored figures of a priced line. */
export function lineFigures(l: PricedLine) {
  return {
    gross: l.gross,
    item_discount: l.itemDiscount,
    order_discount: l.orderDiscount,
    net: l.net,
    service_charge: l.serviceCharge,
    service_charge_tax: l.serviceChargeTax,
    tax_inclusive: l.taxInclusive,
    tax_exclusive: l.taxExclusive + l.serviceChargeTax,
    total: l.total,
  } satisfies LineChange;
}
export type LineFigures = ReturnType<typeof lineFigures>;

/** A new line row at `position`, with its figures when the caller priced it already. */
export function newLineRow(
  tenantId: string,
  orderId: string,
  position: number,
  l: DraftLine,
  figures?: LineFigures,
): NewLineRow {
  return {
    tenant_id: tenantId,
    id: l.id,
    order_id: orderId,
    position,
    item_id: l.itemId,
    variant_id: l.variantId,
    name: l.name,
    variant_name: l.variantName,
    quantity: l.quantity,
    unit_price: l.unitPrice,
    modifiers: JSON.stringify(l.modifiers),
    tax_rates: JSON.stringify(l.taxRates),
    discounts: JSON.stringify(l.discounts),
    ...lineExtras(l),
    ...figures,
  };
}

/** The header of an order row, as events carry it. */
export function orderHeader(o: OrderRow) {
  return {
    id: o.id,
    number: o.number,
    receiptNumber: o.receipt_number === null ? null : Number(o.receipt_number),
    businessDate: o.business_date,
    outletId: o.outlet_id,
    registerId: o.register_id,
    status: o.status,
    diningOption: o.dining_option,
    tableRef: o.table_ref,
    currency: o.currency,
    total: num(o.total),
    paymentStatus: o.payment_status,
    paidAmount: num(o.paid_amount),
    balanceAmount: num(o.balance_amount),
    version: o.version,
    updatedAt: o.updated_at.toISOString(),
  };
}
export type OrderHeader = ReturnType<typeof orderHeader>;

type Totals = ReturnType<typeof totalsOf>;

/** The totals block of a stored order, as stored when it was last priced. */
function storedTotals(o: OrderRow): Totals {
  return {
    subtotal: num(o.subtotal),
    discountTotal: num(o.discount_total),
    serviceChargeTotal: num(o.service_charge_total),
    taxTotal: num(o.tax_total),
    taxInclusiveTotal: num(o.tax_inclusive_total),
    taxExclusiveTotal: num(o.tax_exclusive_total),
    total: num(o.total),
    cash: { total: num(o.cash_total), roundingAdjustment: num(o.cash_rounding_adjustment) },
    taxes: (o.taxes as unknown as TaxBucket[]).map((t) => ({
      taxRateId: t.taxRateId,
      name: t.name,
      ratePpm: t.rate,
      inclusive: t.inclusive,
      taxableBase: t.taxableBase,
      amount: t.amount,
    })),
    serviceCharges: o.charge_figures as unknown as Totals['serviceCharges'],
    discounts: o.discount_figures as unknown as Totals['discounts'],
  };
}

type LineMoney = { gross: number; discount: number; tax: number; total: number };
const NO_MONEY: LineMoney = { gross: 0, discount: 0, tax: 0, total: 0 };

/** What a stored active line came to (its own taxes: the service-charge tax is the order's). */
function storedLineMoney(r: LineRow): LineMoney {
  return {
    gross: num(r.gross),
    discount: num(r.item_discount) + num(r.order_discount),
    tax: num(r.tax_inclusive) + num(r.tax_exclusive) - num(r.service_charge_tax ?? 0),
    total: num(r.total),
  };
}

/**
 * Orders priced before their charge and discount figures were stored (migration 0012) are priced
 * from their snapshots when read, until their next change stores the figures.
 */
function priceLegacy(o: OrderRow, active: LineRow[]) {
  const result = price(pricingOrder(o), active.map(lineFromRow));
  const money = new Map<string, LineMoney>(
    result.lines.map((l) => [
      l.id,
      {
        gross: l.gross,
        discount: l.itemDiscount + l.orderDiscount,
        tax: l.taxInclusive + l.taxExclusive,
        total: l.total,
      },
    ]),
  );
  return { totals: totalsOf(result), lineMoney: (r: LineRow) => money.get(r.id) ?? NO_MONEY };
}

/** The order as the API shows it: header, every line (voided too), totals — all as stored. */
export function orderDto(o: OrderRow, lineRows: LineRow[]) {
  const active = lineRows.filter((l) => l.status === 'active');
  const stored =
    o.charge_figures !== null &&
    o.discount_figures !== null &&
    active.every((l) => l.service_charge_tax !== null);
  const { totals, lineMoney } = stored
    ? {
        totals: storedTotals(o),
        lineMoney: (r: LineRow) => (r.status === 'active' ? storedLineMoney(r) : NO_MONEY),
      }
    : priceLegacy(o, active);
  return {
    ...orderHeader(o),
    customerName: o.customer_name,
    guestCount: o.guest_count,
    notes: o.notes,
    source: o.source,
    lines: lineRows.map((r) => ({
      id: r.id,
      itemId: r.item_id,
      variantId: r.variant_id,
      name: r.name,
      variantName: r.variant_name,
      quantity: r.quantity,
      unitPrice: num(r.unit_price),
      modifiers: r.modifiers as LineSnapshot['modifiers'],
      ...lineExtras(r),
      status: r.status,
      voidReason: r.void_reason,
      sent: r.sent_at !== null,
      ...lineMoney(r),
    })),
    ...totals,
    createdAt: o.created_at.toISOString(),
    updatedAt: o.updated_at.toISOString(),
  };
}
export type OrderDto = ReturnType<typeof orderDto>;

/**
 * What an order's money says: the balance left to pay and the payment status, from its total,
 * what is held (paid) and what was returned after completion. The one rule every writer uses:
 * balance = max(total − paid − returned, 0); unpaid when nothing is held or returned, paid when
 * paid + returned covers the total, partial otherwise.
 */
export function derivePaymentState(total: number, paid: number, returned: number) {
  return {
    balance: Math.max(total - paid - returned, 0),
    paymentStatus: paid === 0 && returned === 0 ? 'unpaid' : paid + returned >= total ? 'paid' : 'partial',
  } as const;
}

/** The active lines as inventory sees them: what was sold, how many, with which options. */
export function soldLines(rows: readonly LineRow[]) {
  return rows
    .filter((l) => l.status === 'active')
    .map((l) => ({
      id: l.id,
      itemId: l.item_id,
      variantId: l.variant_id,
      quantity: l.quantity,
      optionIds: (l.modifiers as Array<{ optionId: string }>).map((m) => m.optionId),
    }));
}

export { price, priceForWrite } from './order-pricing.ts';
export type { ChargeSnapshot, PricingOrder } from './order-pricing.ts';
