import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addRatio,
  gcd,
  lcm,
  mulRatio,
  ratio,
  roundRational,
  sumRatios,
  toProportionalWeights,
  ZERO,
} from './ratio.ts';

describe('ratio', () => {
  it('reduces and keeps the denominator positive', () => {
    expect(ratio(6n, 4n)).toEqual({ num: 3n, den: 2n });
    expect(ratio(6n, -4n)).toEqual({ num: -3n, den: 2n });
    expect(ratio(0n, -7n)).toEqual({ num: 0n, den: 1n });
    expect(() => ratio(1n, 0n)).toThrow(RangeError);
  });

  it('adds, sums and multiplies exactly', () => {
    expect(addRatio(ratio(1n, 3n), ratio(1n, 6n))).toEqual({ num: 1n, den: 2n });
    expect(sumRatios([ratio(1n, 11n), ratio(10n, 11n), ratio(1n, 2n)])).toEqual({ num: 3n, den: 2n });
    expect(sumRatios([])).toEqual(ZERO);
    expect(mulRatio(ratio(2n, 3n), ratio(9n, 4n))).toEqual({ num: 3n, den: 2n });
    expect(roundRational(ratio(5n, 2n), 'half_even')).toBe(2n);
    expect(roundRational(ratio(5n, 2n), 'half_up')).toBe(3n);
  });

  it('gcd and lcm', () => {
    expect(gcd(12n, -18n)).toBe(6n);
    expect(gcd(0n, 5n)).toBe(5n);
    expect(lcm(4n, 6n)).toBe(12n);
    expect(lcm(0n, 6n)).toBe(0n);
  });

  it('turns fractions into exactly proportional integer weights', () => {
    expect(toProportionalWeights([ratio(1n, 2n), ratio(1n, 3n), ZERO])).toEqual([3n, 2n, 0n]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.bigInt({ min: 1n, max: 10n ** 7n })), {
          minLength: 1,
          maxLength: 6,
        }),
        (pairs) => {
          const values = pairs.map(([n, d]) => ratio(n, d));
          const weights = toProportionalWeights(values);
          // w_i / w_j = v_i / v_j  ⇔  w_i · v_j = w_j · v_i
          for (const [i, vi] of values.entries()) {
            for (const [j, vj] of values.entries()) {
              expect(weights[i]! * vj.num * vi.den).toBe(weights[j]! * vi.num * vj.den);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
