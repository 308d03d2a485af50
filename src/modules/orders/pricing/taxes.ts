/**
 * Taxes on discounted lines and on service charges.
 *
 * For a line with net amount N (after discounts, still containing its inclusive taxes) whose
 * inclusive rates add up to I (ppm), the pre-tax base is B = N × 10⁶ / (10⁶ + I), exactly.
 * - inclusive rate r: tax = N × r / (10⁶ + I)   (the part of N that is this tax)
 * - exclusive rate r: tax = B × r / 10⁶ = N × r / (10⁶ + I)   (added on top of N)
 * So exclusive taxes never tax the inclusive ones. A service charge is taxed on its amount:
 * tax = charge × r / 10⁶, always added on top.
 *
 * Rounding (`policy.taxRounding`):
 * - `line`: every line's (and every service charge's) tax per rate is rounded on its own.
 * - `bucket`: per rate, the exact taxes of the whole order are summed and rounded once, then
 *   that amount is allocated back to the lines and charges by largest remainder in proportion
 *   to their exact taxes. For inclusive rates the allocation never gives a line more inclusive
 *   tax than its net amount (capped allocation), so no line's pre-tax amount is negative.
 */
import { allocateCappedBig } from '../../../platform/money/allocate.ts';
import {
  ratio,
  roundRational,
  sumRatios,
  toProportionalWeights,
  type Ratio,
} from '../../../platform/money/ratio.ts';
import type { RoundingMode } from '../../../platform/money/rounding.ts';
import { PPM, type TaxRate, type TaxRounding } from './types.ts';

const MILLION = BigInt(PPM);

export interface LineTaxInput {
  /** Net amount after discounts (contains the inclusive taxes). */
  net: bigint;
  /** The line's taxes in its own order. */
  rates: readonly TaxRate[];
}

export interface ExactLineTaxes {
  /** Exact pre-tax base B = N × 10⁶ / (10⁶ + I). */
  preTax: Ratio;
  /** Exact tax per rate, aligned with the line's rates. */
  taxes: Ratio[];
}

/** The exact (unrounded) taxes of one line. */
export function exactLineTaxes(line: LineTaxInput): ExactLineTaxes {
  const divisor = MILLION + line.rates.reduce((sum, r) => sum + (r.inclusive ? BigInt(r.rate) : 0n), 0n);
  return {
    preTax: ratio(line.net * MILLION, divisor),
    taxes: line.rates.map((r) => ratio(line.net * BigInt(r.rate), divisor)),
  };
}

/** The exact taxes of one service charge of `amount`, aligned with `rates`. */
export function exactChargeTaxes(amount: bigint, rates: readonly TaxRate[]): Ratio[] {
  return rates.map((r) => ratio(amount * BigInt(r.rate), MILLION));
}

export interface TaxItems {
  /** Canonical order. */
  lines: readonly (LineTaxInput & { exact: ExactLineTaxes })[];
  charges: readonly { amount: bigint; rates: readonly TaxRate[]; exact: Ratio[] }[];
}

export interface RoundedTaxes {
  /** Per line, aligned with its rates. */
  lines: bigint[][];
  /** Per service charge, aligned with its rates. */
  charges: bigint[][];
}

/** Rounds the taxes of every line and charge per `rounding` (see the module comment). */
export function roundTaxes(items: TaxItems, rounding: TaxRounding, mode: RoundingMode): RoundedTaxes {
  if (rounding === 'line') {
    // Σ inclusive rates ≤ 100% per line, so the rounded inclusive taxes of a line never exceed
    // its net: each rounds to 0 (below ½) or to at most twice its exact value, and their exact
    // sum is at most half the net.
    return {
      lines: items.lines.map((l) => l.exact.taxes.map((t) => roundRational(t, mode))),
      charges: items.charges.map((c) => c.exact.map((t) => roundRational(t, mode))),
    };
  }
  const result: RoundedTaxes = {
    lines: items.lines.map((l) => l.rates.map(() => 0n)),
    charges: items.charges.map((c) => c.rates.map(() => 0n)),
  };
  const inclusiveSoFar = items.lines.map(() => 0n);
  const rateIds = new Set<string>();
  for (const item of [...items.lines, ...items.charges]) {
    for (const r of item.rates) {
      rateIds.add(r.id);
    }
  }
  // Rates in id order, so the capped allocations do not depend on any input order.
  for (const rateId of [...rateIds].sort(compareIds)) {
    const slots: { exact: Ratio; cap: bigint | null; assign: (v: bigint) => void }[] = [];
    for (const [i, line] of items.lines.entries()) {
      const k = line.rates.findIndex((r) => r.id === rateId);
      const rate = line.rates[k];
      const exact = line.exact.taxes[k];
      if (!rate || !exact) {
        continue;
      }
      slots.push({
        exact,
        cap: rate.inclusive ? line.net - (inclusiveSoFar[i] ?? 0n) : null,
        assign: (v) => {
          (result.lines[i] ?? [])[k] = v;
          if (rate.inclusive) {
            inclusiveSoFar[i] = (inclusiveSoFar[i] ?? 0n) + v;
          }
        },
      });
    }
    for (const [c, charge] of items.charges.entries()) {
      const k = charge.rates.findIndex((r) => r.id === rateId);
      const exact = charge.exact[k];
      if (k < 0 || !exact) {
        continue;
      }
      slots.push({ exact, cap: null, assign: (v) => ((result.charges[c] ?? [])[k] = v) });
    }
    const bucket = roundRational(sumRatios(slots.map((s) => s.exact)), mode);
    const shares = allocateCappedBig(
      bucket,
      toProportionalWeights(slots.map((s) => s.exact)),
      slots.map((s) => s.cap),
    );
    for (const [n, slot] of slots.entries()) {
      slot.assign(shares[n] ?? 0n);
    }
  }
  return result;
}

/** Code-unit order (not locale order): the same on every machine. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
