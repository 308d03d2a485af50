/**
 * Input and output of the pricing engine. Plain JSON-friendly data: amounts are integers in
 * minor units of `currency` (ISO 4217 exponent: USD cents, IDR sen — Rp 35.000 is 3_500_000,
 * JPY yen), rates and percentages are integers in parts per million (10% = 100_000,
 * 8.875% = 88_750).
 */
import type { RoundingMode } from '../../../platform/money/rounding.ts';

export type { RoundingMode };

/** One million: the denominator of every rate and percentage. */
export const PPM = 1_000_000;

/** `line`: round each line's tax per rate. `bucket`: round once per tax rate over the order. */
export type TaxRounding = 'line' | 'bucket';

export interface TaxRate {
  id: string;
  name: string;
  /** Parts per million, 0…1_000_000 (10% = 100_000). */
  rate: number;
  /** Inclusive: the price already contains the tax. Exclusive: the tax is added on top. */
  inclusive: boolean;
}

export interface Discount {
  id: string;
  name: string;
  kind: 'percentage' | 'fixed';
  /** `percentage`: parts per million, 0…1_000_000. `fixed`: minor units ≥ 0. */
  value: number;
}

export interface ServiceCharge {
  id: string;
  name: string;
  /** Parts per million of the discounted pre-tax subtotal, 0…1_000_000. */
  rate: number;
  /** When true, the taxes in `taxRateIds` are added on top of the charge. */
  taxable: boolean;
  taxRateIds: string[];
}

export interface PricingModifier {
  id: string;
  /** Minor units ≥ 0, per unit of the line (a line of 2 with a +5.00 modifier adds 10.00). */
  unitPrice: number;
}

export interface PricingLine {
  /** Unique within the order; also the deterministic tie-breaker for allocations. */
  id: string;
  /** Positive integer. */
  quantity: number;
  /** Minor units ≥ 0: the base price of the chosen item/variant, per unit. */
  unitPrice: number;
  modifiers?: PricingModifier[];
  /** Taxes on this line; the inclusive ones together at most 100%. */
  taxRateIds?: string[];
  /** Item-level discounts. */
  discounts?: Discount[];
}

export interface PricingPolicy {
  /** Used for every rounding except cash rounding (which is always half-up). */
  roundingMode: RoundingMode;
  taxRounding: TaxRounding;
  /**
   * Cash rounding step in minor units; 0 or 1 = none. IDR to Rp100 = 10_000 (exponent 2),
   * CHF to 0.05 = 5.
   */
  cashRoundingIncrement: number;
}

export interface PricingInput {
  currency: string;
  lines: PricingLine[];
  /** Every rate a line or service charge refers to. */
  taxRates?: TaxRate[];
  orderDiscounts?: Discount[];
  serviceCharges?: ServiceCharge[];
  policy: PricingPolicy;
}

/** A discount as applied to one line (item discounts, and this line's share of order discounts). */
export interface AppliedDiscount {
  id: string;
  scope: 'item' | 'order';
  kind: 'percentage' | 'fixed';
  /** What was actually taken off this line (after capping). */
  amount: number;
}

export interface LineTax {
  taxRateId: string;
  amount: number;
  inclusive: boolean;
}

export interface PricedLine {
  id: string;
  quantity: number;
  /** quantity × (unitPrice + Σ modifier unitPrice). */
  gross: number;
  itemDiscount: number;
  /** This line's share of the order-level discounts. */
  orderDiscount: number;
  /** gross − itemDiscount − orderDiscount (still contains inclusive tax). */
  net: number;
  /** net − taxInclusive: the line's amount before any tax. */
  preTax: number;
  /** This line's share of the service charges (reporting / line refunds). */
  serviceCharge: number;
  /** This line's share of the taxes on the service charges (exclusive). */
  serviceChargeTax: number;
  /** The line's own taxes, in the order of its `taxRateIds`. */
  taxes: LineTax[];
  taxInclusive: number;
  /** The line's own exclusive taxes (not the service-charge tax). */
  taxExclusive: number;
  /** net + serviceCharge + serviceChargeTax + taxExclusive. Σ lines' total = order total. */
  total: number;
  /** Item discounts in input order, then order discounts in input order. */
  discounts: AppliedDiscount[];
}

export interface TaxBucket {
  taxRateId: string;
  name: string;
  rate: number;
  inclusive: boolean;
  /** Σ preTax of the lines with this rate + Σ taxable service charges with this rate. */
  taxableBase: number;
  /** Everything taxed at this rate (lines and service charges). */
  amount: number;
}

export interface PricedServiceCharge {
  id: string;
  name: string;
  rate: number;
  taxable: boolean;
  amount: number;
  /** Σ taxes — always added on top (exclusive), whatever the rate's own flag. */
  tax: number;
  taxes: { taxRateId: string; amount: number }[];
}

export interface PricedOrderDiscount {
  id: string;
  name: string;
  kind: 'percentage' | 'fixed';
  value: number;
  /** What was actually applied to the order (after capping); Σ line shares equals it. */
  amount: number;
}

export interface PricingResult {
  currency: string;
  /** ISO 4217 exponent of the currency. */
  exponent: number;
  /** In input order. */
  lines: PricedLine[];
  /** Σ gross. */
  subtotal: number;
  itemDiscountTotal: number;
  orderDiscountTotal: number;
  /** itemDiscountTotal + orderDiscountTotal. */
  discountTotal: number;
  serviceChargeTotal: number;
  /** Tax inside the prices. */
  taxInclusiveTotal: number;
  /** Tax added on top: lines' exclusive taxes + all service-charge taxes. */
  taxExclusiveTotal: number;
  taxTotal: number;
  /** One per tax rate used by a line or a taxable service charge, in `taxRates` order. */
  taxes: TaxBucket[];
  /** In input order. */
  serviceCharges: PricedServiceCharge[];
  /** In input order. */
  orderDiscounts: PricedOrderDiscount[];
  /** subtotal − discountTotal + serviceChargeTotal + taxExclusiveTotal = Σ lines' total. */
  total: number;
  /** For a cash tender only: the total rounded half-up to the cash increment. */
  cash: {
    increment: number;
    total: number;
    /** cash.total − total; may be negative. */
    roundingAdjustment: number;
  };
}
