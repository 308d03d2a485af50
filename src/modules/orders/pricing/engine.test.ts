import { describe, expect, it } from 'vitest';
import { AppError, statusForCode } from '../../../platform/http/errors.ts';
import { priceOrder } from './engine.ts';
import { PricingError } from './errors.ts';
import { assertReconciles } from './invariants.ts';
import type { PricingInput } from './types.ts';

const valid = (): PricingInput => ({
  currency: 'USD',
  lines: [
    {
      id: 'a',
      quantity: 2,
      unitPrice: 500,
      modifiers: [{ id: 'm', unitPrice: 50 }],
      taxRateIds: ['vat'],
      discounts: [{ id: 'd', name: 'd', kind: 'percentage', value: 100_000 }],
    },
    { id: 'b', quantity: 1, unitPrice: 300 },
  ],
  taxRates: [
    { id: 'vat', name: 'VAT', rate: 100_000, inclusive: true },
    { id: 'city', name: 'City', rate: 20_000, inclusive: false },
  ],
  orderDiscounts: [{ id: 'o', name: 'o', kind: 'fixed', value: 100 }],
  serviceCharges: [{ id: 's', name: 's', rate: 50_000, taxable: true, taxRateIds: ['city'] }],
  policy: { roundingMode: 'half_even', taxRounding: 'line', cashRoundingIncrement: 0 },
});

/** Applies `change` to a fresh valid input and returns the PricingError it causes. */
function errorFor(change: (input: any) => void): PricingError {
  const input = valid();
  change(input);
  try {
    priceOrder(input);
  } catch (error) {
    expect(error).toBeInstanceOf(PricingError);
    return error as PricingError;
  }
  throw new Error('expected a PricingError');
}

describe('priceOrder validation', () => {
  it('prices the valid base input', () => {
    const result = priceOrder(valid());
    assertReconciles(result);
    expect(result.lines.map((l) => l.id)).toEqual(['a', 'b']);
  });

  it.each<[string, (input: any) => void, string, string]>([
    ['unknown currency', (i) => (i.currency = 'XYZ'), 'currency', 'unknown_currency'],
    ['lower-case currency', (i) => (i.currency = 'usd'), 'currency', 'unknown_currency'],
    ['currency without minor unit', (i) => (i.currency = 'XAU'), 'currency', 'unknown_currency'],
    ['negative price', (i) => (i.lines[0].unitPrice = -1), 'lines[0].unitPrice', 'negative'],
    ['fractional price', (i) => (i.lines[0].unitPrice = 1.5), 'lines[0].unitPrice', 'not_integer'],
    ['unsafe price', (i) => (i.lines[0].unitPrice = 2 ** 53), 'lines[0].unitPrice', 'not_integer'],
    ['string price', (i) => (i.lines[1].unitPrice = '300'), 'lines[1].unitPrice', 'not_integer'],
    ['zero quantity', (i) => (i.lines[0].quantity = 0), 'lines[0].quantity', 'too_small'],
    ['fractional quantity', (i) => (i.lines[0].quantity = 0.5), 'lines[0].quantity', 'not_integer'],
    [
      'negative modifier',
      (i) => (i.lines[0].modifiers[0].unitPrice = -5),
      'lines[0].modifiers[0].unitPrice',
      'negative',
    ],
    [
      'unknown tax rate',
      (i) => (i.lines[0].taxRateIds = ['gst']),
      'lines[0].taxRateIds[0]',
      'unknown_tax_rate',
    ],
    ['rate above 100%', (i) => (i.taxRates[0].rate = 1_000_001), 'taxRates[0].rate', 'too_large'],
    ['negative rate', (i) => (i.taxRates[1].rate = -1), 'taxRates[1].rate', 'negative'],
    ['fractional rate', (i) => (i.taxRates[1].rate = 0.5), 'taxRates[1].rate', 'not_integer'],
    ['inclusive flag missing', (i) => delete i.taxRates[0].inclusive, 'taxRates[0].inclusive', 'not_boolean'],
    [
      'percentage above 100%',
      (i) => (i.lines[0].discounts[0].value = 1_000_001),
      'lines[0].discounts[0].value',
      'too_large',
    ],
    [
      'negative fixed discount',
      (i) => (i.orderDiscounts[0].value = -100),
      'orderDiscounts[0].value',
      'negative',
    ],
    [
      'bad discount kind',
      (i) => (i.orderDiscounts[0].kind = 'bogo'),
      'orderDiscounts[0].kind',
      'invalid_kind',
    ],
    [
      'service charge above 100%',
      (i) => (i.serviceCharges[0].rate = 2_000_000),
      'serviceCharges[0].rate',
      'too_large',
    ],
    [
      'unknown service charge tax',
      (i) => (i.serviceCharges[0].taxRateIds = ['x']),
      'serviceCharges[0].taxRateIds[0]',
      'unknown_tax_rate',
    ],
    ['duplicate line id', (i) => (i.lines[1].id = 'a'), 'lines[1]', 'duplicate_id'],
    ['empty line id', (i) => (i.lines[1].id = ''), 'lines[1].id', 'not_id'],
    ['duplicate tax rate id', (i) => (i.taxRates[1].id = 'vat'), 'taxRates[1]', 'duplicate_id'],
    [
      'tax twice on a line',
      (i) => (i.lines[0].taxRateIds = ['vat', 'vat']),
      'lines[0].taxRateIds[1]',
      'duplicate_id',
    ],
    [
      'duplicate order discount id',
      (i) => i.orderDiscounts.push({ ...i.orderDiscounts[0] }),
      'orderDiscounts[1]',
      'duplicate_id',
    ],
    [
      'inclusive rates above 100% on a line',
      (i) => {
        i.taxRates.push({ id: 'big', name: 'big', rate: 950_000, inclusive: true });
        i.lines[0].taxRateIds = ['vat', 'big'];
      },
      'lines[0].taxRateIds',
      'inclusive_over_100_percent',
    ],
    ['bad rounding mode', (i) => (i.policy.roundingMode = 'bankers'), 'policy.roundingMode', 'invalid_mode'],
    ['bad tax rounding', (i) => (i.policy.taxRounding = 'order'), 'policy.taxRounding', 'invalid_mode'],
    [
      'negative cash increment',
      (i) => (i.policy.cashRoundingIncrement = -5),
      'policy.cashRoundingIncrement',
      'negative',
    ],
    ['missing policy', (i) => delete i.policy, 'policy', 'not_object'],
    ['lines not an array', (i) => (i.lines = {}), 'lines', 'not_array'],
    ['line not an object', (i) => (i.lines[0] = 42), 'lines[0]', 'not_object'],
    [
      'gross beyond 2^53',
      (i) => (i.lines[1] = { id: 'b', quantity: 2, unitPrice: Number.MAX_SAFE_INTEGER }),
      'lines[1].gross',
      'too_large',
    ],
  ])('rejects %s', (_name, change, field, reason) => {
    const error = errorFor(change);
    expect(error.code).toBe('pricing.invalid');
    expect(error.details).toMatchObject({ field, reason });
    expect(error.message).toContain(field);
  });

  it('is an AppError that the HTTP layer maps to 422', () => {
    const error = errorFor((i) => (i.currency = 'XYZ'));
    expect(error).toBeInstanceOf(AppError);
    expect(error.name).toBe('PricingError');
    expect(statusForCode(error.code)).toBe(422);
  });

  it('rejects totals beyond 2^53 even when every input is safe', () => {
    const error = errorFor((i) => {
      i.lines = [{ id: 'a', quantity: 1, unitPrice: Number.MAX_SAFE_INTEGER - 10, taxRateIds: ['city'] }];
      i.serviceCharges = [];
      i.orderDiscounts = [];
    });
    expect(error.details.reason).toBe('too_large');
  });

  it('prices the largest safe amount exactly', () => {
    const result = priceOrder({
      currency: 'JPY',
      lines: [{ id: 'a', quantity: 1, unitPrice: Number.MAX_SAFE_INTEGER, taxRateIds: ['vat'] }],
      taxRates: [{ id: 'vat', name: 'VAT', rate: 100_000, inclusive: true }],
      policy: { roundingMode: 'half_even', taxRounding: 'bucket', cashRoundingIncrement: 0 },
    });
    assertReconciles(result);
    expect(result.total).toBe(Number.MAX_SAFE_INTEGER);
    // 9007199254740991 / 11 = 818836295885544.636… → …545
    expect(result.taxInclusiveTotal).toBe(818_836_295_885_545);
  });
});

