import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  assertBalanced,
  postPayment,
  postRefund,
  postSale,
  TENDER_ACCOUNT,
  type Account,
  type PostingLine,
  type Tender,
} from './posting.ts';

const TENDERS: readonly Tender[] = ['cash', 'card', 'gateway'];
const ACCOUNT_NAMES = Object.keys(ACCOUNTS) as Account[];

/** Net (debit − credit) per account. */
function nets(entry: readonly PostingLine[]): Map<Account, number> {
  const m = new Map<Account, number>();
  for (const l of entry) {
    m.set(l.account, (m.get(l.account) ?? 0) + l.debit - l.credit);
  }
  return m;
}

/** The shape every posting must have: balanced, one positive integer side per line, one line per account. */
function expectWellFormed(entry: readonly PostingLine[]): void {
  expect(() => assertBalanced(entry)).not.toThrow();
  let debit = 0;
  let credit = 0;
  for (const l of entry) {
    expect(ACCOUNT_NAMES).toContain(l.account);
    expect(Number.isSafeInteger(l.debit) && Number.isSafeInteger(l.credit)).toBe(true);
    expect(l.debit >= 0 && l.credit >= 0).toBe(true);
    // Exactly one side is non-zero: no zero lines, no two-sided lines.
    expect(l.debit > 0 !== l.credit > 0).toBe(true);
    debit += l.debit;
    credit += l.credit;
  }
  expect(debit).toBe(credit);
  expect(new Set(entry.map((l) => l.account)).size).toBe(entry.length);
}

/** Negation without −0 (vitest's toBe tells +0 from −0). */
const neg = (x: number) => (x === 0 ? 0 : -x);

const D = (account: Account, debit: number): PostingLine => ({ account, debit, credit: 0 });
const C = (account: Account, credit: number): PostingLine => ({ account, debit: 0, credit });

describe('postPayment: examples', () => {
  it('a cash payment rounded up to the cash increment books the rounding as revenue', () => {
    // Rp13,579.50 due, Rp13,600 received in cash; 2% platform fee, no processing on cash.
    expect(
      postPayment({
        tender: 'cash',
        amount: 1_357_950,
        tip: 0,
        rounding: 2_050,
        feePlatform: 27_159,
        feeProcessing: 0,
      }),
    ).toEqual([
      D('cash_drawer', 1_360_000),
      C('customer_deposits', 1_357_950),
      C('cash_rounding', 2_050),
      D('platform_fees', 27_159),
      C('platform_fees_payable', 27_159),
    ]);
  });

  it('a cash payment rounded down books the rounding as a debit', () => {
    expect(
      postPayment({
        tender: 'cash',
        amount: 1_354_950,
        tip: 0,
        rounding: -4_950,
        feePlatform: 0,
        feeProcessing: 0,
      }),
    ).toEqual([D('cash_drawer', 1_350_000), C('customer_deposits', 1_354_950), D('cash_rounding', 4_950)]);
  });

  it('a gateway payment settling a rupiah balance with sen: charged in whole rupiah, the 50 sen on its own line', () => {
    expect(
      postPayment({
        tender: 'gateway',
        amount: 1_357_950,
        tip: 0,
        rounding: 50,
        feePlatform: 0,
        feeProcessing: 0,
      }),
    ).toEqual([
      D('gateway_clearing', 1_358_000),
      C('customer_deposits', 1_357_950),
      C('payment_rounding', 50),
    ]);
  });

  it('a card payment with a tip and both fees: the tip is owed to staff, fees are expenses owed out', () => {
    expect(
      postPayment({
        tender: 'card',
        amount: 100_000,
        tip: 10_000,
        rounding: 0,
        feePlatform: 2_000,
        feeProcessing: 1_000,
      }),
    ).toEqual([
      D('card_clearing', 110_000),
      C('customer_deposits', 100_000),
      C('tips_payable', 10_000),
      D('platform_fees', 2_000),
      C('platform_fees_payable', 2_000),
      D('processing_fees', 1_000),
      C('processing_fees_payable', 1_000),
    ]);
  });

  it('a gateway payment lands in gateway clearing', () => {
    expect(
      postPayment({ tender: 'gateway', amount: 5, tip: 0, rounding: 0, feePlatform: 0, feeProcessing: 0 }),
    ).toEqual([D('gateway_clearing', 5), C('customer_deposits', 5)]);
  });
});

