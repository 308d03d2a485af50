import { AppError } from '../../platform/http/errors.ts';
import { exceedsMaxAmount, MAX_AMOUNT } from '../../platform/money/money.ts';
import type { SaleTaxRate } from '../catalog/index.ts';
import { pricingInput, totalsOf, type AppliedDiscountSnapshot, type LineSnapshot } from './order-lines.ts';
import type { LineRow, OrderRow } from './orders.repo.ts';
import { priceOrder } from './pricing/engine.ts';
import { PricingError } from './pricing/errors.ts';
import type { PricedLine, PricingResult, ServiceCharge } from './pricing/types.ts';

/** A service charge as snapshotted on an order, with the tax rates it carries. */
export type ChargeSnapshot = ServiceCharge & { taxRates: SaleTaxRate[] };

export interface PricingOrder {
  currency: string;
  roundingMode: string;
  taxRounding: string;
  cashRoundingIncrement: number;
  discounts: AppliedDiscountSnapshot[];
  serviceCharges: ChargeSnapshot[];
}

const num = (v: string | number) => Number(v);

/** Prices an order from its snapshots (pure: the same inputs always give the same figures). */
export function price(order: PricingOrder, lines: LineSnapshot[]): PricingResult {
  return priceOrder(pricingInput(order, lines));
}

/**
 * Prices an order about to be stored (create, calculate, every edit): 422
 * `orders.amount_too_large` when a figure would pass `MAX_AMOUNT`, so what is stored can always
 * be paid, tipped, refunded and posted without leaving exact integer arithmetic.
 */
export function priceForWrite(order: PricingOrder, lines: LineSnapshot[]): PricingResult {
  let result: PricingResult;
  try {
    result = price(order, lines);
  } catch (err) {
    if (err instanceof PricingError && err.details.reason === 'too_large') {
      throw tooLarge(err.details.field);
    }
    throw err;
  }
  const figures = {
    subtotal: result.subtotal,
    discountTotal: result.discountTotal,
    serviceChargeTotal: result.serviceChargeTotal,
    taxTotal: result.taxTotal,
    total: result.total,
    'cash.total': result.cash.total,
  };
  for (const [field, value] of Object.entries(figures)) {
    if (exceedsMaxAmount(value)) {
      throw tooLarge(field);
    }
  }
  return result;
}

function tooLarge(field: string): AppError {
  return new AppError(
    'orders.amount_too_large',
    `The order's ${field} would be more than the largest amount an order may have.`,
    { field, max: MAX_AMOUNT },
  );
}

export const lineFromRow = (r: LineRow): LineSnapshot => ({
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
  notes: r.notes,
});

export const pricingOrder = (o: OrderRow): PricingOrder => ({
  currency: o.currency,
  roundingMode: o.rounding_mode,
  taxRounding: o.tax_rounding,
  cashRoundingIncrement: num(o.cash_rounding_increment),
  discounts: o.discounts as unknown as AppliedDiscountSnapshot[],
  serviceCharges: o.service_charges as unknown as ChargeSnapshot[],
});

/** The header of an order row, as events carry it (no lines: no re-pricing needed). */
export function orderHeader(o: OrderRow) {
  return {
    id: o.id,
    number: o.number,
    receiptNumber: o.receipt_number === null ? null : num(o.receipt_number),
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

/** The order as the API shows it: header, every line (voided too), totals re-derived by the engine. */
export function orderDto(o: OrderRow, lineRows: LineRow[]) {
  const active = lineRows.filter((l) => l.status === 'active').map(lineFromRow);
  const result = price(pricingOrder(o), active);
  const priced = new Map(result.lines.map((l) => [l.id, l]));
  return {
    ...orderHeader(o),
    customerName: o.customer_name,
    guestCount: o.guest_count,
    notes: o.notes,
    source: o.source,
    lines: lineRows.map((r) => {
      const p = priced.get(r.id);
      return {
        id: r.id,
        itemId: r.item_id,
        variantId: r.variant_id,
        name: r.name,
        variantName: r.variant_name,
        quantity: r.quantity,
        unitPrice: num(r.unit_price),
        modifiers: r.modifiers as LineSnapshot['modifiers'],
        notes: r.notes,
        status: r.status,
        voidReason: r.void_reason,
        sent: r.sent_at !== null,
        gross: p?.gross ?? 0,
        discount: (p?.itemDiscount ?? 0) + (p?.orderDiscount ?? 0),
        tax: (p?.taxInclusive ?? 0) + (p?.taxExclusive ?? 0),
        total: p?.total ?? 0,
      };
    }),
    ...totalsOf(result),
    createdAt: o.created_at.toISOString(),
    updatedAt: o.updated_at.toISOString(),
  };
}
export type OrderDto = ReturnType<typeof orderDto>;

/** The stored figures of a priced line. */
export function lineFigures(l: PricedLine) {
  return {
    gross: l.gross,
    item_discount: l.itemDiscount,
    order_discount: l.orderDiscount,
    net: l.net,
    service_charge: l.serviceCharge,
    tax_inclusive: l.taxInclusive,
    tax_exclusive: l.taxExclusive + l.serviceChargeTax,
    total: l.total,
  };
}
export type LineFigures = ReturnType<typeof lineFigures>;

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

/** The stored totals of a priced order, and its payment status given what was paid. */
export function totalColumns(result: PricingResult, paid: number) {
  return {
    taxes: JSON.stringify(result.taxes),
    subtotal: result.subtotal,
    discount_total: result.discountTotal,
    service_charge_total: result.serviceChargeTotal,
    tax_total: result.taxTotal,
    tax_inclusive_total: result.taxInclusiveTotal,
    tax_exclusive_total: result.taxExclusiveTotal,
    total: result.total,
    cash_total: result.cash.total,
    cash_rounding_adjustment: result.cash.roundingAdjustment,
    balance_amount: derivePaymentState(result.total, paid, 0).balance,
    payment_status: derivePaymentState(result.total, paid, 0).paymentStatus,
  };
}
