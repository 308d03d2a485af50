import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  quickCashTenders,
  refundRounding,
  roundUpToIncrement,
  settlementDue,
  splitInIncrements,
  type TenderIncrements,
} from './tender.ts';

const IDR: TenderIncrements = { practical: 100, cash: 0 };
const IDR_CASH_100: TenderIncrements = { practical: 100, cash: 10_000 };

describe('roundUpToIncrement', () => {
  it.each([
    [1_357_950, 100, 1_358_000],
    [1_358_000, 100, 1_358_000],
    [1, 100, 100],
    [0, 100, 0],
    [1233, 1, 1233],
    [1233, 5, 1235],
  ])('%i up to %i → %i', (amount, increment, expected) => {
    expect(roundUpToIncrement(amount, increment)).toBe(expected);
  });

  it('refuses a negative amount and an increment below 1', () => {
    expect(() => roundUpToIncrement(-1, 100)).toThrow(RangeError);
    expect(() => roundUpToIncrement(100, 0)).toThrow(RangeError);
    expect(() => roundUpToIncrement(100, 1.5)).toThrow(RangeError);
  });
});

describe('settlementDue', () => {
  it('card and gateway round a rupiah balance with sen up to whole rupiah', () => {
    expect(settlementDue(1_357_950, 'gateway', IDR)).toBe(1_358_000);
    expect(settlementDue(1_357_910, 'card', IDR)).toBe(1_358_000);
    expect(settlementDue(1_358_000, 'card', IDR)).toBe(1_358_000);
    // The cash rounding increment is for cash only.
    expect(settlementDue(1_357_950, 'card', IDR_CASH_100)).toBe(1_358_000);
  });

  it('cash rounds half-up to the cash increment, or to the practical increment when there is none', () => {
    expect(settlementDue(1_357_950, 'cash', IDR_CASH_100)).toBe(1_360_000);
    expect(settlementDue(1_357_950, 'cash', IDR)).toBe(1_358_000);
    expect(settlementDue(1_357_940, 'cash', IDR)).toBe(1_357_900);
  });

  it('leaves currencies paid in their minor unit alone', () => {
    expect(settlementDue(1_357, 'gateway', { practical: 1, cash: 0 })).toBe(1_357);
    expect(settlementDue(1_357, 'cash', { practical: 1, cash: 0 })).toBe(1_357);
  });
});

describe('splitInIncrements', () => {
  it('splits a rupiah bill with sen into whole-rupiah parts covering it', () => {
    // Rp 13,579.50 in 3: Rp 13,580 → 4,527 + 4,527 + 4,526.
    expect(splitInIncrements(1_357_950, 3, 100)).toEqual([452_700, 452_700, 452_600]);
    expect(splitInIncrements(1_000_000, 3, 100)).toEqual([333_400, 333_300, 333_300]);
    expect(splitInIncrements(1000, 3, 1)).toEqual([334, 333, 333]);
    expect(splitInIncrements(150, 3, 100)).toEqual([100, 100, 0]);
  });

  it('gives multiples of the increment, as equal as possible, summing to the balance rounded up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.integer({ min: 1, max: 100 }),
        fc.constantFrom(1, 5, 100, 1000, 10_000),
        (amount, n, increment) => {
          const parts = splitInIncrements(amount, n, increment);
          const sum = parts.reduce((a, b) => a + b, 0);
          expect(parts).toHaveLength(n);
          expect(parts.every((p) => p % increment === 0)).toBe(true);
          expect(sum).toBe(roundUpToIncrement(amount, increment));
          expect(sum - amount).toBeGreaterThanOrEqual(0);
          expect(sum - amount).toBeLessThan(increment);
          expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(increment);
        },
      ),
    );
  });

  it('whichever part is paid last, it settles what is left by rounding up, never more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 10 }),
        fc.integer({ min: 2, max: 10 }),
        fc.nat(),
        (balance, n, pick) => {
          const parts = splitInIncrements(balance, n, 100);
          const last = parts.splice(pick % n, 1)[0]!;
          const left = balance - parts.reduce((a, b) => a + b, 0);
          if (left > 0) {
            expect(settlementDue(left, 'gateway', IDR)).toBe(last);
          }
        },
      ),
    );
  });
});