describe('postSale: examples', () => {
  it('recognises revenue net of inclusive tax, discount gross, service charge and all tax', () => {
    // Subtotal 110,000 holds 10,000 inclusive tax; 10,000 discount; 5,000 service charge carrying
    // 500 exclusive tax: total = 110,000 − 10,000 + 5,000 + 500 = 105,500.
    expect(
      postSale({
        total: 105_500,
        subtotal: 110_000,
        discountTotal: 10_000,
        serviceChargeTotal: 5_000,
        taxInclusiveTotal: 10_000,
        taxExclusiveTotal: 500,
      }),
    ).toEqual([
      D('customer_deposits', 105_500),
      D('discounts', 10_000),
      C('sales', 100_000),
      C('service_charge', 5_000),
      C('tax_payable', 10_500),
    ]);
  });

  it('an exclusive-tax sale with nothing else: deposits become sales and tax', () => {
    expect(
      postSale({
        total: 2_715_900,
        subtotal: 2_469_000,
        discountTotal: 0,
        serviceChargeTotal: 0,
        taxInclusiveTotal: 0,
        taxExclusiveTotal: 246_900,
      }),
    ).toEqual([D('customer_deposits', 2_715_900), C('sales', 2_469_000), C('tax_payable', 246_900)]);
  });

  it('a fully discounted order posts only the discount against sales', () => {
    expect(
      postSale({
        total: 0,
        subtotal: 50_000,
        discountTotal: 50_000,
        serviceChargeTotal: 0,
        taxInclusiveTotal: 0,
        taxExclusiveTotal: 0,
      }),
    ).toEqual([D('discounts', 50_000), C('sales', 50_000)]);
  });
});

describe('postRefund: examples', () => {
  it('before completion gives the deposit back and reverses the fees', () => {
    expect(
      postRefund({
        tender: 'card',
        amount: 50_000,
        afterCompletion: false,
        feePlatformReversed: 1_000,
        feeProcessingReversed: 500,
      }),
    ).toEqual([
      D('customer_deposits', 50_000),
      C('card_clearing', 50_000),
      D('platform_fees_payable', 1_000),
      C('platform_fees', 1_000),
      D('processing_fees_payable', 500),
      C('processing_fees', 500),
    ]);
  });

  it('after completion is a return: split over sales, service charge and tax by the weights', () => {
    // Weights 100,000 : 5,000 : 10,500 of 115,500; 23,100 is exactly 20% of it.
    expect(
      postRefund({
        tender: 'cash',
        amount: 23_100,
        afterCompletion: true,
        weights: { sales: 100_000, serviceCharge: 5_000, tax: 10_500 },
        feePlatformReversed: 0,
        feeProcessingReversed: 0,
      }),
    ).toEqual([
      D('sales_returns', 20_000),
      D('service_charge', 1_000),
      D('tax_payable', 2_100),
      C('cash_drawer', 23_100),
    ]);
  });

  it('after completion without weights, the whole refund is a sales return', () => {
    expect(
      postRefund({
        tender: 'gateway',
        amount: 777,
        afterCompletion: true,
        feePlatformReversed: 7,
        feeProcessingReversed: 0,
      }),
    ).toEqual([
      D('sales_returns', 777),
      C('gateway_clearing', 777),
      D('platform_fees_payable', 7),
      C('platform_fees', 7),
    ]);
  });

  it('rounds the split by largest remainder, still exactly the amount', () => {
    const entry = postRefund({
      tender: 'card',
      amount: 100,
      afterCompletion: true,
      weights: { sales: 1, serviceCharge: 1, tax: 1 },
      feePlatformReversed: 0,
      feeProcessingReversed: 0,
    });
    expect(entry).toEqual([
      D('sales_returns', 34),
      D('service_charge', 33),
      D('tax_payable', 33),
      C('card_clearing', 100),
    ]);
  });
});

/** Valid sale figures: total = subtotal − discount + service charge + exclusive tax; incl. tax ≤ subtotal − discount. */
const saleArb = fc
  .record({
    subtotal: fc.integer({ min: 0, max: 10_000_000_000 }),
    discountShare: fc.double({ min: 0, max: 1, noNaN: true }),
    inclusiveShare: fc.double({ min: 0, max: 1, noNaN: true }),
    serviceChargeTotal: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000_000 })),
    taxExclusiveTotal: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000_000 })),
  })
  .map((r) => {
    const discountTotal = Math.floor(r.subtotal * r.discountShare);
    const taxInclusiveTotal = Math.floor((r.subtotal - discountTotal) * r.inclusiveShare);
    return {
      total: r.subtotal - discountTotal + r.serviceChargeTotal + r.taxExclusiveTotal,
      subtotal: r.subtotal,
      discountTotal,
      serviceChargeTotal: r.serviceChargeTotal,
      taxInclusiveTotal,
      taxExclusiveTotal: r.taxExclusiveTotal,
    };
  });

