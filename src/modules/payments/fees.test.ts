import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feeReversal, proratedLineAmount, runningShare, splitFees, type FeeSchedule } from './fees.ts';

const PPM = 1_000_000n;
const METHODS = ['cash', 'card', 'gateway'] as const;

/** |a − b| for bigints. */
const abs = (v: bigint) => (v < 0n ? -v : v);

/** A schedule whose rates add up to at most 100%. */
const scheduleArb: fc.Arbitrary<FeeSchedule> = fc
  .tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }))
  .map(([a, b]) => ({ platformPpm: Math.min(a, b), processingPpm: Math.max(a, b) - Math.min(a, b) }));

/** Amounts up to 10^12 minor units (10 billion in a 2-decimal currency): products stay exact in bigint. */
const amountArb = fc.oneof(
  fc.integer({ min: 0, max: 1_000 }),
  fc.integer({ min: 0, max: 1_000_000_000_000 }),
);

/** `whole` split into 1..n positive pieces, in random order. */
function piecesArb(whole: number, maxPieces = 12): fc.Arbitrary<number[]> {
  return fc
    .uniqueArray(fc.integer({ min: 1, max: Math.max(whole - 1, 1) }), {
      maxLength: Math.min(maxPieces - 1, Math.max(whole - 1, 0)),
    })
    .map((cuts) => {
      const points = [0, ...cuts.filter((c) => c < whole).sort((a, b) => a - b), whole];
      return points.slice(1).map((p, i) => p - points[i]!);
    })
    .chain((pieces) => fc.shuffledSubarray(pieces, { minLength: pieces.length }));
}

/** A fee, the amount it was charged on, and the amount refunded in random pieces. */
const refundScenarioArb = fc.integer({ min: 1, max: 10_000_000_000 }).chain((amount) =>
  fc.record({
    amount: fc.constant(amount),
    fee: fc.oneof(fc.integer({ min: 0, max: amount }), fc.integer({ min: 0, max: 10_000_000_000 })),
    pieces: piecesArb(amount),
  }),
);

describe('splitFees: examples', () => {
  const schedule = { platformPpm: 20_000, processingPpm: 10_000 };

  it('takes 2% for the platform and 1% for the processor on a card payment of 100,000', () => {
    expect(splitFees(100_000, schedule, 'card')).toEqual({
      platform: 2_000,
      processing: 1_000,
      tenant: 97_000,
    });
    expect(splitFees(100_000, schedule, 'gateway')).toEqual({
      platform: 2_000,
      processing: 1_000,
      tenant: 97_000,
    });
  });

  it('charges cash no processing fee', () => {
    expect(splitFees(100_000, schedule, 'cash')).toEqual({ platform: 2_000, processing: 0, tenant: 98_000 });
  });

  it('gives the tenant everything under a zero schedule, and splits nothing of nothing', () => {
    const zero = { platformPpm: 0, processingPpm: 0 };
    for (const m of METHODS) {
      expect(splitFees(123_457, zero, m)).toEqual({ platform: 0, processing: 0, tenant: 123_457 });
      expect(splitFees(0, schedule, m)).toEqual({ platform: 0, processing: 0, tenant: 0 });
    }
  });

  it('leaves the tenant nothing when the rates sum to 100%', () => {
    const all = { platformPpm: 600_000, processingPpm: 400_000 };
    expect(splitFees(100_001, all, 'card')).toEqual({ platform: 60_001, processing: 40_000, tenant: 0 });
    // Cash ignores the processing rate, so the tenant keeps that part.
    expect(splitFees(100_000, all, 'cash')).toEqual({ platform: 60_000, processing: 0, tenant: 40_000 });
  });

  it('rounds by largest remainder: 1% + 1% of 150 is 2 + 1 (ties to the earlier part)', () => {
    // Quotas 1.5, 1.5, 147: one unit left over goes to the platform (earlier index on a tie).
    expect(splitFees(150, { platformPpm: 10_000, processingPpm: 10_000 }, 'card')).toEqual({
      platform: 2,
      processing: 1,
      tenant: 147,
    });
  });

  it('throws when the rates add up to more than 100% for the method', () => {
    const over = { platformPpm: 600_000, processingPpm: 400_001 };
    expect(() => splitFees(100_000, over, 'card')).toThrow(RangeError);
    expect(() => splitFees(100_000, over, 'gateway')).toThrow(/more than 100%/);
    // Cash has no processor, so the same schedule is still valid for it.
    expect(splitFees(100_000, over, 'cash')).toEqual({ platform: 60_000, processing: 0, tenant: 40_000 });
    expect(() => splitFees(100_000, { platformPpm: 1_000_001, processingPpm: 0 }, 'cash')).toThrow(
      RangeError,
    );
  });
});

