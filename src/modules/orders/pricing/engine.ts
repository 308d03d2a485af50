/**
 * The pricing engine: `priceOrder(input)` turns an order's lines, taxes, discounts, service
 * charges and the tenant's rounding policy into every figure a receipt, a payment and the ledger
 * need. Pure: no I/O, no clock, no randomness; the same input always gives the same result, and
 * the result does not depend on the order of the lines (apart from the order of the output lines,
 * which follows the input) — every allocation breaks ties by line id.
 *
 * Steps (see README.md for the rules and a worked example):
 * 1. gross = quantity × (unitPrice + Σ modifiers)
 * 2. discounts: item % → order % → item fixed → order fixed (discounts.ts)
 * 3. service charges on the exact discounted pre-tax subtotal
 * 4. taxes per line and per service charge, rounded per line or per rate bucket (taxes.ts)
 * 5. service charges (and their taxes) allocated to lines; totals; cash rounding
 */
import { allocateBig } from '../../../platform/money/allocate.ts';
import { roundRational, mulRatio, ratio, sumRatios } from '../../../platform/money/ratio.ts';
import { roundToIncrement } from '../../../platform/money/rounding.ts';
import { applyDiscounts } from './discounts.ts';
import { PricingError } from './errors.ts';
import { compareIds, exactChargeTaxes, exactLineTaxes, roundTaxes } from './taxes.ts';
import {
  PPM,
  type AppliedDiscount,
  type PricedLine,
  type PricingInput,
  type PricingResult,
  type TaxBucket,
} from './types.ts';
import { checkInput } from './validate.ts';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const sum = (values: readonly bigint[]): bigint => values.reduce((a, b) => a + b, 0n);

/** A computed figure as a safe-integer number, or a `PricingError` when the order is too large. */
function out(value: bigint, field: string): number {
  if (value > MAX_SAFE || value < -MAX_SAFE) {
    throw new PricingError(`${field}: ${value} is larger than the largest supported amount`, {
      field,
      reason: 'too_large',
    });
  }
  return Number(value);
}

/**
 * Prices an order. Throws `PricingError` (code `pricing.invalid`) on invalid input: unknown
 * currency or tax rate, negative or non-integer amounts, quantity < 1, rates outside 0…100%,
 * inclusive rates on one line above 100%, duplicate ids, or figures beyond 2^53 − 1.
 */
