/**
 * Exact non-lossy fractions of `bigint`s, for sums that must be rounded once at the end (a tax
 * bucket is the exact sum of every line's tax at that rate, rounded once).
 */
import { roundRatio, type RoundingMode } from './rounding.ts';

/** `num / den`, always reduced, with `den > 0`. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    [x, y] = [y, x % y];
  }
  return x;
}

export function lcm(a: bigint, b: bigint): bigint {
  if (a === 0n || b === 0n) {
    return 0n;
  }
  const product = (a / gcd(a, b)) * b;
  return product < 0n ? -product : product;
}

/** The reduced fraction `num / den`. */
export function ratio(num: bigint, den = 1n): Ratio {
  if (den === 0n) {
    throw new RangeError('a ratio cannot have a zero denominator');
  }
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den); // never 0: den is not 0
  return { num: (sign * num) / g, den: (sign * den) / g };
}

export const ZERO: Ratio = { num: 0n, den: 1n };

export function addRatio(a: Ratio, b: Ratio): Ratio {
  if (a.den === b.den) {
    return ratio(a.num + b.num, a.den);
  }
  return ratio(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sumRatios(values: readonly Ratio[]): Ratio {
  return values.reduce(addRatio, ZERO);
}

export function mulRatio(a: Ratio, b: Ratio): Ratio {
  return ratio(a.num * b.num, a.den * b.den);
}

/** The fraction rounded to an integer with `mode`. */
export function roundRational(value: Ratio, mode: RoundingMode): bigint {
  return roundRatio(value.num, value.den, mode);
}

/**
 * Integer weights exactly proportional to `values` (all scaled by the least common multiple of
 * their denominators), for allocating a rounded total in proportion to exact parts.
 */
export function toProportionalWeights(values: readonly Ratio[]): bigint[] {
  const common = values.reduce((acc, v) => lcm(acc, v.den), 1n);
  return values.map((v) => v.num * (common / v.den));
}
