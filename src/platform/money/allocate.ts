/**
 * Splitting an amount into parts that add up to it exactly — discounts over lines, a tax bucket
 * back to lines, a bill over tenders — by the largest remainder method (Hamilton's method):
 * every part first gets the floor of its exact quota `total × weight / Σ weights`, then the units
 * left over go one each to the parts with the largest fractional remainders, ties to the earlier
 * index. So each part is its quota rounded down or up, never further off, and the parts always
 * sum to the total.
 */
import { assertMinor, toMinor } from './money.ts';

function checkWeight(weight: number, index: number): bigint {
  if (!Number.isSafeInteger(weight) || weight < 0) {
    throw new RangeError(`weight ${index} must be a non-negative safe integer, got ${weight}`);
  }
  return BigInt(weight);
}

/**
 * Splits `total` minor units in proportion to `weights` (non-negative safe integers).
 * - Σ result === total, always.
 * - A zero weight gets 0 unless every weight is zero; then the total is split as evenly as
 *   possible, the extra units going to the earliest parts (`splitEvenly`).
 * - A negative total is split as the mirror image of its absolute value.
 * - Throws on a negative or non-integer weight, and on a non-zero total with no parts.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertMinor(total, 'total');
  const shares = allocateBig(BigInt(total), weights.map(checkWeight));
  return shares.map((s) => toMinor(s));
}

/** `allocate` on `bigint`s, for weights or totals beyond 2^53 (exact rational quotas). */
export function allocateBig(total: bigint, weights: readonly bigint[]): bigint[] {
  for (const [i, w] of weights.entries()) {
    if (w < 0n) {
      throw new RangeError(`weight ${i} must not be negative, got ${w}`);
    }
  }
  if (weights.length === 0) {
    if (total !== 0n) {
      throw new RangeError(`cannot allocate ${total} over zero parts`);
    }
    return [];
  }
  if (total < 0n) {
    return allocateBig(-total, weights).map((s) => -s);
  }
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    return splitEvenlyBig(total, weights.length);
  }
  const shares = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w) => (total * w) % sum);
  let left = total - shares.reduce((a, b) => a + b, 0n); // 0 ≤ left < number of parts
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = remainders[a] ?? 0n;
      const rb = remainders[b] ?? 0n;
      return ra === rb ? a - b : ra > rb ? -1 : 1;
    });
  for (const i of order) {
    if (left === 0n) {
      break;
    }
    shares[i] = (shares[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return shares;
}

/**
 * Splits `total` into `parts` amounts as equal as possible, the extra units to the earliest
 * parts: `splitEvenly(1000, 3)` → `[334, 333, 333]`. A negative total mirrors.
 */
export function splitEvenly(total: number, parts: number): number[] {
  assertMinor(total, 'total');
  if (!Number.isSafeInteger(parts) || parts < 1) {
    throw new RangeError(`parts must be a positive integer, got ${parts}`);
  }
  return splitEvenlyBig(BigInt(total), parts).map((s) => toMinor(s));
}

function splitEvenlyBig(total: bigint, parts: number): bigint[] {
  const negative = total < 0n;
  const abs = negative ? -total : total;
  const n = BigInt(parts);
  const base = abs / n;
  const extra = abs % n;
  const shares = Array.from({ length: parts }, (_, i) => base + (BigInt(i) < extra ? 1n : 0n));
  return negative ? shares.map((s) => -s) : shares;
}

/**
 * `allocateBig` where part `i` may receive at most `caps[i]` (`null` = no limit). Parts that would
 * get more than their cap are fixed at the cap and the rest of the total is split again over the
 * other parts, by largest remainder, until nothing exceeds its cap — so the parts with room keep
 * their fair proportions. Requires a non-negative total and enough room (Σ caps ≥ total when
 * every part is capped); throws otherwise.
 */
export function allocateCappedBig(
  total: bigint,
  weights: readonly bigint[],
  caps: readonly (bigint | null)[],
): bigint[] {
  if (caps.length !== weights.length) {
    throw new RangeError('caps and weights must have the same length');
  }
  if (total < 0n) {
    throw new RangeError('a capped allocation needs a non-negative total');
  }
  if (caps.some((c) => c !== null && c < 0n)) {
    throw new RangeError('caps must not be negative');
  }
  const atCap = caps.map(() => false);
  // Each pass either fits or fixes at least one more part at its cap: at most n + 1 passes.
  for (;;) {
    const open = caps.map((_, i) => i).filter((i) => !atCap[i]);
    const fixed = caps.reduce<bigint>((sum, cap, i) => (atCap[i] ? sum + (cap ?? 0n) : sum), 0n);
    const rest = total - fixed;
    if (open.length === 0) {
      if (rest !== 0n) {
        throw new RangeError(`cannot allocate ${total}: the caps leave no room for ${rest}`);
      }
      return caps.map((cap) => cap ?? 0n);
    }
    const shares = allocateBig(
      rest,
      open.map((i) => weights[i] ?? 0n),
    );
    let over = false;
    for (const [k, i] of open.entries()) {
      const cap = caps[i] ?? null;
      if (cap !== null && (shares[k] ?? 0n) > cap) {
        atCap[i] = true;
        over = true;
      }
    }
    if (!over) {
      const result = caps.map((cap) => cap ?? 0n);
      for (const [k, i] of open.entries()) {
        result[i] = shares[k] ?? 0n;
      }
      return result;
    }
  }
}