describe('priceOrder output', () => {
  it('accepts minimal lines (optional arrays omitted) and JSON round-trips', () => {
    const input = JSON.parse(
      JSON.stringify({
        currency: 'IDR',
        lines: [{ id: 'x', quantity: 3, unitPrice: 1_000_000 }],
        policy: { roundingMode: 'half_up', taxRounding: 'bucket', cashRoundingIncrement: 10_000 },
      }),
    ) as PricingInput;
    const result = priceOrder(input);
    expect(result).toMatchObject({
      currency: 'IDR',
      exponent: 2,
      subtotal: 3_000_000,
      total: 3_000_000,
      taxes: [],
    });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('reports every applied discount per line, capped amounts included', () => {
    const result = priceOrder({
      currency: 'USD',
      lines: [
        {
          id: 'a',
          quantity: 1,
          unitPrice: 300,
          discounts: [{ id: 'big', name: 'Big', kind: 'fixed', value: 500 }],
        },
        { id: 'b', quantity: 1, unitPrice: 700 },
      ],
      orderDiscounts: [{ id: 'o', name: 'O', kind: 'percentage', value: 100_000 }],
      policy: { roundingMode: 'half_even', taxRounding: 'line', cashRoundingIncrement: 0 },
    });
    // The order 10% comes first (Square's order): 100 split 30 + 70; then the 5.00 item discount
    // only finds 2.70 left on line a.
    expect(result.lines[0]!.discounts).toEqual([
      { id: 'big', scope: 'item', kind: 'fixed', amount: 270 },
      { id: 'o', scope: 'order', kind: 'percentage', amount: 30 },
    ]);
    expect(result.lines[0]!.net).toBe(0);
    expect(result.lines[1]!.discounts).toEqual([{ id: 'o', scope: 'order', kind: 'percentage', amount: 70 }]);
    expect(result.orderDiscounts).toEqual([
      { id: 'o', name: 'O', kind: 'percentage', value: 100_000, amount: 100 },
    ]);
  });

  it('lists tax buckets in taxRates order, only for rates in use', () => {
    const result = priceOrder({
      ...valid(),
      taxRates: [...valid().taxRates!, { id: 'unused', name: 'U', rate: 1, inclusive: false }],
    });
    expect(result.taxes.map((t) => t.taxRateId)).toEqual(['vat', 'city']);
    const city = result.taxes.find((t) => t.taxRateId === 'city')!;
    expect(city.taxableBase).toBe(result.serviceChargeTotal);
  });
});
