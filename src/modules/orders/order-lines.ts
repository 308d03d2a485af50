import { AppError } from '../../platform/http/errors.ts';
import type { SaleItem, SaleTaxRate } from '../catalog/index.ts';
import type { Discount, PricingInput, PricingResult, ServiceCharge, TaxRate } from './pricing/types.ts';

import type { DiscountInput, LineInput } from './orders.contracts.ts';

/** A line as a client asks for it (the request schema's type). */
export type { DiscountInput, LineInput };

/** What is stored on a line when it is added: a snapshot of the catalog at that moment. */
export interface LineSnapshot {
  id: string;
  itemId: string;
  variantId: string;
  name: string;
  variantName: string;
  quantity: number;
  unitPrice: number;
  modifiers: { optionId: string; groupId: string; groupName: string; name: string; price: number }[];
  taxRates: SaleTaxRate[];
  discounts: AppliedDiscountSnapshot[];
  notes: string | null;
}
export interface AppliedDiscountSnapshot {
  discountId: string;
  name: string;
  kind: 'percentage' | 'fixed';
  value: number;
}

/**
 * Checks a requested line against the item as sold now and snapshots it: the variant must be
 * live, the item not sold out here, and the chosen options must satisfy every group's min/max.
 */
export function snapshotLine(
  item: SaleItem | undefined,
  input: LineInput,
  id: string,
  discounts: AppliedDiscountSnapshot[],
  path: string,
): LineSnapshot {
  if (!item) {
    throw new AppError('items.not_found', 'Unknown item.', { id: input.itemId, field: `${path}.itemId` });
  }
  const variant = item.variants.find((v) => v.id === input.variantId);
  if (!variant) {
    throw new AppError('item_variants.not_found', 'Unknown variant of this item.', {
      id: input.variantId,
      field: `${path}.variantId`,
    });
  }
  if (item.soldOut) {
    throw new AppError('items.sold_out', `${item.name} is sold out at this outlet.`, {
      itemId: item.id,
      field: `${path}.itemId`,
    });
  }
  const chosen = [...new Set(input.modifierOptionIds ?? [])];
  const modifiers: LineSnapshot['modifiers'] = [];
  const used = new Set<string>();
  for (const group of item.modifierGroups) {
    const picked = group.options.filter((o) => chosen.includes(o.id));
    picked.forEach((o) => used.add(o.id));
    const max = group.maxSelect;
    if (picked.length < group.minSelect || (max !== null && picked.length > max)) {
      const range =
        max === null
          ? `at least ${group.minSelect}`
          : group.minSelect === max
            ? `exactly ${max}`
            : `${group.minSelect} to ${max}`;
      throw new AppError(
        'orders.modifiers_invalid',
        `"${group.name}" needs ${range} choice(s); got ${picked.length}.`,
        {
          field: `${path}.modifierOptionIds`,
          groupId: group.id,
          group: group.name,
          minSelect: group.minSelect,
          maxSelect: max,
          selected: picked.length,
        },
      );
    }
    for (const o of picked) {
      modifiers.push({
        optionId: o.id,
        groupId: group.id,
        groupName: group.name,
        name: o.name,
        price: o.price,
      });
    }
  }
  const stray = chosen.filter((o) => !used.has(o));
  if (stray.length) {
    throw new AppError('orders.modifiers_invalid', 'These options do not belong to this item.', {
      field: `${path}.modifierOptionIds`,
      ids: stray,
    });
  }
  return {
    id,
    itemId: item.id,
    variantId: variant.id,
    name: item.name,
    variantName: variant.name,
    quantity: input.quantity,
    unitPrice: variant.price,
    modifiers,
    taxRates: item.taxRates,
    discounts,
    notes: input.notes ?? null,
  };
}

const toDiscount = (d: AppliedDiscountSnapshot): Discount => ({
  id: d.discountId,
  name: d.name,
  kind: d.kind,
  value: d.value,
});

/** The pricing engine's input for an order: its active lines as snapshotted, its discounts and charges. */
export function pricingInput(
  order: {
    currency: string;
    roundingMode: string;
    taxRounding: string;
    cashRoundingIncrement: number;
    discounts: AppliedDiscountSnapshot[];
    serviceCharges: (ServiceCharge & { taxRates: SaleTaxRate[] })[];
  },
  lines: Pick<LineSnapshot, 'id' | 'quantity' | 'unitPrice' | 'modifiers' | 'taxRates' | 'discounts'>[],
): PricingInput {
  const rates = new Map<string, TaxRate>();
  const addRate = (r: SaleTaxRate) =>
    rates.set(r.id, { id: r.id, name: r.name, rate: r.ratePpm, inclusive: r.inclusive });
  lines.forEach((l) => l.taxRates.forEach(addRate));
  order.serviceCharges.forEach((s) => s.taxRates.forEach(addRate));
  return {
    currency: order.currency,
    lines: lines.map((l) => ({
      id: l.id,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      modifiers: l.modifiers.map((m) => ({ id: m.optionId, unitPrice: m.price })),
      taxRateIds: l.taxRates.map((r) => r.id),
      discounts: l.discounts.map(toDiscount),
    })),
    // Stable order (by id): the receipt's tax lines must not depend on the order lines were added.
    taxRates: [...rates.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    orderDiscounts: order.discounts.map(toDiscount),
    serviceCharges: order.serviceCharges.map(({ taxRates: _taxRates, ...s }) => s),
    policy: {
      roundingMode: order.roundingMode === 'half_up' ? 'half_up' : 'half_even',
      taxRounding: order.taxRounding === 'line' ? 'line' : 'bucket',
      cashRoundingIncrement: order.cashRoundingIncrement,
    },
  };
}

/** The totals block every order response (and /calculate) carries. */
export function totalsOf(result: PricingResult) {
  return {
    subtotal: result.subtotal,
    discountTotal: result.discountTotal,
    serviceChargeTotal: result.serviceChargeTotal,
    taxTotal: result.taxTotal,
    taxInclusiveTotal: result.taxInclusiveTotal,
    taxExclusiveTotal: result.taxExclusiveTotal,
    total: result.total,
    cash: { total: result.cash.total, roundingAdjustment: result.cash.roundingAdjustment },
    taxes: result.taxes.map((t) => ({
      taxRateId: t.taxRateId,
      name: t.name,
      ratePpm: t.rate,
      inclusive: t.inclusive,
      taxableBase: t.taxableBase,
      amount: t.amount,
    })),
    serviceCharges: result.serviceCharges.map((s) => ({
      id: s.id,
      name: s.name,
      ratePpm: s.rate,
      amount: s.amount,
      tax: s.tax,
    })),
    discounts: result.orderDiscounts.map((d) => ({
      id: d.id,
      name: d.name,
      kind: d.kind,
      value: d.value,
      amount: d.amount,
    })),
  };
}