/** A completed payment as the payments module posts it: fees from a ≤100% schedule, rounding on cash only. */
const paymentArb = fc
  .record({
    tender: fc.constantFrom(...TENDERS),
    amount: fc.integer({ min: 1, max: 10_000_000_000 }),
    tip: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100_000_000 })),
    roundingShare: fc.double({ min: -0.99, max: 1, noNaN: true }),
    increment: fc.constantFrom(0, 100, 5_000, 10_000),
    platformShare: fc.double({ min: 0, max: 1, noNaN: true }),
    processingShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map((r) => {
    // Cash rounds half-up either way; card and gateway round a settling charge up (Rp 1 = 100 sen).
    const rounding =
      r.tender === 'cash'
        ? Math.max(Math.trunc((r.increment / 2) * r.roundingShare), 1 - r.amount)
        : Math.trunc(99 * Math.abs(r.roundingShare));
    const feePlatform = Math.floor(r.amount * r.platformShare);
    const feeProcessing = r.tender === 'cash' ? 0 : Math.floor((r.amount - feePlatform) * r.processingShare);
    return {
      tender: r.tender,
      amount: r.amount,
      tip: r.tender === 'cash' ? 0 : r.tip,
      rounding,
      feePlatform,
      feeProcessing,
    };
  });

const refundArb = fc
  .record({
    tender: fc.constantFrom(...TENDERS),
    amount: fc.integer({ min: 1, max: 10_000_000_000 }),
    afterCompletion: fc.boolean(),
    weights: fc.option(
      fc.record({
        sales: fc.integer({ min: 0, max: 10_000_000_000 }),
        serviceCharge: fc.integer({ min: 0, max: 1_000_000_000 }),
        tax: fc.integer({ min: 0, max: 1_000_000_000 }),
      }),
      { nil: undefined },
    ),
    platformShare: fc.double({ min: 0, max: 1, noNaN: true }),
    processingShare: fc.double({ min: 0, max: 1, noNaN: true }),
    rounding: fc.oneof(fc.constant(0), fc.integer({ min: -99, max: 99 })),
    paidWith: fc.constantFrom(...TENDERS),
  })
  .map((r) => ({
    tender: r.tender,
    amount: r.amount,
    rounding: Math.max(r.rounding, -r.amount),
    paidWith: r.paidWith,
    afterCompletion: r.afterCompletion,
    ...(r.weights ? { weights: r.weights } : {}),
    feePlatformReversed: Math.floor(r.amount * r.platformShare * 0.1),
    feeProcessingReversed: Math.floor(r.amount * r.processingShare * 0.1),
  }));

