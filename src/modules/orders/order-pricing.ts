// Pricing an order from what it stores: its snapshots (lines, discounts, service charges, taxes)
// and policy, read back from rows and priced by the shared engine — once per mutation, with the
// stored amounts kept inside what a column can hold.
import { AppError } from '../../platform/http/errors.ts';
import { exceedsMaxAmount, MAX_AMOUNT } from '../../platform/money/money.ts';
import type { SaleTaxRate } from '../catalog/index.ts';
import { pricingInput, type AppliedDiscountSnapshot, type LineSnapshot } from './order-lines.ts';
import { priceOrder } from './pricing/engine.ts';
import { PricingError } from './pricing/errors.ts';
import type { PricingResult, ServiceCharge } from './pricing/types.ts';

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
