import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ratio, roundRational, sumRatios, type Ratio } from '../../../platform/money/ratio.ts';
import { pricingInputArb } from './arbitraries.ts';
import { priceOrder } from './engine.ts';
import { reconcileErrors } from './invariants.ts';
import { PPM, type PricedLine, type PricingInput } from './types.ts';

/** Same data, object keys in reverse order everywhere. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map(reverseKeys) as T;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    ) as T;
  }
  return value;
}

const byId = (lines: readonly PricedLine[]) => Object.fromEntries(lines.map((l) => [l.id, l]));

describe('pricing properties', () => {
  it('every result reconciles exactly and nothing is negative', () => {
    fc.assert(
      fc.property(pricingInputArb(), (input) => {
        expect(reconcileErrors(priceOrder(input))).toEqual([]);
      }),
      { numRuns: 4000 },
    );
  });

  it('the order of lines and of object keys does not change any figure', () => {
    fc.assert(
      fc.property(
        pricingInputArb().chain((input) =>
          fc.tuple(fc.constant(input), fc.shuffledSubarray(input.lines, { minLength: input.lines.length })),
        ),
        ([input, shuffled]) => {
          const a = priceOrder(input);
          const b = priceOrder(reverseKeys({ ...input, lines: shuffled }));
          expect(b.lines.map((l) => l.id)).toEqual(shuffled.map((l) => l.id));
          expect(byId(b.lines)).toEqual(byId(a.lines));
          expect({ ...b, lines: [] }).toEqual({ ...a, lines: [] });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('bucket tax per rate is the exact sum rounded once; line tax is each exact tax rounded', () => {
    fc.assert(
      fc.property(pricingInputArb(), (input) => {
        const result = priceOrder(input);
        const rates = new Map((input.taxRates ?? []).map((t) => [t.id, t]));
        const exactByRate = new Map<string, Ratio[]>();
        const lineRounded = new Map<string, bigint>();
        for (const l of result.lines) {
          const inclusive = l.taxes.reduce((s, t) => s + (t.inclusive ? rates.get(t.taxRateId)!.rate : 0), 0);
          for (const t of l.taxes) {
            const exact = ratio(
              BigInt(l.net) * BigInt(rates.get(t.taxRateId)!.rate),
              BigInt(PPM + inclusive),
            );
            exactByRate.set(t.taxRateId, [...(exactByRate.get(t.taxRateId) ?? []), exact]);
            if (input.policy.taxRounding === 'line') {
              expect(BigInt(t.amount)).toBe(roundRational(exact, input.policy.roundingMode));
            }
          }
        }
        for (const s of result.serviceCharges) {
          for (const t of s.taxes) {
            const exact = ratio(BigInt(s.amount) * BigInt(rates.get(t.taxRateId)!.rate), BigInt(PPM));
            exactByRate.set(t.taxRateId, [...(exactByRate.get(t.taxRateId) ?? []), exact]);
            lineRounded.set(t.taxRateId, roundRational(exact, input.policy.roundingMode));
          }
        }
        if (input.policy.taxRounding === 'bucket') {
          for (const bucket of result.taxes) {
            const exact = sumRatios(exactByRate.get(bucket.taxRateId) ?? []);
            expect(BigInt(bucket.amount)).toBe(roundRational(exact, input.policy.roundingMode));
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('an order with 0% taxes, 0 discounts and 0% service charges totals its subtotal', () => {
    fc.assert(
      fc.property(pricingInputArb({ ppm: fc.constant(0) }), (generated) => {
        const input: PricingInput = {
          ...generated,
          lines: generated.lines.map((l) => ({
            ...l,
            discounts: (l.discounts ?? []).map((d) => ({ ...d, value: 0 })),
          })),
          orderDiscounts: (generated.orderDiscounts ?? []).map((d) => ({ ...d, value: 0 })),
          serviceCharges: (generated.serviceCharges ?? []).map((s) => ({ ...s, rate: 0 })),
        };
        const result = priceOrder(input);
        expect(result.total).toBe(result.subtotal);
        expect(result.taxTotal + result.discountTotal + result.serviceChargeTotal).toBe(0);
        for (const l of result.lines) {
          expect(l.total).toBe(l.gross);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('discounts never exceed what they apply to, and a 100% order discount zeroes everything', () => {
    fc.assert(
      fc.property(pricingInputArb(), (input) => {
        const result = priceOrder(input);
        expect(result.discountTotal).toBeLessThanOrEqual(result.subtotal);
        for (const l of result.lines) {
          expect(l.net).toBeLessThanOrEqual(l.gross);
          expect(l.preTax).toBeLessThanOrEqual(l.net);
        }
        const free = priceOrder({
          ...input,
          orderDiscounts: [{ id: 'free', name: 'free', kind: 'percentage', value: PPM }],
        });
        expect(free.total).toBe(0);
        expect(free.taxTotal + free.serviceChargeTotal).toBe(0);
        expect(free.discountTotal).toBe(free.subtotal);
      }),
      { numRuns: 1000 },
    );
  });

  it('inclusive taxes near 100% on tiny amounts never push a line below zero (bucket and line)', () => {
    fc.assert(
      fc.property(
        pricingInputArb({
          maxLines: 12,
          price: fc.integer({ min: 0, max: 7 }),
          ppm: fc.oneof(fc.integer({ min: 300_000, max: PPM }), fc.constantFrom(PPM, 500_000, 333_333)),
        }),
        (input) => {
          expect(reconcileErrors(priceOrder(input))).toEqual([]);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('is pure: the same input gives the same result and is not modified', () => {
    fc.assert(
      fc.property(pricingInputArb(), (input) => {
        const before = structuredClone(input);
        const a = priceOrder(input);
        expect(input).toEqual(before);
        expect(priceOrder(before)).toEqual(a);
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      }),
      { numRuns: 500 },
    );
  });
});
