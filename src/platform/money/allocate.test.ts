import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, allocateBig, allocateCappedBig, splitEvenly } from './allocate.ts';

describe('allocate (largest remainder)', () => {
  it.each([
    [1000, [1, 1, 1], [334, 333, 333]],
    [100, [1, 2, 3], [17, 33, 50]],
    [1, [1, 1], [1, 0]],
    [10, [0, 1, 1], [0, 5, 5]],
    [5, [0, 0, 0], [2, 2, 1]],
    [0, [0, 0], [0, 0]],
    [0, [], []],
    [-10, [1, 1, 1], [-4, -3, -3]],
    [940, [5400, 4000], [540, 400]],
    [500, [4860, 2600], [326, 174]],
    [7, [1, 1, 1, 0, 1], [2, 2, 2, 0, 1]],
    [Number.MAX_SAFE_INTEGER, [Number.MAX_SAFE_INTEGER, 1], [Number.MAX_SAFE_INTEGER - 1, 1]],
  ])('allocate(%i, %j) → %j', (total, weights, expected) => {
    expect(allocate(total, weights)).toEqual(expected);
  });

  it('rejects bad input', () => {
    expect(() => allocate(1, [])).toThrow(RangeError);
    expect(() => allocate(10, [1, -1])).toThrow(/must be a non-negative/);
    expect(() => allocate(10, [1.5, 1])).toThrow(RangeError);
    expect(() => allocate(1.5, [1])).toThrow(RangeError);
    expect(() => allocateBig(1n, [-1n])).toThrow(RangeError);
  });

  const weightsArb = fc.array(
    fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1e9 }), fc.constant(0)),
    { minLength: 1, maxLength: 12 },
  );

  it('sums exactly and stays within one unit of each exact quota', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), weightsArb, (total, weights) => {
        const shares = allocate(total, weights);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = weights.reduce((a, b) => a + b, 0);
        for (const [i, share] of shares.entries()) {
          const w = weights[i]!;
          if (sum === 0) {
            expect(Math.abs(share - total / weights.length)).toBeLessThan(1);
            continue;
          }
          // floor(q) ≤ share ≤ ceil(q) with q = total·w/sum, checked exactly in bigint
          const n = BigInt(total) * BigInt(w);
          const s = BigInt(share) * BigInt(sum);
          expect(s <= n + BigInt(sum) - 1n || s <= n).toBe(true);
          expect(s + BigInt(sum) > n).toBe(true);
          if (w === 0) {
            expect(share).toBe(0);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('gives more to larger weights and, on ties, to the earlier part', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), weightsArb, (total, weights) => {
        const shares = allocate(total, weights);
        for (let i = 0; i < weights.length; i++) {
          for (let j = i + 1; j < weights.length; j++) {
            if (weights[i]! >= weights[j]!) {
              expect(shares[i]!).toBeGreaterThanOrEqual(shares[j]!);
            }
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('mirrors negative totals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), weightsArb, (total, weights) => {
        expect(allocate(-total, weights)).toEqual(allocate(total, weights).map((s) => -s || 0));
      }),
      { numRuns: 500 },
    );
  });
});

describe('splitEvenly', () => {
  it('splits with the extra units first', () => {
    expect(splitEvenly(1000, 3)).toEqual([334, 333, 333]);
    expect(splitEvenly(2, 4)).toEqual([1, 1, 0, 0]);
    expect(splitEvenly(-7, 2)).toEqual([-4, -3]);
    expect(splitEvenly(0, 1)).toEqual([0]);
    expect(() => splitEvenly(10, 0)).toThrow(RangeError);
    expect(() => splitEvenly(10, 1.5)).toThrow(RangeError);
  });

  it('never differs by more than one and sums exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 50 }), (total, parts) => {
        const shares = splitEvenly(total, parts);
        expect(shares).toHaveLength(parts);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('allocateCappedBig', () => {
  it('moves what exceeds a cap to the parts with room', () => {
    expect(allocateCappedBig(2n, [1n, 1n, 1n, 1n], [0n, null, null, null])).toEqual([0n, 1n, 1n, 0n]);
    expect(allocateCappedBig(10n, [9n, 1n], [3n, null])).toEqual([3n, 7n]);
    expect(allocateCappedBig(4n, [1n, 1n], [2n, 2n])).toEqual([2n, 2n]);
    expect(allocateCappedBig(0n, [], [])).toEqual([]);
  });

  it('refuses what cannot fit', () => {
    expect(() => allocateCappedBig(5n, [1n, 1n], [2n, 2n])).toThrow(RangeError);
    expect(() => allocateCappedBig(-1n, [1n], [null])).toThrow(RangeError);
    expect(() => allocateCappedBig(1n, [1n], [-1n])).toThrow(RangeError);
    expect(() => allocateCappedBig(1n, [1n], [])).toThrow(RangeError);
  });

  it('sums exactly and respects every cap when there is room', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            weight: fc.bigInt({ min: 0n, max: 1000n }),
            cap: fc.option(fc.bigInt({ min: 0n, max: 50n }), { nil: null }),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        fc.bigInt({ min: 0n, max: 500n }),
        (parts, wanted) => {
          const room = parts.some((p) => p.cap === null)
            ? wanted
            : parts.reduce((a, p) => a + (p.cap ?? 0n), 0n);
          const total = wanted < room ? wanted : room;
          const shares = allocateCappedBig(
            total,
            parts.map((p) => p.weight),
            parts.map((p) => p.cap),
          );
          expect(shares.reduce((a, b) => a + b, 0n)).toBe(total);
          for (const [i, p] of parts.entries()) {
            expect(shares[i]! >= 0n).toBe(true);
            if (p.cap !== null) {
              expect(shares[i]! <= p.cap).toBe(true);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
