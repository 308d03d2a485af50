/**
 * Discounts, in Square's order: item percentage → order percentage → item fixed → order fixed,
 * each phase working on what the previous phases left.
 *
 * - Percentage discounts of one phase are all computed on the amount at the start of that phase
 *   (two 10% item discounts take 20%, not 19%), each rounded with the policy mode.
 * - Order discounts are computed on the order (Σ of what remains on the lines) and allocated to
 *   the lines by largest remainder in proportion to what remains on each line, so the line
 *   shares add up to the discount exactly.
 * - Nothing takes a line below zero: a discount is capped at what remains (of the line, or of
 *   the order), in input order, and the applied amount is reported.
 */
import { allocateBig } from '../../../platform/money/allocate.ts';
import { roundRatio, type RoundingMode } from '../../../platform/money/rounding.ts';
import type { CheckedLine } from './validate.ts';
import { PPM, type Discount } from './types.ts';

const MILLION = BigInt(PPM);

export interface DiscountedLine {
  /** gross − every discount on the line. */
  net: bigint;
  /** Applied amount of each item discount, aligned with the line's `discounts`. */
  item: bigint[];
  /** This line's share of each order discount, aligned with `orderDiscounts`. */
  order: bigint[];
}

export interface DiscountResult {
  /** Aligned with the `lines` given. */
  lines: DiscountedLine[];
  /** Applied amount of each order discount, aligned with `orderDiscounts`. */
  order: bigint[];
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const sum = (values: readonly bigint[]): bigint => values.reduce((a, b) => a + b, 0n);

/**
 * Applies item and order discounts. `lines` must be in the canonical (id) order: allocation
 * ties go to the earlier line, and the result must not depend on the order lines were entered.
 */
export function applyDiscounts(
  lines: readonly CheckedLine[],
  orderDiscounts: readonly Discount[],
  mode: RoundingMode,
): DiscountResult {
  const state: DiscountedLine[] = lines.map((l) => ({
    net: l.gross,
    item: l.discounts.map(() => 0n),
    order: orderDiscounts.map(() => 0n),
  }));
  const applied = orderDiscounts.map(() => 0n);

  const itemPhase = (kind: Discount['kind']) => {
    for (const [k, line] of lines.entries()) {
      const s = state[k];
      if (!s) {
        continue;
      }
      const base = s.net;
      for (const [j, d] of line.discounts.entries()) {
        if (d.kind !== kind) {
          continue;
        }
        const wanted =
          kind === 'percentage' ? roundRatio(base * BigInt(d.value), MILLION, mode) : BigInt(d.value);
        const amount = min(wanted, s.net);
        s.item[j] = amount;
        s.net -= amount;
      }
    }
  };

  const orderPhase = (kind: Discount['kind']) => {
    const base = sum(state.map((s) => s.net));
    for (const [j, d] of orderDiscounts.entries()) {
      if (d.kind !== kind) {
        continue;
      }
      const remaining = state.map((s) => s.net);
      const wanted =
        kind === 'percentage' ? roundRatio(base * BigInt(d.value), MILLION, mode) : BigInt(d.value);
      const amount = min(wanted, sum(remaining));
      // Each share ≤ ceil(amount × remaining_i / Σ remaining) ≤ remaining_i, as amount ≤ Σ remaining.
      const shares = allocateBig(amount, remaining);
      for (const [k, s] of state.entries()) {
        const share = shares[k] ?? 0n;
        s.order[j] = share;
        s.net -= share;
      }
      applied[j] = amount;
    }
  };

  itemPhase('percentage');
  orderPhase('percentage');
  itemPhase('fixed');
  orderPhase('fixed');
  return { lines: state, order: applied };
}