describe('splitFees: properties', () => {
  it('the parts sum exactly to the amount and each is within 1 unit of its exact quota', () => {
    fc.assert(
      fc.property(amountArb, scheduleArb, fc.constantFrom(...METHODS), (amount, schedule, method) => {
        const split = splitFees(amount, schedule, method);
        expect(split.platform + split.processing + split.tenant).toBe(amount);
        const processingPpm = method === 'cash' ? 0 : schedule.processingPpm;
        const quotas: Array<[number, number]> = [
          [split.platform, schedule.platformPpm],
          [split.processing, processingPpm],
          [split.tenant, 1_000_000 - schedule.platformPpm - processingPpm],
        ];
        for (const [part, ppm] of quotas) {
          expect(Number.isSafeInteger(part)).toBe(true);
          expect(part).toBeGreaterThanOrEqual(0);
          // |part − amount × ppm / 10^6| < 1, scaled by 10^6 to stay exact.
          expect(abs(BigInt(part) * PPM - BigInt(amount) * BigInt(ppm)) < PPM).toBe(true);
        }
        if (method === 'cash') {
          expect(split.processing).toBe(0);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('feeReversal / runningShare / proratedLineAmount', () => {
  it('examples: thirds of 100 over 3 pieces are 33 + 34 + 33, exactly 100', () => {
    const parts = [0, 1, 2].map((i) => runningShare(100, 3, i, 1));
    expect(parts).toEqual([33, 34, 33]);
    expect(proratedLineAmount(1_000, 3, 0, 3)).toBe(1_000);
    expect(proratedLineAmount(1_000, 3, 1, 2)).toBe(667);
    expect(feeReversal(2_000, 100_000, 0, 100_000)).toBe(2_000);
    expect(feeReversal(2_000, 100_000, 50_000, 0)).toBe(0);
  });

  it('for any fee, amount and split of the amount into pieces, the reversals sum exactly to the fee', () => {
    fc.assert(
      fc.property(refundScenarioArb, ({ amount, fee, pieces }) => {
        let before = 0;
        let reversed = 0;
        for (const piece of pieces) {
          const r = feeReversal(fee, amount, before, piece);
          // Each piece reverses its exact proportional share, ±1.
          expect(abs(BigInt(r) * BigInt(amount) - BigInt(fee) * BigInt(piece)) <= BigInt(amount)).toBe(true);
          expect(r).toBeGreaterThanOrEqual(0);
          before += piece;
          reversed += r;
          // Never more than the fee, at any point.
          expect(reversed).toBeLessThanOrEqual(fee);
        }
        expect(before).toBe(amount);
        expect(reversed).toBe(fee);
      }),
      { numRuns: 3000 },
    );
  });

  it('refunding every unit of a line, in any pieces, returns the line total exactly', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 500 })
          .chain((quantity) =>
            fc.tuple(fc.constant(quantity), fc.integer({ min: 0, max: 10_000_000_000 }), piecesArb(quantity)),
          ),
        ([quantity, total, pieces]) => {
          let before = 0;
          let sum = 0;
          for (const q of pieces) {
            const a = proratedLineAmount(total, quantity, before, q);
            expect(a).toBeGreaterThanOrEqual(0);
            expect(abs(BigInt(a) * BigInt(quantity) - BigInt(total) * BigInt(q)) <= BigInt(quantity)).toBe(
              true,
            );
            before += q;
            sum += a;
          }
          expect(sum).toBe(total);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('runningShare is additive: taking n then m is the same as taking n + m at once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000_000 }).chain((whole) =>
          fc.record({
            whole: fc.constant(whole),
            total: fc.integer({ min: 0, max: 1_000_000_000 }),
            before: fc.integer({ min: 0, max: whole }),
            n: fc.integer({ min: 0, max: whole }),
            m: fc.integer({ min: 0, max: whole }),
          }),
        ),
        ({ whole, total, before, n, m }) => {
          const a = runningShare(total, whole, before, n) + runningShare(total, whole, before + n, m);
          expect(a).toBe(runningShare(total, whole, before, n + m));
          expect(runningShare(total, whole, before, 0)).toBe(0);
          expect(runningShare(total, whole, 0, whole)).toBe(total);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
