/**
 * Rounding of exact rationals to integers. Money maths in Kasir is done on exact fractions
 * (`bigint` numerator / denominator) and rounded once, at a documented point, with an explicit
 * mode — never with floating point.
 */
import { assertMinor, toMinor } from './money.ts';

/**
 * `half_even`: ties go to the even neighbour (bankers' rounding, what Square uses; unbiased over
 * many roundings). `half_up`: ties go away from zero (what most receipts and tax offices expect).
 * Both round non-ties to the nearest integer.
 */
export type RoundingMode = 'half_even' | 'half_up';

export const ROUNDING_MODES: readonly RoundingMode[] = ['half_even', 'half_up'];

export function isRoundingMode(value: unknown): value is RoundingMode {
  return value === 'half_even' || value === 'half_up';
}

/**
 * `numerator / denominator` rounded to the nearest integer with `mode`. Exact for any size; the
 * signs may be anything (a negative value rounds as the mirror of its absolute value, so
 * `half_up` is "half away from zero").
 */
export function roundRatio(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) {
    throw new RangeError('cannot round a ratio with a zero denominator');
  }
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let q = n / d;
  const twice = 2n * (n % d);
  if (twice > d) {
    q += 1n;
  } else if (twice === d) {
    switch (mode) {
      case 'half_up':
        q += 1n;
        break;
      case 'half_even':
        q += q % 2n;
        break;
    }
  }
  return negative ? -q : q;
}

/**
 * Rounds a minor-unit `amount` to a multiple of `increment` minor units — cash rounding:
 * IDR to Rp100 is `increment = 10_000` (exponent 2), CHF to 0.05 is `5`. An increment of 0 or 1
 * means no rounding. Throws on a negative or non-integer increment, or on overflow.
 */
export function roundToIncrement(amount: number, increment: number, mode: RoundingMode): number {
  assertMinor(amount);
  if (!Number.isSafeInteger(increment) || increment < 0) {
    throw new RangeError(`rounding increment must be a non-negative safe integer, got ${increment}`);
  }
  if (increment <= 1) {
    return amount;
  }
  const step = BigInt(increment);
  return toMinor(roundRatio(BigInt(amount), step, mode) * step, 'rounded amount');
}
