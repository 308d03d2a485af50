import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyDelta,
  averageValue,
  crossedReorder,
  issueCost,
  mulDiv,
  recipeUsage,
  shareOf,
} from './costing.ts';
import { formatQty, toBase } from './units.ts';

describe('costing', () => {
  it('rounds a × b / c half away from zero, exactly past 2^53', () => {
    expect(mulDiv(10, 1, 3)).toBe(3);
    expect(mulDiv(10, 1, 4)).toBe(3); // 2.5 → 3
    expect(mulDiv(-10, 1, 4)).toBe(-3);
    expect(mulDiv(9_000_000_000_000, 9_000_000_000_000, 9_000_000_000_000)).toBe(9_000_000_000_000);
  });

  it('prices stock out at its share of the value; the last unit takes what is left', () => {
    const level = { qty: 3_000, value: 1_000, basisQty: 3_000, basisValue: 1_000 };
    expect(issueCost(level, 1_000)).toBe(333);
    expect(issueCost(level, 3_000)).toBe(1_000);
    // Below zero at the basis: 3 units for 1,000, then 1 more at 333.
    expect(issueCost(level, 4_000)).toBe(1_333);
    expect(issueCost({ qty: 0, value: 0, basisQty: 0, basisValue: 0 }, 5)).toBe(0);
    expect(averageValue(level, 1_500)).toBe(500);
  });

  it('taking a level out in any pieces costs exactly its value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 30 }),
        (qty, value, cuts) => {
          let level = { qty, value, basisQty: qty, basisValue: value };
          let taken = 0;
          for (const c of cuts) {
            const q = Math.min(c, level.qty);
            if (q <= 0) {
              break;
            }
            const cost = issueCost(level, q);
            taken += cost;
            level = applyDelta(level, -q, -cost);
          }
          const rest = level.qty > 0 ? issueCost(level, level.qty) : 0;
          expect(taken + rest).toBe(value);
        },
      ),
    );
  });

  it('shares on the running total add up to the whole in any pieces', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 10 }),
        (total, pieces) => {
          const n = pieces.reduce((a, b) => a + b, 0);
          let before = 0;
          let sum = 0;
          for (const k of pieces) {
            sum += shareOf(total, n, before, k);
            before += k;
          }
          expect(sum).toBe(total);
        },
      ),
    );
  });

  it('grosses recipes up by the yield and raises low stock once per crossing', () => {
    expect(recipeUsage(5_000, 3, 9_000)).toBe(16_667);
    expect(recipeUsage(200_000, 2, 10_000)).toBe(400_000);
    expect(crossedReorder(10, 11, 10)).toBe(true);
    expect(crossedReorder(10, 10, 5)).toBe(false);
    expect(crossedReorder(null, 11, 0)).toBe(false);
  });
});

describe('units', () => {
  const rice = { dimension: 'mass' as const, purchaseUnit: 'karung', purchaseUnitQty: 25_000_000 };
  it('converts what people say into base units, and back for display', () => {
    expect(toBase(2, 'kg', rice)).toBe(2_000_000);
    expect(toBase(1500, 'g', rice)).toBe(1_500_000);
    expect(toBase(1, 'purchase', rice)).toBe(25_000_000);
    expect(toBase(1, 'karung', rice)).toBe(25_000_000);
    expect(() => toBase(1, 'l', rice)).toThrow(/measured by mass/);
    expect(formatQty(1_250_000, 'kg')).toBe('1.25');
    expect(formatQty(-16_667, 'g')).toBe('-16.667');
    expect(formatQty(3_000, 'pcs')).toBe('3');
  });
});