export function priceOrder(input: PricingInput): PricingResult {
  const checked = checkInput(input);
  const { policy } = checked;
  const mode = policy.roundingMode;

  // Canonical order: by line id. Allocation ties go to the earlier line in this order, so
  // entering the same lines in another order gives every line the same figures.
  const lines = [...checked.lines].sort((a, b) => compareIds(a.id, b.id));

  // 1–2. Gross and discounts.
  const discounted = applyDiscounts(lines, checked.orderDiscounts, mode);
  const nets = discounted.lines.map((d) => d.net);

  // 3. Service charges: a rate of the exact discounted pre-tax subtotal, each rounded once.
  const exactLines = lines.map((l, k) => {
    const net = nets[k] ?? 0n;
    return { net, rates: l.rates, exact: exactLineTaxes({ net, rates: l.rates }) };
  });
  const preTaxSubtotal = sumRatios(exactLines.map((l) => l.exact.preTax));
  const charges = checked.serviceCharges.map((s) => {
    const amount = roundRational(mulRatio(preTaxSubtotal, ratio(BigInt(s.charge.rate), BigInt(PPM))), mode);
    return { ...s, amount, exact: exactChargeTaxes(amount, s.rates) };
  });

  // 4. Taxes.
  const taxes = roundTaxes({ lines: exactLines, charges }, policy.taxRounding, mode);
  const lineTaxes = lines.map((l, k) => {
    const amounts = taxes.lines[k] ?? [];
    const inclusive = sum(l.rates.map((r, n) => (r.inclusive ? (amounts[n] ?? 0n) : 0n)));
    const exclusive = sum(l.rates.map((r, n) => (r.inclusive ? 0n : (amounts[n] ?? 0n))));
    return { amounts, inclusive, exclusive, preTax: (nets[k] ?? 0n) - inclusive };
  });
  const chargeTaxes = charges.map((_, c) => taxes.charges[c] ?? []);

  // 5. Service charges to lines in proportion to their pre-tax amounts, and each charge's
  // taxes to lines in proportion to their share of that charge.
  const lineCharge = lines.map(() => 0n);
  const lineChargeTax = lines.map(() => 0n);
  for (const [c, charge] of charges.entries()) {
    const shares = allocateBig(
      charge.amount,
      lineTaxes.map((t) => t.preTax),
    );
    for (const [k, share] of shares.entries()) {
      lineCharge[k] = (lineCharge[k] ?? 0n) + share;
    }
    for (const tax of chargeTaxes[c] ?? []) {
      for (const [k, share] of allocateBig(tax, shares).entries()) {
        lineChargeTax[k] = (lineChargeTax[k] ?? 0n) + share;
      }
    }
  }

  // Lines back in input order.
  const priced: PricedLine[] = new Array<PricedLine>(lines.length);
  for (const [k, line] of lines.entries()) {
    const f = `lines[${line.index}]`;
    const d = discounted.lines[k];
    const t = lineTaxes[k];
    if (!d || !t) {
      continue;
    }
    const itemDiscount = sum(d.item);
    const orderDiscount = sum(d.order);
    const serviceCharge = lineCharge[k] ?? 0n;
    const serviceChargeTax = lineChargeTax[k] ?? 0n;
    const discounts: AppliedDiscount[] = [
      ...line.discounts.map((disc, j) => ({
        id: disc.id,
        scope: 'item' as const,
        kind: disc.kind,
        amount: out(d.item[j] ?? 0n, `${f}.discounts[${j}]`),
      })),
      ...checked.orderDiscounts.map((disc, j) => ({
        id: disc.id,
        scope: 'order' as const,
        kind: disc.kind,
        amount: out(d.order[j] ?? 0n, `${f}.orderDiscount`),
      })),
    ];
    priced[line.index] = {
      id: line.id,
      quantity: line.quantity,
      gross: out(line.gross, `${f}.gross`),
      itemDiscount: out(itemDiscount, `${f}.itemDiscount`),
      orderDiscount: out(orderDiscount, `${f}.orderDiscount`),
      net: out(d.net, `${f}.net`),
      preTax: out(t.preTax, `${f}.preTax`),
      serviceCharge: out(serviceCharge, `${f}.serviceCharge`),
      serviceChargeTax: out(serviceChargeTax, `${f}.serviceChargeTax`),
      taxes: line.rates.map((r, n) => ({
        taxRateId: r.id,
        amount: out(t.amounts[n] ?? 0n, `${f}.taxes`),
        inclusive: r.inclusive,
      })),
      taxInclusive: out(t.inclusive, `${f}.taxInclusive`),
      taxExclusive: out(t.exclusive, `${f}.taxExclusive`),
      total: out(d.net + serviceCharge + serviceChargeTax + t.exclusive, `${f}.total`),
      discounts,
    };
  }

  // Tax buckets, in `taxRates` order, for every rate a line or a taxable charge uses.
  const buckets: TaxBucket[] = [];
  for (const rate of checked.taxRates) {
    let used = false;
    let amount = 0n;
    let base = 0n;
    for (const [k, line] of lines.entries()) {
      const n = line.rates.findIndex((r) => r.id === rate.id);
      if (n >= 0) {
        used = true;
        amount += lineTaxes[k]?.amounts[n] ?? 0n;
        base += lineTaxes[k]?.preTax ?? 0n;
      }
    }
    for (const [c, charge] of charges.entries()) {
      const n = charge.rates.findIndex((r) => r.id === rate.id);
      if (n >= 0) {
        used = true;
        amount += chargeTaxes[c]?.[n] ?? 0n;
        base += charge.amount;
      }
    }
    if (used) {
      buckets.push({
        taxRateId: rate.id,
        name: rate.name,
        rate: rate.rate,
        inclusive: rate.inclusive,
        taxableBase: out(base, `taxes.${rate.id}.taxableBase`),
        amount: out(amount, `taxes.${rate.id}.amount`),
      });
    }
  }

  const subtotal = sum(lines.map((l) => l.gross));
  const itemDiscountTotal = sum(discounted.lines.map((d) => sum(d.item)));
  const orderDiscountTotal = sum(discounted.order);
  const serviceChargeTotal = sum(charges.map((c) => c.amount));
  const taxInclusiveTotal = sum(lineTaxes.map((t) => t.inclusive));
  const chargeTaxTotal = sum(chargeTaxes.map(sum));
  const taxExclusiveTotal = sum(lineTaxes.map((t) => t.exclusive)) + chargeTaxTotal;
  const total = subtotal - itemDiscountTotal - orderDiscountTotal + serviceChargeTotal + taxExclusiveTotal;
  const totalNumber = out(total, 'total');
  const cashTotal = roundCash(totalNumber, policy.cashRoundingIncrement);

  return {
    currency: checked.currency,
    exponent: checked.exponent,
    lines: priced,
    subtotal: out(subtotal, 'subtotal'),
    itemDiscountTotal: out(itemDiscountTotal, 'itemDiscountTotal'),
    orderDiscountTotal: out(orderDiscountTotal, 'orderDiscountTotal'),
    discountTotal: out(itemDiscountTotal + orderDiscountTotal, 'discountTotal'),
    serviceChargeTotal: out(serviceChargeTotal, 'serviceChargeTotal'),
    taxInclusiveTotal: out(taxInclusiveTotal, 'taxInclusiveTotal'),
    taxExclusiveTotal: out(taxExclusiveTotal, 'taxExclusiveTotal'),
    taxTotal: out(taxInclusiveTotal + taxExclusiveTotal, 'taxTotal'),
    taxes: buckets,
    serviceCharges: charges.map((c, n) => ({
      id: c.charge.id,
      name: c.charge.name,
      rate: c.charge.rate,
      taxable: c.charge.taxable,
      amount: out(c.amount, `serviceCharges[${n}].amount`),
      tax: out(sum(chargeTaxes[n] ?? []), `serviceCharges[${n}].tax`),
      taxes: c.rates.map((r, m) => ({
        taxRateId: r.id,
        amount: out(chargeTaxes[n]?.[m] ?? 0n, `serviceCharges[${n}].taxes`),
      })),
    })),
    orderDiscounts: checked.orderDiscounts.map((d, j) => ({
      id: d.id,
      name: d.name,
      kind: d.kind,
      value: d.value,
      amount: out(discounted.order[j] ?? 0n, `orderDiscounts[${j}].amount`),
    })),
    total: totalNumber,
    cash: {
      increment: policy.cashRoundingIncrement,
      total: cashTotal,
      roundingAdjustment: cashTotal - totalNumber,
    },
  };
}

/** Cash rounding is always half-up (half away from zero) — what cashiers and tills expect. */
function roundCash(total: number, increment: number): number {
  try {
    return roundToIncrement(total, increment, 'half_up');
  } catch {
    throw new PricingError('cash.total: rounded total is larger than the largest supported amount', {
      field: 'cash.total',
      reason: 'too_large',
    });
  }
}