describe('quickCashTenders', () => {
  it('suggests the notes a customer hands over', () => {
    expect(quickCashTenders(3_650_000, 10_000)).toEqual([
      3_700_000, 3_800_000, 4_000_000, 5_000_000, 10_000_000,
    ]);
    expect(quickCashTenders(1_360_000, 10_000)).toEqual([
      1_400_000, 1_500_000, 2_000_000, 5_000_000, 10_000_000,
    ]);
    // USD $13.58 in cents.
    expect(quickCashTenders(1358, 1)).toEqual([1400, 1500, 2000, 5000, 10_000]);
    // CHF with 0.05 cash rounding: no 0.01/0.02 coins.
    expect(quickCashTenders(1235, 5)).toEqual([1300, 1400, 1500, 2000, 5000, 10_000].slice(-5));
    expect(quickCashTenders(0, 100)).toEqual([]);
  });

  it('only suggests amounts above the due in the cash step, ascending and distinct', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 10 }),
        fc.constantFrom(1, 5, 100, 10_000),
        (units, step) => {
          const due = units * step;
          const tenders = quickCashTenders(due, step);
          expect(tenders.length).toBeGreaterThan(0);
          expect(tenders.length).toBeLessThanOrEqual(5);
          for (const [i, x] of tenders.entries()) {
            expect(x).toBeGreaterThan(due);
            expect(x % step).toBe(0);
            if (i > 0) {
              expect(x).toBeGreaterThan(tenders[i - 1]!);
            }
          }
        },
      ),
    );
  });
});

describe('refundRounding', () => {
  // A QRIS payment that settled Rp4,526.50 by charging Rp4,527.
  const qris = { amount: 452_650, rounding: 50 };

  it('gives a full refund back exactly what the tender took', () => {
    expect(refundRounding(qris, 0, 452_650, 100)).toBe(50);
  });

  it('refunds in pieces in whole rupiah, the last one settling the rest', () => {
    const first = refundRounding(qris, 0, 100_025, 100);
    expect(100_025 + first).toBe(100_100);
    const rest = refundRounding(qris, 100_025, 352_625, 100);
    expect(352_625 + rest).toBe(352_600);
    expect(first + rest).toBe(50);
  });

  it('a cash payment rounded down gives back what it took, never more', () => {
    const cash = { amount: 1_354_950, rounding: -4_950 }; // took Rp13,500
    expect(refundRounding(cash, 0, 1_354_950, 100)).toBe(-4_950);
    expect(1_352_000 + refundRounding(cash, 0, 1_352_000, 100)).toBe(1_350_000);
    expect(2_950 + refundRounding(cash, 1_352_000, 2_950, 100)).toBe(0);
  });

  it('in any pieces: whole increments, never negative, never past what was taken, all of it in the end', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 9 }),
        fc.integer({ min: -99, max: 99 }),
        fc.array(fc.integer({ min: 1, max: 10 ** 9 }), { minLength: 1, maxLength: 8 }),
        (amount, r, pieces) => {
          const rounding = Math.max(r, -amount);
          // What the payment took is a multiple of the increment whenever it rounded.
          const took = amount + rounding;
          fc.pre(rounding === 0 || took % 100 === 0);
          let before = 0;
          let returned = 0;
          for (const piece of pieces) {
            const x = Math.min(piece, amount - before);
            if (x === 0) {
              break;
            }
            const back = x + refundRounding({ amount, rounding }, before, x, 100);
            expect(back).toBeGreaterThanOrEqual(0);
            before += x;
            returned += back;
            expect(returned).toBeLessThanOrEqual(took);
            if (before < amount) {
              expect(returned % 100 === 0 || returned === took).toBe(true);
            }
          }
          const last = amount - before;
          if (last > 0) {
            returned += last + refundRounding({ amount, rounding }, before, last, 100);
          }
          expect(returned).toBe(took);
        },
      ),
    );
  });
});
