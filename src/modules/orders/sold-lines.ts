import type { SaleTaxRate } from '../catalog/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AppliedDiscountSnapshot, LineInput, LineSnapshot } from './order-lines.ts';

/** A line as a register sold it offline: what its cached catalog said, and so what the customer paid. */
export interface SoldLine {
  name: string;
  variantName: string;
  unitPrice: number;
  modifiers: LineSnapshot['modifiers'];
  taxRates: SaleTaxRate[];
}

/** Why a synced sale differs from what the catalog says now (or why it was refused). */
export interface SaleReason {
  code: string;
  message: string;
  lineId?: string;
  itemId?: string;
  /** Unit price (with options) the customer paid, and the catalog's now. */
  paid?: number;
  current?: number;
}

/** Lines sold offline, by line id, and where to note what differs from the catalog now. */
export interface SoldAsPaid {
  lines: ReadonlyMap<string, SoldLine>;
  reasons: SaleReason[];
}

const unitWithOptions = (l: { unitPrice: number; modifiers: { price: number }[] }) =>
  l.unitPrice + l.modifiers.reduce((s, m) => s + m.price, 0);

const taxKey = (rates: SaleTaxRate[]) =>
  rates
    .map((r) => `${r.id}:${r.ratePpm}:${r.inclusive}`)
    .sort()
    .join(',');

/**
 * A line of an offline sale. The sale stands at the price the customer paid: when the catalog
 * now agrees, the line is as the catalog says; when a price or tax changed, the line keeps what
 * was sold (reason `price_changed` / `tax_changed`); when the item cannot be sold now (archived,
 * sold out, its options changed), the line is the sold snapshot (`item_sold_out` /
 * `item_unavailable`). Every difference is noted for the conflict report.
 */
export function standAsSold(
  current: () => LineSnapshot,
  input: LineInput,
  id: string,
  discounts: AppliedDiscountSnapshot[],
  sold: SoldLine,
  reasons: SaleReason[],
): LineSnapshot {
  let now: LineSnapshot;
  try {
    now = current();
  } catch (err) {
    if (!(err instanceof AppError)) {
      throw err;
    }
    reasons.push({
      code: err.code === 'items.sold_out' ? 'item_sold_out' : 'item_unavailable',
      message: `${sold.name}: ${err.message} Synced as sold offline, at the price paid.`,
      lineId: id,
      itemId: input.itemId,
      paid: unitWithOptions(sold),
    });
    return {
      id,
      itemId: input.itemId,
      variantId: input.variantId,
      name: sold.name,
      variantName: sold.variantName,
      quantity: input.quantity,
      unitPrice: sold.unitPrice,
      modifiers: sold.modifiers,
      taxRates: sold.taxRates,
      discounts,
      notes: input.notes ?? null,
    };
  }
  const paid = unitWithOptions(sold);
  const currentPrice = unitWithOptions(now);
  const priceChanged =
    now.unitPrice !== sold.unitPrice ||
    now.modifiers.length !== sold.modifiers.length ||
    now.modifiers.some((m) => sold.modifiers.find((s) => s.optionId === m.optionId)?.price !== m.price);
  const taxChanged = taxKey(now.taxRates) !== taxKey(sold.taxRates);
  if (priceChanged) {
    reasons.push({
      code: 'price_changed',
      // The amounts are `paid` and `current` (minor units): a client formats them in its currency.
      message: `${now.name}: price changed since the register's catalog; the sale stands at the price paid.`,
      lineId: id,
      itemId: input.itemId,
      paid,
      current: currentPrice,
    });
  }
  if (taxChanged) {
    reasons.push({
      code: 'tax_changed',
      message: `${now.name}: its taxes changed since the register's catalog; the sale stands with the taxes charged.`,
      lineId: id,
      itemId: input.itemId,
    });
  }
  return priceChanged || taxChanged
    ? { ...now, unitPrice: sold.unitPrice, modifiers: sold.modifiers, taxRates: sold.taxRates }
    : now;
}
