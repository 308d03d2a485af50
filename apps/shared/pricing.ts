// The register's instant totals: the SAME pure modules the server prices orders with (no copy).
// snapshotLine checks variants and modifier min/max exactly as the server does; pricingInput and
// priceOrder compute the figures. The server stays authoritative: what it answers is what is paid.
import { pricingInput, snapshotLine, type LineSnapshot } from '../../src/modules/orders/order-lines.ts';
import { priceOrder } from '../../src/modules/orders/pricing/engine.ts';
import type { PricingResult } from '../../src/modules/orders/pricing/types.ts';
import type { Ok } from './api-types.ts';

export type { LineSnapshot, PricingResult };
/** GET /v1/catalog/menu as the generated client types it. */
export type MenuShape = Ok<'/v1/catalog/menu', 'get'>;
export type TenantShape = Ok<'/v1/tenant', 'get'>;

export interface TenantPolicy {
  currency: string;
  roundingMode: string;
  taxRounding: string;
  cashRoundingIncrement: number;
}

export interface CartLine {
  id: string;
  itemId: string;
  variantId: string;
  quantity: number;
  modifierOptionIds: string[];
  notes: string | null;
  discounts: { discountId: string; value?: number }[];
}
export interface Cart {
  diningOption: 'dine_in' | 'takeaway' | 'delivery';
  lines: CartLine[];
  discounts: { discountId: string; value?: number }[];
}

/** The item as the server's sale check sees it (SaleItem), built from the menu. */
export function saleItem(menu: MenuShape, itemId: string) {
  const item = menu.items.find((i) => i.id === itemId);
  if (!item) {
    return undefined;
  }
  const rates = new Map(menu.taxRates.map((r) => [r.id, r]));
  const groups = new Map(menu.modifierGroups.map((g) => [g.id, g]));
  return {
    id: item.id,
    name: item.name,
    soldOut: item.soldOut,
    variants: item.variants
      .filter((v) => !v.archived)
      .map((v) => ({ id: v.id, name: v.name, price: v.price })),
    taxRates: item.effectiveTaxRateIds.flatMap((id) => {
      const r = rates.get(id);
      return r && !r.archived ? [{ id: r.id, name: r.name, ratePpm: r.ratePpm, inclusive: r.inclusive }] : [];
    }),
    modifierGroups: item.modifierGroupIds.flatMap((id) => {
      const g = groups.get(id);
      return g && !g.archived
        ? [
            {
              id: g.id,
              name: g.name,
              minSelect: g.minSelect,
              maxSelect: g.maxSelect,
              options: g.options
                .filter((o) => !o.archived)
                .map((o) => ({ id: o.id, name: o.name, price: o.price })),
            },
          ]
        : [];
    }),
  };
}

function discountSnapshot(menu: MenuShape, d: { discountId: string; value?: number }) {
  const found = menu.discounts.find((x) => x.id === d.discountId);
  if (!found) {
    throw new Error('Unknown discount');
  }
  return {
    discountId: found.id,
    name: found.name,
    kind: found.kind === 'fixed' ? ('fixed' as const) : ('percentage' as const),
    value: found.value ?? d.value ?? 0,
  };
}

/** One cart line checked and snapshotted as the server would (throws the server's AppError codes). */
export function snapshotCartLine(menu: MenuShape, line: CartLine): LineSnapshot {
  return snapshotLine(
    saleItem(menu, line.itemId),
    line,
    line.id,
    line.discounts.map((d) => discountSnapshot(menu, d)),
    'line',
  );
}

/** The cart priced by the server's engine: the same figures POST /v1/orders will answer. */
export function priceCart(menu: MenuShape, policy: TenantPolicy, cart: Cart): PricingResult {
  const lines = cart.lines.map((l) => snapshotCartLine(menu, l));
  const rates = new Map(menu.taxRates.map((r) => [r.id, r]));
  const serviceCharges = menu.serviceCharges
    .filter((c) => !c.archived && c.diningOptions.includes(cart.diningOption))
    .map((c) => {
      const taxRates = c.taxable
        ? c.taxRateIds.flatMap((id) => {
            const r = rates.get(id);
            return r && !r.archived
              ? [{ id: r.id, name: r.name, ratePpm: r.ratePpm, inclusive: r.inclusive }]
              : [];
          })
        : [];
      return {
        id: c.id,
        name: c.name,
        rate: c.ratePpm,
        taxable: c.taxable,
        taxRates,
        taxRateIds: taxRates.map((r) => r.id),
      };
    });
  return priceOrder(
    pricingInput(
      {
        currency: policy.currency,
        roundingMode: policy.roundingMode,
        taxRounding: policy.taxRounding,
        cashRoundingIncrement: policy.cashRoundingIncrement,
        discounts: cart.discounts.map((d) => discountSnapshot(menu, d)),
        serviceCharges,
      },
      lines,
    ),
  );
}
