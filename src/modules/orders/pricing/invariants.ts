/**
 * The identities every `PricingResult` satisfies, as a checker: `reconcileErrors(result)` lists
 * the ones that fail (none, ever — the property tests run it on thousands of random orders). The
 * orders module may also call it defensively before persisting a priced order.
 */
import type { PricingResult } from './types.ts';

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Every violated identity, described; empty when the result reconciles. */
export function reconcileErrors(r: PricingResult): string[] {
  const errors: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) {
      errors.push(what);
    }
  };

  // Order-level identities.
  check(
    r.total === r.subtotal - r.discountTotal + r.serviceChargeTotal + r.taxExclusiveTotal,
    'total = subtotal − discountTotal + serviceChargeTotal + taxExclusiveTotal',
  );
  check(r.total === sum(r.lines.map((l) => l.total)), 'total = Σ lines.total');
  check(r.subtotal === sum(r.lines.map((l) => l.gross)), 'subtotal = Σ lines.gross');
  check(r.discountTotal === r.itemDiscountTotal + r.orderDiscountTotal, 'discountTotal = item + order');
  check(r.itemDiscountTotal === sum(r.lines.map((l) => l.itemDiscount)), 'itemDiscountTotal = Σ lines');
  check(r.orderDiscountTotal === sum(r.lines.map((l) => l.orderDiscount)), 'orderDiscountTotal = Σ lines');
  check(
    r.orderDiscountTotal === sum(r.orderDiscounts.map((d) => d.amount)),
    'orderDiscountTotal = Σ discounts',
  );
  for (const d of r.orderDiscounts) {
    const shares = r.lines.map(
      (l) => l.discounts.find((a) => a.scope === 'order' && a.id === d.id)?.amount ?? 0,
    );
    check(d.amount === sum(shares), `order discount ${d.id} = Σ line shares`);
  }
  check(
    r.serviceChargeTotal === sum(r.serviceCharges.map((s) => s.amount)),
    'serviceChargeTotal = Σ charges',
  );
  check(
    r.serviceChargeTotal === sum(r.lines.map((l) => l.serviceCharge)),
    'serviceChargeTotal = Σ line shares',
  );
  const chargeTax = sum(r.serviceCharges.map((s) => s.tax));
  check(chargeTax === sum(r.lines.map((l) => l.serviceChargeTax)), 'Σ charge tax = Σ line shares');
  for (const s of r.serviceCharges) {
    check(s.tax === sum(s.taxes.map((t) => t.amount)), `charge ${s.id} tax = Σ its taxes`);
  }
  check(r.taxTotal === r.taxInclusiveTotal + r.taxExclusiveTotal, 'taxTotal = inclusive + exclusive');
  check(r.taxTotal === sum(r.taxes.map((t) => t.amount)), 'taxTotal = Σ buckets');
  check(r.taxInclusiveTotal === sum(r.lines.map((l) => l.taxInclusive)), 'taxInclusiveTotal = Σ lines');
  check(
    r.taxExclusiveTotal === sum(r.lines.map((l) => l.taxExclusive)) + chargeTax,
    'taxExclusiveTotal = Σ lines + Σ charge taxes',
  );
  for (const b of r.taxes) {
    const onLines = sum(
      r.lines.map((l) => sum(l.taxes.filter((t) => t.taxRateId === b.taxRateId).map((t) => t.amount))),
    );
    const onCharges = sum(
      r.serviceCharges.map((s) =>
        sum(s.taxes.filter((t) => t.taxRateId === b.taxRateId).map((t) => t.amount)),
      ),
    );
    check(b.amount === onLines + onCharges, `bucket ${b.taxRateId} = Σ line + charge taxes`);
  }

  // Line identities.
  for (const l of r.lines) {
    check(l.net === l.gross - l.itemDiscount - l.orderDiscount, `line ${l.id}: net = gross − discounts`);
    check(l.preTax === l.net - l.taxInclusive, `line ${l.id}: preTax = net − taxInclusive`);
    check(
      l.total === l.net + l.serviceCharge + l.serviceChargeTax + l.taxExclusive,
      `line ${l.id}: total = net + serviceCharge + serviceChargeTax + taxExclusive`,
    );
    check(
      l.taxInclusive === sum(l.taxes.filter((t) => t.inclusive).map((t) => t.amount)),
      `line ${l.id}: taxInclusive = Σ inclusive taxes`,
    );
    check(
      l.taxExclusive === sum(l.taxes.filter((t) => !t.inclusive).map((t) => t.amount)),
      `line ${l.id}: taxExclusive = Σ exclusive taxes`,
    );
    check(
      l.itemDiscount === sum(l.discounts.filter((d) => d.scope === 'item').map((d) => d.amount)),
      `line ${l.id}: itemDiscount = Σ item discounts`,
    );
    check(
      l.orderDiscount === sum(l.discounts.filter((d) => d.scope === 'order').map((d) => d.amount)),
      `line ${l.id}: orderDiscount = Σ order discount shares`,
    );
  }

  // Cash.
  check(r.cash.total === r.total + r.cash.roundingAdjustment, 'cash.total = total + roundingAdjustment');
  check(
    r.subtotal + r.serviceChargeTotal + r.taxExclusiveTotal - r.discountTotal + r.cash.roundingAdjustment ===
      r.cash.total,
    'cash.total = subtotal + service + exclusive tax − discounts + rounding',
  );
  if (r.cash.increment > 1) {
    check(r.cash.total % r.cash.increment === 0, 'cash.total is a multiple of the increment');
    check(
      2 * Math.abs(r.cash.roundingAdjustment) <= r.cash.increment,
      '|roundingAdjustment| ≤ increment / 2',
    );
  } else {
    check(r.cash.roundingAdjustment === 0, 'no cash rounding without an increment');
  }

  // Nothing negative, every figure a safe integer (the cash adjustment may be negative).
  const figures: [string, number][] = [
    ['subtotal', r.subtotal],
    ['itemDiscountTotal', r.itemDiscountTotal],
    ['orderDiscountTotal', r.orderDiscountTotal],
    ['discountTotal', r.discountTotal],
    ['serviceChargeTotal', r.serviceChargeTotal],
    ['taxInclusiveTotal', r.taxInclusiveTotal],
    ['taxExclusiveTotal', r.taxExclusiveTotal],
    ['taxTotal', r.taxTotal],
    ['total', r.total],
    ['cash.total', r.cash.total],
    ...r.taxes.flatMap((t): [string, number][] => [
      [`taxes.${t.taxRateId}.amount`, t.amount],
      [`taxes.${t.taxRateId}.taxableBase`, t.taxableBase],
    ]),
    ...r.serviceCharges.flatMap((s): [string, number][] => [
      [`serviceCharges.${s.id}.amount`, s.amount],
      [`serviceCharges.${s.id}.tax`, s.tax],
      ...s.taxes.map((t): [string, number] => [`serviceCharges.${s.id}.${t.taxRateId}`, t.amount]),
    ]),
    ...r.orderDiscounts.map((d): [string, number] => [`orderDiscounts.${d.id}`, d.amount]),
    ...r.lines.flatMap((l): [string, number][] => [
      ...(
        [
          'gross',
          'itemDiscount',
          'orderDiscount',
          'net',
          'preTax',
          'serviceCharge',
          'serviceChargeTax',
          'taxInclusive',
          'taxExclusive',
          'total',
        ] as const
      ).map((k): [string, number] => [`lines.${l.id}.${k}`, l[k]]),
      ...l.taxes.map((t): [string, number] => [`lines.${l.id}.taxes.${t.taxRateId}`, t.amount]),
      ...l.discounts.map((d): [string, number] => [`lines.${l.id}.discounts.${d.scope}.${d.id}`, d.amount]),
    ]),
  ];
  for (const [name, value] of figures) {
    check(Number.isSafeInteger(value) && value >= 0, `${name} = ${value} is a non-negative safe integer`);
  }
  check(Number.isSafeInteger(r.cash.roundingAdjustment), 'roundingAdjustment is a safe integer');
  return errors;
}

/** Throws listing every violated identity. */
export function assertReconciles(result: PricingResult): void {
  const errors = reconcileErrors(result);
  if (errors.length > 0) {
    throw new Error(`pricing result does not reconcile:\n- ${errors.join('\n- ')}`);
  }
}