describe('posting properties', () => {
  it('every payment posting balances, has no zero or negative lines, and puts the money where it belongs', () => {
    fc.assert(
      fc.property(paymentArb, (p) => {
        const entry = postPayment(p);
        expectWellFormed(entry);
        const n = nets(entry);
        expect(n.get(TENDER_ACCOUNT[p.tender]) ?? 0).toBe(p.amount + p.tip + p.rounding);
        expect(n.get('customer_deposits')).toBe(neg(p.amount));
        expect(n.get('tips_payable') ?? 0).toBe(neg(p.tip));
        const roundingAccount = p.tender === 'cash' ? 'cash_rounding' : 'payment_rounding';
        expect(n.get(roundingAccount) ?? 0).toBe(neg(p.rounding));
        expect(n.get(p.tender === 'cash' ? 'payment_rounding' : 'cash_rounding')).toBeUndefined();
        expect(n.get('platform_fees') ?? 0).toBe(p.feePlatform);
        expect(n.get('processing_fees') ?? 0).toBe(p.feeProcessing);
      }),
      { numRuns: 3000 },
    );
  });

  it('every sale posting balances, with no zero or negative lines, and empties exactly the total from deposits', () => {
    fc.assert(
      fc.property(saleArb, (s) => {
        const entry = postSale(s);
        expectWellFormed(entry);
        const n = nets(entry);
        expect(n.get('customer_deposits') ?? 0).toBe(s.total);
        expect(n.get('discounts') ?? 0).toBe(s.discountTotal);
        expect(n.get('sales') ?? 0).toBe(neg(s.subtotal - s.taxInclusiveTotal));
        expect(n.get('tax_payable') ?? 0).toBe(neg(s.taxInclusiveTotal + s.taxExclusiveTotal));
      }),
      { numRuns: 3000 },
    );
  });

  it('every refund posting balances, with no zero or negative lines, and takes exactly the amount (and its rounding) out of the tender', () => {
    fc.assert(
      fc.property(refundArb, (r) => {
        const entry = postRefund(r);
        expectWellFormed(entry);
        const n = nets(entry);
        expect(n.get(TENDER_ACCOUNT[r.tender]) ?? 0).toBe(neg(r.amount + r.rounding));
        const roundingAccount = r.paidWith === 'cash' ? 'cash_rounding' : 'payment_rounding';
        expect(n.get(roundingAccount) ?? 0).toBe(r.rounding);
        const reversed =
          (n.get('customer_deposits') ?? 0) +
          (n.get('sales_returns') ?? 0) +
          (n.get('service_charge') ?? 0) +
          (n.get('tax_payable') ?? 0);
        expect(reversed).toBe(r.amount);
        if (!r.afterCompletion) {
          expect(n.get('customer_deposits')).toBe(r.amount);
        } else {
          expect(n.has('customer_deposits')).toBe(false);
        }
        expect(n.get('platform_fees') ?? 0).toBe(neg(r.feePlatformReversed));
        expect(n.get('processing_fees') ?? 0).toBe(neg(r.feeProcessingReversed));
      }),
      { numRuns: 3000 },
    );
  });

  it('a payment, its sale and refunding all of it net every deposit account back to zero', () => {
    fc.assert(
      fc.property(saleArb, fc.constantFrom(...TENDERS), fc.boolean(), (s, tender, after) => {
        fc.pre(s.total > 0);
        const entries = [
          ...postPayment({ tender, amount: s.total, tip: 0, rounding: 0, feePlatform: 0, feeProcessing: 0 }),
          ...(after ? postSale(s) : []),
          ...postRefund({
            tender,
            amount: s.total,
            afterCompletion: after,
            weights: {
              sales: Math.max(s.subtotal - s.discountTotal - s.taxInclusiveTotal, 0),
              serviceCharge: s.serviceChargeTotal,
              tax: s.taxInclusiveTotal + s.taxExclusiveTotal,
            },
            feePlatformReversed: 0,
            feeProcessingReversed: 0,
          }),
        ];
        const n = nets(entries);
        expect(n.get('customer_deposits') ?? 0).toBe(0);
        expect(n.get(TENDER_ACCOUNT[tender]) ?? 0).toBe(0);
        expect([...n.values()].reduce((a, b) => a + b, 0)).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('assertBalanced', () => {
  it('accepts a balanced entry, and an empty one', () => {
    expect(() => assertBalanced([D('cash_drawer', 10), C('customer_deposits', 10)])).not.toThrow();
    expect(() => assertBalanced([])).not.toThrow();
  });

  it.each<[string, PostingLine[], RegExp]>([
    ['unbalanced', [D('cash_drawer', 10), C('customer_deposits', 9)], /does not balance/],
    ['one-legged', [D('cash_drawer', 10)], /does not balance/],
    [
      'two-sided line',
      [{ account: 'cash_drawer', debit: 10, credit: 5 }, C('customer_deposits', 5)],
      /debit or a credit/,
    ],
    ['zero line', [{ account: 'cash_drawer', debit: 0, credit: 0 }], /debit or a credit/],
    ['negative debit', [D('cash_drawer', -10), D('customer_deposits', 10)], /non-negative integer/],
    ['negative credit', [C('cash_drawer', -10), C('customer_deposits', 10)], /non-negative integer/],
    ['non-integer', [D('cash_drawer', 10.5), C('customer_deposits', 10.5)], /non-negative integer/],
    ['NaN', [D('cash_drawer', Number.NaN), C('customer_deposits', 10)], /non-negative integer/],
    ['unsafe integer', [D('cash_drawer', 2 ** 53), C('customer_deposits', 2 ** 53)], /non-negative integer/],
  ])('rejects a %s entry', (_name, entry, message) => {
    expect(() => assertBalanced(entry)).toThrow(RangeError);
    expect(() => assertBalanced(entry)).toThrow(message);
  });

  it('rejects any balanced entry knocked off balance by any amount on any line', () => {
    fc.assert(
      fc.property(
        refundArb.map((r) => postRefund(r)),
        fc.nat(),
        fc.integer({ min: 1, max: 1_000_000 }),
        (entry, at, delta) => {
          const i = at % entry.length;
          const broken = entry.map((l, j) =>
            j === i
              ? l.debit > 0
                ? { ...l, debit: l.debit + delta }
                : { ...l, credit: l.credit + delta }
              : l,
          );
          expect(() => assertBalanced(broken)).toThrow(/does not balance/);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
