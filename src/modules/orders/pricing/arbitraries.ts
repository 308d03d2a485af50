/**
 * fast-check generators of random but valid pricing inputs, for the property tests. Biased
 * towards the edges: tiny and zero prices, 0% and 100% rates, exact halves, large amounts.
 */
import fc from 'fast-check';
import {
  PPM,
  type Discount,
  type PricingInput,
  type PricingLine,
  type RoundingMode,
  type ServiceCharge,
  type TaxRate,
  type TaxRounding,
} from './types.ts';

export const ppmArb = fc.oneof(
  fc.constantFrom(0, 25_000, 50_000, 80_000, 88_750, 100_000, 110_000, 200_000, 500_000, PPM),
  fc.integer({ min: 0, max: PPM }),
);

/** Prices: mostly cents-to-hundreds, sometimes zero or tiny, sometimes large. */
export const priceArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 100_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 10_000_000_000 }) },
);

const discountArb: fc.Arbitrary<Omit<Discount, 'id'>> = fc.oneof(
  fc.record({ name: fc.constant('p'), kind: fc.constant('percentage' as const), value: ppmArb }),
  fc.record({ name: fc.constant('f'), kind: fc.constant('fixed' as const), value: priceArb }),
);

const withIds = <T>(prefix: string, items: readonly T[]): (T & { id: string })[] =>
  items.map((item, i) => ({ ...item, id: `${prefix}${i}` }));

/** Keeps the line's rates in order, dropping inclusive ones that would push the sum past 100%. */
function capInclusive(ids: readonly string[], rates: readonly TaxRate[]): string[] {
  let inclusive = 0;
  return ids.filter((id) => {
    const rate = rates.find((r) => r.id === id);
    if (!rate?.inclusive) {
      return true;
    }
    if (inclusive + rate.rate > PPM) {
      return false;
    }
    inclusive += rate.rate;
    return true;
  });
}

export interface InputOptions {
  maxLines?: number;
  price?: fc.Arbitrary<number>;
  ppm?: fc.Arbitrary<number>;
}

export function pricingInputArb(options: InputOptions = {}): fc.Arbitrary<PricingInput> {
  const price = options.price ?? priceArb;
  const ppm = options.ppm ?? ppmArb;
  const base = fc.record({
    currency: fc.constantFrom('USD', 'IDR', 'JPY', 'KRW', 'KWD', 'CHF', 'GBP', 'INR'),
    taxRates: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom('vat', 'pb1', 'ppn', 'gst', 'a', 'b', 'z'),
        name: fc.constant('tax'),
        rate: ppm,
        inclusive: fc.boolean(),
      }),
      { selector: (t) => t.id, maxLength: 4 },
    ),
    policy: fc.record({
      roundingMode: fc.constantFrom<RoundingMode>('half_even', 'half_up'),
      taxRounding: fc.constantFrom<TaxRounding>('line', 'bucket'),
      cashRoundingIncrement: fc.constantFrom(0, 1, 5, 10, 100, 10_000),
    }),
  });
  return base.chain(({ currency, taxRates, policy }) => {
    const ids = taxRates.map((t) => t.id);
    const lineArb = fc.record({
      id: fc.integer({ min: 0, max: 46_655 }).map((n) => n.toString(36)),
      quantity: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 50 })),
      unitPrice: price,
      modifiers: fc.array(
        fc.record({ id: fc.constant('m'), unitPrice: fc.integer({ min: 0, max: 5_000 }) }),
        {
          maxLength: 3,
        },
      ),
      taxRateIds: fc.shuffledSubarray(ids),
      discounts: fc.array(discountArb, { maxLength: 3 }),
    });
    return fc
      .record({
        lines: fc.uniqueArray(lineArb, { selector: (l) => l.id, maxLength: options.maxLines ?? 8 }),
        orderDiscounts: fc.array(discountArb, { maxLength: 3 }),
        serviceCharges: fc.array(
          fc.record({
            name: fc.constant('svc'),
            rate: fc.oneof(fc.constantFrom(0, 50_000, 100_000, 125_000), ppm),
            taxable: fc.boolean(),
            taxRateIds: fc.shuffledSubarray(ids),
          }),
          { maxLength: 2 },
        ),
      })
      .map(({ lines, orderDiscounts, serviceCharges }): PricingInput => ({
        currency,
        taxRates,
        policy,
        lines: lines.map((l): PricingLine => ({
          ...l,
          taxRateIds: capInclusive(l.taxRateIds, taxRates),
          discounts: withIds<Omit<Discount, 'id'>>('d', l.discounts),
        })),
        orderDiscounts: withIds<Omit<Discount, 'id'>>('o', orderDiscounts),
        serviceCharges: withIds<Omit<ServiceCharge, 'id'>>('s', serviceCharges),
      }));
  });
}
