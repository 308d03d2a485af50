import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRoundingMode, roundRatio, roundToIncrement, type RoundingMode } from './rounding.ts';

describe('roundRatio', () => {
  it.each([
    // numerator, denominator, half_even, half_up
    [5n, 2n, 2n, 3n],
    [7n, 2n, 4n, 4n],
    [1n, 2n, 0n, 1n],
    [3n, 2n, 2n, 2n],
    [-5n, 2n, -2n, -3n],
    [-7n, 2n, -4n, -4n],
    [5n, -2n, -2n, -3n],
    [-5n, -2n, 2n, 3n],
    [1n, 3n, 0n, 0n],
    [2n, 3n, 1n, 1n],
    [-2n, 3n, -1n, -1n],
    [0n, 7n, 0n, 0n],
    [10n, 5n, 2n, 2n],
    [1015n, 10n, 102n, 102n], // 101.5 → even 102
    [1025n, 10n, 102n, 103n], // 102.5 → even 102
    [10n ** 30n + 1n, 2n, 10n ** 30n / 2n, 10n ** 30n / 2n + 1n],
  ])('%i / %i → %i (half_even), %i (half_up)', (n, d, even, up) => {
    expect(roundRatio(n, d, 'half_even')).toBe(even);
    expect(roundRatio(n, d, 'half_up')).toBe(up);
  });

  it('refuses a zero denominator', () => {
    expect(() => roundRatio(1n, 0n, 'half_up')).toThrow(RangeError);
  });

  it('is the nearest integer, ties by the mode, symmetric around zero', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.constantFrom<RoundingMode>('half_even', 'half_up'),
        (n, d, mode) => {
          const q = roundRatio(n, d, mode);
          const twiceError = 2n * (n - q * d); // 2·(x − q)·d
          const abs = twiceError < 0n ? -twiceError : twiceError;
          expect(abs <= d).toBe(true);
          if (abs === d) {
            // an exact tie
            if (mode === 'half_even') {
              expect(q % 2n).toBe(0n);
            } else {
              expect(q < 0n ? -q * d >= -n : q * d >= n).toBe(true); // away from zero
            }
          }
          expect(roundRatio(-n, d, mode)).toBe(-q);
          expect(roundRatio(n, -d, mode)).toBe(-q);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('knows its modes', () => {
    expect(isRoundingMode('half_even')).toBe(true);
    expect(isRoundingMode('half_up')).toBe(true);
    expect(isRoundingMode('HALF_UP')).toBe(false);
    expect(isRoundingMode(undefined)).toBe(false);
  });
});

describe('roundToIncrement (cash rounding)', () => {
  it.each([
    // amount, increment, half_up result — IDR (exponent 2) to Rp100 = 10_000 sen
    [1_234_500, 10_000, 1_230_000],
    [1_235_000, 10_000, 1_240_000],
    [1_234_999, 10_000, 1_230_000],
    [1_230_000, 10_000, 1_230_000],
    // CHF to 0.05
    [1233, 5, 1235],
    [1232, 5, 1230],
    [1237, 5, 1235],
    [1238, 5, 1240],
    [2, 5, 0],
    [3, 5, 5],
    [-3, 5, -5],
    [-2, 5, 0],
    // no rounding
    [1233, 0, 1233],
    [1233, 1, 1233],
  ])('%i to %i → %i', (amount, increment, expected) => {
    expect(roundToIncrement(amount, increment, 'half_up')).toBe(expected);
  });

  it('ties go to the even multiple with half_even', () => {
    expect(roundToIncrement(25, 10, 'half_even')).toBe(20);
    expect(roundToIncrement(35, 10, 'half_even')).toBe(40);
  });

  it('rejects bad increments and overflow', () => {
    expect(() => roundToIncrement(100, -5, 'half_up')).toThrow(RangeError);
    expect(() => roundToIncrement(100, 0.5, 'half_up')).toThrow(RangeError);
    expect(() => roundToIncrement(1.5, 5, 'half_up')).toThrow(RangeError);
    expect(() => roundToIncrement(Number.MAX_SAFE_INTEGER, 100, 'half_up')).toThrow(RangeError);
  });

  it('lands on a multiple within half an increment', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 2, max: 1_000_000 }),
        fc.constantFrom<RoundingMode>('half_even', 'half_up'),
        (amount, increment, mode) => {
          const r = roundToIncrement(amount, increment, mode);
          expect(r % increment === 0).toBe(true);
          expect(2 * Math.abs(r - amount)).toBeLessThanOrEqual(increment);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
