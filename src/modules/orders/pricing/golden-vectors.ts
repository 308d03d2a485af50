/**
 * Golden vectors for the pricing engine: hand-computed expected figures (the working is in each
 * `why`). Amounts are minor units: USD/GBP/CHF/INR cents, IDR sen (Rp 35.000 = 3_500_000),
 * JPY/KRW whole units, KWD/BHD fils (1.250 KWD = 1250). Rates are ppm (10% = 100_000).
 */
import type {
  Discount,
  PricingInput,
  PricingLine,
  PricingPolicy,
  RoundingMode,
  ServiceCharge,
  TaxRate,
  TaxRounding,
} from './types.ts';

export interface ExpectedLine {
  gross?: number;
  itemDiscount?: number;
  orderDiscount?: number;
  net?: number;
  preTax?: number;
  serviceCharge?: number;
  serviceChargeTax?: number;
  taxInclusive?: number;
  taxExclusive?: number;
  total?: number;
  /** Tax per rate id on this line. */
  taxes?: Record<string, number>;
}

export interface GoldenVector {
  name: string;
  /** The hand working. */
  why: string;
  input: PricingInput;
  expected: {
    subtotal: number;
    discountTotal: number;
    serviceChargeTotal: number;
    taxInclusiveTotal: number;
    taxExclusiveTotal: number;
    total: number;
    /** Default: no cash rounding (cash total = total). */
    cash?: { total: number; roundingAdjustment: number };
    lines?: Record<string, ExpectedLine>;
    /** Bucket amount per rate id. */
    taxes?: Record<string, number>;
    serviceCharges?: Record<string, { amount: number; tax: number }>;
    /** Applied amount per order discount id. */
    orderDiscounts?: Record<string, number>;
  };
}

// ── builders ────────────────────────────────────────────────────────────────────────────────
const policy = (
  roundingMode: RoundingMode = 'half_even',
  taxRounding: TaxRounding = 'line',
  cashRoundingIncrement = 0,
): PricingPolicy => ({ roundingMode, taxRounding, cashRoundingIncrement });

const incl = (id: string, rate: number): TaxRate => ({ id, name: id.toUpperCase(), rate, inclusive: true });
const excl = (id: string, rate: number): TaxRate => ({ id, name: id.toUpperCase(), rate, inclusive: false });
const pct = (id: string, ppm: number): Discount => ({ id, name: id, kind: 'percentage', value: ppm });
const fixed = (id: string, amount: number): Discount => ({ id, name: id, kind: 'fixed', value: amount });
const charge = (id: string, rate: number, taxRateIds: string[] = []): ServiceCharge => ({
  id,
  name: id,
  rate,
  taxable: taxRateIds.length > 0,
  taxRateIds,
});
const line = (
  id: string,
  unitPrice: number,
  taxRateIds: string[] = [],
  more: Partial<PricingLine> = {},
): PricingLine => ({ id, quantity: 1, unitPrice, taxRateIds, ...more });

const order = (
  currency: string,
  lines: PricingLine[],
  more: Partial<Omit<PricingInput, 'currency' | 'lines'>> = {},
): PricingInput => ({ currency, lines, policy: policy(), ...more });

const zero = { discountTotal: 0, serviceChargeTotal: 0, taxInclusiveTotal: 0, taxExclusiveTotal: 0 };

// ── vectors ─────────────────────────────────────────────────────────────────────────────────
export const goldenVectors: GoldenVector[] = [
  // The worked example in README.md
  {
    name: 'README worked example: warung order with all four discount phases, taxable service, PB1, cash',
    why: 'see README.md "Worked example"',
    input: order(
      'IDR',
      [
        line('a', 3_500_000, ['pb1'], {
          quantity: 2,
          modifiers: [{ id: 'telur', unitPrice: 500_000 }],
          discounts: [pct('happy-hour', 100_000)],
        }),
        line('b', 800_000, ['pb1'], { quantity: 3, discounts: [fixed('es-teh-promo', 200_000)] }),
        line('c', 300_000, ['pb1']),
      ],
      {
        taxRates: [excl('pb1', 100_000)],
        orderDiscounts: [fixed('voucher', 100_000), pct('member', 50_000)],
        serviceCharges: [charge('service', 50_000, ['pb1'])],
        policy: policy('half_even', 'line', 10_000),
      },
    ),
    expected: {
      subtotal: 10_700_000,
      discountTotal: 1_595_000,
      serviceChargeTotal: 455_250,
      taxInclusiveTotal: 0,
      taxExclusiveTotal: 956_024,
      total: 10_516_274,
      cash: { total: 10_520_000, roundingAdjustment: 3_726 },
      lines: {
        a: {
          gross: 8_000_000,
          itemDiscount: 800_000,
          orderDiscount: 434_308,
          net: 6_765_692,
          serviceCharge: 338_285,
          serviceChargeTax: 33_829,
          taxes: { pb1: 676_569 },
          total: 7_814_375,
        },
        b: {
          gross: 2_400_000,
          itemDiscount: 200_000,
          orderDiscount: 142_596,
          net: 2_057_404,
          serviceCharge: 102_870,
          serviceChargeTax: 10_287,
          taxes: { pb1: 205_740 },
          total: 2_376_301,
        },
        c: {
          gross: 300_000,
          itemDiscount: 0,
          orderDiscount: 18_096,
          net: 281_904,
          serviceCharge: 14_095,
          serviceChargeTax: 1_409,
          taxes: { pb1: 28_190 },
          total: 325_598,
        },
      },
      taxes: { pb1: 956_024 },
      serviceCharges: { service: { amount: 455_250, tax: 45_525 } },
      orderDiscounts: { voucher: 100_000, member: 495_000 },
    },
  },
  {
    name: 'README worked example with bucket rounding: PB1 is 1 sen more',
    why: 'exact PB1 = 10% × 9_105_000 + 10% × 455_250 = 910_500 + 45_525 = 956_025 (line rounding: 956_024)',
    input: order(
      'IDR',
      [
        line('a', 3_500_000, ['pb1'], {
          quantity: 2,
          modifiers: [{ id: 'telur', unitPrice: 500_000 }],
          discounts: [pct('happy-hour', 100_000)],
        }),
        line('b', 800_000, ['pb1'], { quantity: 3, discounts: [fixed('es-teh-promo', 200_000)] }),
        line('c', 300_000, ['pb1']),
      ],
      {
        taxRates: [excl('pb1', 100_000)],
        orderDiscounts: [fixed('voucher', 100_000), pct('member', 50_000)],
        serviceCharges: [charge('service', 50_000, ['pb1'])],
        policy: policy('half_even', 'bucket', 10_000),
      },
    ),
    expected: {
      subtotal: 10_700_000,
      discountTotal: 1_595_000,
      serviceChargeTotal: 455_250,
      taxInclusiveTotal: 0,
      taxExclusiveTotal: 956_025,
      total: 10_516_275,
      cash: { total: 10_520_000, roundingAdjustment: 3_725 },
      taxes: { pb1: 956_025 },
    },
  },
  // Inclusive and exclusive taxes
  {
    name: '1.00 item with 10% inclusive tax is 0.91 + 0.09',
    why: 'tax = 100 × 0.10 / 1.10 = 9.09 → 9; pre-tax 91',
    input: order('USD', [line('a', 100, ['vat'])], { taxRates: [incl('vat', 100_000)] }),
    expected: {
      ...zero,
      subtotal: 100,
      taxInclusiveTotal: 9,
      total: 100,
      lines: { a: { preTax: 91, taxInclusive: 9, total: 100, taxes: { vat: 9 } } },
      taxes: { vat: 9 },
    },
  },
  {
    name: 'IDR restaurant: PB1 10% and PPN 11% exclusive on the same lines, cash to Rp100',
    why:
      'lines Rp70.000 + Rp8.000 = 7_800_000 sen; PB1 700_000 + 80_000; PPN 770_000 + 88_000 (both on ' +
      'the pre-tax base, neither taxes the other); total 9_438_000 = Rp94.380 → cash Rp94.400',
    input: order(
      'IDR',
      [
        line('nasi-goreng', 3_500_000, ['pb1', 'ppn'], { quantity: 2 }),
        line('es-teh', 800_000, ['pb1', 'ppn']),
      ],
      { taxRates: [excl('pb1', 100_000), excl('ppn', 110_000)], policy: policy('half_even', 'line', 10_000) },
    ),
    expected: {
      ...zero,
      subtotal: 7_800_000,
      taxExclusiveTotal: 1_638_000,
      total: 9_438_000,
      cash: { total: 9_440_000, roundingAdjustment: 2_000 },
      lines: {
        'nasi-goreng': { gross: 7_000_000, taxes: { pb1: 700_000, ppn: 770_000 }, total: 8_470_000 },
        'es-teh': { gross: 800_000, taxes: { pb1: 80_000, ppn: 88_000 }, total: 968_000 },
      },
      taxes: { pb1: 780_000, ppn: 858_000 },
    },
  },
  {
    name: 'UK VAT 20% inclusive',
    why: '£4.50: 450 × 0.2 / 1.2 = 75 exactly; £2.99: 299 / 6 = 49.83 → 50; total stays 749',
    input: order('GBP', [line('a', 450, ['vat']), line('b', 299, ['vat'])], {
      taxRates: [incl('vat', 200_000)],
    }),
    expected: {
      ...zero,
      subtotal: 749,
      taxInclusiveTotal: 125,
      total: 749,
      lines: { a: { preTax: 375, taxInclusive: 75 }, b: { preTax: 249, taxInclusive: 50 } },
      taxes: { vat: 125 },
    },
  },
  {
    name: 'GST 5% exclusive (CAD)',
    why: '3 × 12.99 = 38.97; GST 3897 × 0.05 = 194.85 → 195; total 40.92',
    input: order('CAD', [line('a', 1299, ['gst'], { quantity: 3 })], { taxRates: [excl('gst', 50_000)] }),
    expected: { ...zero, subtotal: 3897, taxExclusiveTotal: 195, total: 4092 },
  },
  {
    name: 'India GST 5% inclusive as CGST 2.5% + SGST 2.5%',
    why: '₹105.00 = 10500; each = 10500 × 0.025 / 1.05 = 250; pre-tax 10000',
    input: order('INR', [line('a', 10_500, ['cgst', 'sgst'])], {
      taxRates: [incl('cgst', 25_000), incl('sgst', 25_000)],
    }),
    expected: {
      ...zero,
      subtotal: 10_500,
      taxInclusiveTotal: 500,
      total: 10_500,
      lines: { a: { preTax: 10_000, taxes: { cgst: 250, sgst: 250 } } },
    },
  },
  {
    name: 'India GST 18% exclusive, cash rounded to the rupee',
    why: '3 × 99.99 = 299.97; GST 29997 × 0.18 = 5399.46 → 5399; total 353.96 → cash 354.00 (+0.04)',
    input: order('INR', [line('a', 9_999, ['gst'], { quantity: 3 })], {
      taxRates: [excl('gst', 180_000)],
      policy: policy('half_even', 'line', 100),
    }),
    expected: {
      ...zero,
      subtotal: 29_997,
      taxExclusiveTotal: 5_399,
      total: 35_396,
      cash: { total: 35_400, roundingAdjustment: 4 },
    },
  },
  {
    name: 'US sales tax 8.875% exclusive',
    why: '1999 × 0.08875 = 177.41 → 177; 549 × 0.08875 = 48.72 → 49; total 25.48 + 2.26',
    input: order('USD', [line('a', 1999, ['nyc']), line('b', 549, ['nyc'])], {
      taxRates: [excl('nyc', 88_750)],
    }),
    expected: {
      ...zero,
      subtotal: 2548,
      taxExclusiveTotal: 226,
      total: 2774,
      lines: { a: { taxes: { nyc: 177 } }, b: { taxes: { nyc: 49 } } },
    },
  },
  {
    name: 'mixed inclusive and exclusive rates on one order',
    why: 'a 11.00 incl 10% → tax 100, pre-tax 1000; b 10.00 excl 5% → tax 50 added; total 21.50',
    input: order('USD', [line('a', 1100, ['vat']), line('b', 1000, ['svc'])], {
      taxRates: [incl('vat', 100_000), excl('svc', 50_000)],
    }),
    expected: {
      ...zero,
      subtotal: 2100,
      taxInclusiveTotal: 100,
      taxExclusiveTotal: 50,
      total: 2150,
      lines: { a: { preTax: 1000, total: 1100 }, b: { preTax: 1000, total: 1050 } },
    },
  },
  {
    name: 'inclusive and exclusive rates on one line: the exclusive tax is on the pre-tax base',
    why: '11.00 with VAT 10% incl and city 2% excl: base 1100 / 1.1 = 1000; VAT 100; city 1000 × 0.02 = 20',
    input: order('USD', [line('a', 1100, ['vat', 'city'])], {
      taxRates: [incl('vat', 100_000), excl('city', 20_000)],
    }),
    expected: {
      ...zero,
      subtotal: 1100,
      taxInclusiveTotal: 100,
      taxExclusiveTotal: 20,
      total: 1120,
      lines: { a: { preTax: 1000, net: 1100, taxes: { vat: 100, city: 20 }, total: 1120 } },
    },
  },
  {
    name: 'zero-rate tax still makes a bucket',
    why: '0% of 5.00 is 0; a 0% order discount takes nothing',
    input: order('USD', [line('a', 500, ['zero'])], {
      taxRates: [excl('zero', 0)],
      orderDiscounts: [pct('none', 0)],
    }),
    expected: { ...zero, subtotal: 500, total: 500, taxes: { zero: 0 }, orderDiscounts: { none: 0 } },
  },

  // Rounding modes
  {
    name: 'half_even: an exact .5 tax goes to the even cent (down)',
    why: '10.10 × 5% = 50.5 → 50 (even)',
    input: order('USD', [line('a', 1010, ['t'])], { taxRates: [excl('t', 50_000)] }),
    expected: { ...zero, subtotal: 1010, taxExclusiveTotal: 50, total: 1060 },
  },
  {
    name: 'half_up: the same .5 tax goes up',
    why: '10.10 × 5% = 50.5 → 51',
    input: order('USD', [line('a', 1010, ['t'])], {
      taxRates: [excl('t', 50_000)],
      policy: policy('half_up'),
    }),
    expected: { ...zero, subtotal: 1010, taxExclusiveTotal: 51, total: 1061 },
  },
  {
    name: 'half_even: an exact .5 tax goes to the even cent (up)',
    why: '10.30 × 5% = 51.5 → 52 (even)',
    input: order('USD', [line('a', 1030, ['t'])], { taxRates: [excl('t', 50_000)] }),
    expected: { ...zero, subtotal: 1030, taxExclusiveTotal: 52, total: 1082 },
  },
  {
    name: 'half_even on a percentage discount',
    why: '1.25 × 10% = 12.5 → 12; net 113',
    input: order('USD', [line('a', 125, [], { discounts: [pct('ten', 100_000)] })]),
    expected: { ...zero, subtotal: 125, discountTotal: 12, total: 113 },
  },
  {
    name: 'half_up on a percentage discount',
    why: '1.25 × 10% = 12.5 → 13; net 112',
    input: order('USD', [line('a', 125, [], { discounts: [pct('ten', 100_000)] })], {
      policy: policy('half_up'),
    }),
    expected: { ...zero, subtotal: 125, discountTotal: 13, total: 112 },
  },

  // Line vs bucket tax rounding
  {
    name: 'line rounding, half_even: 3 × 1.05 at 10% exclusive',
    why: 'each 10.5 → 10 (even); 30 in all',
    input: order('USD', [line('a', 105, ['t']), line('b', 105, ['t']), line('c', 105, ['t'])], {
      taxRates: [excl('t', 100_000)],
    }),
    expected: { ...zero, subtotal: 315, taxExclusiveTotal: 30, total: 345, taxes: { t: 30 } },
  },
  {
    name: 'bucket rounding, half_even: the same order taxes 32, allocated 11 + 11 + 10',
    why: 'exact Σ = 31.5 → 32 (even); quotas 10.67 each → 10, 10, 10 + 2 left to a and b (id order)',
    input: order('USD', [line('c', 105, ['t']), line('b', 105, ['t']), line('a', 105, ['t'])], {
      taxRates: [excl('t', 100_000)],
      policy: policy('half_even', 'bucket'),
    }),
    expected: {
      ...zero,
      subtotal: 315,
      taxExclusiveTotal: 32,
      total: 347,
      lines: { a: { taxes: { t: 11 } }, b: { taxes: { t: 11 } }, c: { taxes: { t: 10 }, total: 115 } },
      taxes: { t: 32 },
    },
  },
  {
    name: 'line rounding, half_up: the same order taxes 33',
    why: 'each 10.5 → 11',
    input: order('USD', [line('a', 105, ['t']), line('b', 105, ['t']), line('c', 105, ['t'])], {
      taxRates: [excl('t', 100_000)],
      policy: policy('half_up', 'line'),
    }),
    expected: { ...zero, subtotal: 315, taxExclusiveTotal: 33, total: 348 },
  },
  {
    name: 'bucket rounding, half_up: the same order taxes 32',
    why: '31.5 → 32; 11 + 11 + 10',
    input: order('USD', [line('a', 105, ['t']), line('b', 105, ['t']), line('c', 105, ['t'])], {
      taxRates: [excl('t', 100_000)],
      policy: policy('half_up', 'bucket'),
    }),
    expected: {
      ...zero,
      subtotal: 315,
      taxExclusiveTotal: 32,
      total: 347,
      lines: { a: { taxes: { t: 11 } }, b: { taxes: { t: 11 } }, c: { taxes: { t: 10 } } },
    },
  },
  {
    name: 'line rounding loses inclusive tax on small items',
    why: '3 × 0.05 at 10% incl: each 5 / 11 = 0.45 → 0',
    input: order('USD', [line('a', 5, ['vat']), line('b', 5, ['vat']), line('c', 5, ['vat'])], {
      taxRates: [incl('vat', 100_000)],
    }),
    expected: { ...zero, subtotal: 15, total: 15, taxes: { vat: 0 } },
  },
  {
    name: 'bucket rounding keeps it: 1.36 → 1 cent of VAT, on line a',
    why: '15 / 11 = 1.36 → 1; equal quotas, the unit goes to the first id; a pre-tax 4',
    input: order('USD', [line('a', 5, ['vat']), line('b', 5, ['vat']), line('c', 5, ['vat'])], {
      taxRates: [incl('vat', 100_000)],
      policy: policy('half_even', 'bucket'),
    }),
    expected: {
      ...zero,
      subtotal: 15,
      taxInclusiveTotal: 1,
      total: 15,
      lines: { a: { preTax: 4, taxInclusive: 1 }, b: { preTax: 5 }, c: { preTax: 5 } },
      taxes: { vat: 1 },
    },
  },
  {
    name: 'JPY 8% inclusive: line rounding 21, bucket rounding 22',
    why: '¥100 × 0.08 / 1.08 = 7.41 → 7 per line; bucket 22.2 → 22 (this vector: bucket)',
    input: order('JPY', [line('a', 100, ['ct']), line('b', 100, ['ct']), line('c', 100, ['ct'])], {
      taxRates: [incl('ct', 80_000)],
      policy: policy('half_even', 'bucket'),
    }),
    expected: {
      ...zero,
      subtotal: 300,
      taxInclusiveTotal: 22,
      total: 300,
      lines: { a: { taxes: { ct: 8 } }, b: { taxes: { ct: 7 } }, c: { taxes: { ct: 7 } } },
    },
  },
  {
    name: 'bucket rounding includes the service charge tax',
    why:
      'lines 3.35 + 3.35 at 10% excl, charge 10% taxable: charge 67; exact tax 33.5 + 33.5 + 6.7 = 73.7 → ' +
      '74 (line rounding would give 34 + 34 + 7 = 75); weights 335:335:67 → 33.64, 33.64, 6.73 → ' +
      '33, 33, 6 + 2 left: charge (.73), then a (.64). Charge 67 to lines 34 + 33, its tax 7 → 4 + 3',
    input: order('USD', [line('a', 335, ['t']), line('b', 335, ['t'])], {
      taxRates: [excl('t', 100_000)],
      serviceCharges: [charge('svc', 100_000, ['t'])],
      policy: policy('half_even', 'bucket'),
    }),
    expected: {
      subtotal: 670,
      discountTotal: 0,
      serviceChargeTotal: 67,
      taxInclusiveTotal: 0,
      taxExclusiveTotal: 74,
      total: 811,
      lines: {
        a: { taxes: { t: 34 }, serviceCharge: 34, serviceChargeTax: 4, total: 407 },
        b: { taxes: { t: 33 }, serviceCharge: 33, serviceChargeTax: 3, total: 404 },
      },
      taxes: { t: 74 },
      serviceCharges: { svc: { amount: 67, tax: 7 } },
    },
  },

  // Discounts
  {
    name: '100% order discount gives a zero order',
    why: 'everything after the discount is 0: tax 0, service charge 0',
    input: order('USD', [line('a', 500, ['t']), line('b', 300, ['t'])], {
      taxRates: [excl('t', 100_000)],
      orderDiscounts: [pct('free', 1_000_000)],
      serviceCharges: [charge('svc', 50_000, ['t'])],
    }),
    expected: {
      ...zero,
      subtotal: 800,
      discountTotal: 800,
      total: 0,
      lines: { a: { net: 0, total: 0 }, b: { net: 0, total: 0 } },
      serviceCharges: { svc: { amount: 0, tax: 0 } },
      orderDiscounts: { free: 800 },
    },
  },
  {
    name: '100% item discount zeroes the line and its tax',
    why: '5.00 − 100% = 0; 10% excl of 0 = 0',
    input: order(
      'USD',
      [line('a', 500, ['t'], { discounts: [pct('free', 1_000_000)] }), line('b', 200, ['t'])],
      {
        taxRates: [excl('t', 100_000)],
      },
    ),
    expected: {
      ...zero,
      subtotal: 700,
      discountTotal: 500,
      taxExclusiveTotal: 20,
      total: 220,
      lines: { a: { itemDiscount: 500, net: 0, total: 0, taxes: { t: 0 } } },
    },
  },
  {
    name: 'fixed order discount larger than the subtotal is capped',
    why: '10.00 off an order of 5.00: 5.00 applied, split 3.00 + 2.00',
    input: order('USD', [line('a', 300), line('b', 200)], { orderDiscounts: [fixed('big', 1000)] }),
    expected: {
      ...zero,
      subtotal: 500,
      discountTotal: 500,
      total: 0,
      lines: { a: { orderDiscount: 300, net: 0 }, b: { orderDiscount: 200, net: 0 } },
      orderDiscounts: { big: 500 },
    },
  },
  {
    name: 'fixed item discount larger than the line is capped',
    why: '5.00 off a 3.00 line takes 3.00; the other line is untouched',
    input: order('USD', [line('a', 300, [], { discounts: [fixed('big', 500)] }), line('b', 200)]),
    expected: {
      ...zero,
      subtotal: 500,
      discountTotal: 300,
      total: 200,
      lines: { a: { itemDiscount: 300, net: 0 }, b: { net: 200 } },
    },
  },
  {
    name: "Square's order: item % → order % → item fixed → order fixed",
    why: '100.00 − 10% = 90.00; − 20% = 72.00; − 5.00 = 67.00; − 3.00 = 64.00 (all on gross would be 62.00)',
    input: order(
      'USD',
      [line('a', 10_000, [], { discounts: [fixed('five-off', 500), pct('ten', 100_000)] })],
      {
        orderDiscounts: [fixed('three-off', 300), pct('twenty', 200_000)],
      },
    ),
    expected: {
      ...zero,
      subtotal: 10_000,
      discountTotal: 3600,
      total: 6400,
      lines: { a: { itemDiscount: 1500, orderDiscount: 2100, net: 6400 } },
      orderDiscounts: { 'three-off': 300, twenty: 1800 },
    },
  },
  {
    name: 'discount order across two lines, with a remainder in the fixed order discount',
    why:
      'a 60.00 −10% → 54.00; order 10% of 94.00 = 9.40 split 5.40 + 4.00 → a 48.60, b 36.00; b −10.00 → 26.00; ' +
      'order 5.00 over 48.60 : 26.00 = 3.257 + 1.743 → 3.25 + 1.74 + 1 cent to a (larger remainder)',
    input: order(
      'USD',
      [
        line('a', 6000, [], { discounts: [pct('a10', 100_000)] }),
        line('b', 4000, [], { discounts: [fixed('b10', 1000)] }),
      ],
      { orderDiscounts: [pct('o10', 100_000), fixed('o5', 500)] },
    ),
    expected: {
      ...zero,
      subtotal: 10_000,
      discountTotal: 3040,
      total: 6960,
      lines: {
        a: { itemDiscount: 600, orderDiscount: 866, net: 4534 },
        b: { itemDiscount: 1000, orderDiscount: 574, net: 2426 },
      },
      orderDiscounts: { o10: 940, o5: 500 },
    },
  },
  {
    name: '10.00 order discount over 3 equal lines: 3.34 + 3.33 + 3.33, the extra cent by id',
    why: 'quotas 333.33 each; the remaining cent goes to the first line id (a), whatever the input order',
    input: order('USD', [line('c', 2000), line('a', 2000), line('b', 2000)], {
      orderDiscounts: [fixed('ten', 1000)],
    }),
    expected: {
      ...zero,
      subtotal: 6000,
      discountTotal: 1000,
      total: 5000,
      lines: { a: { orderDiscount: 334, net: 1666 }, b: { orderDiscount: 333 }, c: { orderDiscount: 333 } },
    },
  },
  {
    name: '50% order discount with a tie in the remainders',
    why: '9.99 + 0.01: 50% of 10.00 = 5.00; quotas 499.5 and 0.5 → 499 + 0, the cent to a (tie, id order)',
    input: order('USD', [line('a', 999), line('b', 1)], { orderDiscounts: [pct('half', 500_000)] }),
    expected: {
      ...zero,
      subtotal: 1000,
      discountTotal: 500,
      total: 500,
      lines: { a: { orderDiscount: 500, net: 499 }, b: { orderDiscount: 0, net: 1 } },
    },
  },
  {
    name: 'two percentage item discounts work on the same base',
    why: '100.00 with 10% and 20%: 10.00 + 20.00 = 30.00 (not compounded to 28.00)',
    input: order('USD', [
      line('a', 10_000, [], { discounts: [pct('ten', 100_000), pct('twenty', 200_000)] }),
    ]),
    expected: { ...zero, subtotal: 10_000, discountTotal: 3000, total: 7000 },
  },
  {
    name: 'percentage item discounts over 100% are capped in input order',
    why: '60% + 60% of 10.00: 6.00, then only the 4.00 left',
    input: order('USD', [line('a', 1000, [], { discounts: [pct('p1', 600_000), pct('p2', 600_000)] })]),
    expected: { ...zero, subtotal: 1000, discountTotal: 1000, total: 0, lines: { a: { net: 0 } } },
  },
  {
    name: 'an order discount skips a fully discounted line and a free line',
    why: 'a is 100% off, c is free: the 2.00 order discount lands on b alone',
    input: order(
      'USD',
      [line('a', 500, [], { discounts: [pct('free', 1_000_000)] }), line('b', 500), line('c', 0)],
      { orderDiscounts: [fixed('two', 200)] },
    ),
    expected: {
      ...zero,
      subtotal: 1000,
      discountTotal: 700,
      total: 300,
      lines: { a: { orderDiscount: 0, net: 0 }, b: { orderDiscount: 200, net: 300 }, c: { net: 0 } },
    },
  },
  {
    name: 'a discount on an inclusive-tax line lowers the tax inside it',
    why: '£12.00 incl 20% VAT, 25% off → 9.00; VAT 9.00 / 6 = 1.50; pre-tax 7.50',
    input: order('GBP', [line('a', 1200, ['vat'])], {
      taxRates: [incl('vat', 200_000)],
      orderDiscounts: [pct('quarter', 250_000)],
    }),
    expected: {
      ...zero,
      subtotal: 1200,
      discountTotal: 300,
      taxInclusiveTotal: 150,
      total: 900,
      lines: { a: { preTax: 750 } },
    },
  },
  {
    name: 'a percentage item discount on quantity > 1 is rounded once per line',
    why: '3 × 3.33 = 9.99; 15% = 149.85 → 150; net 8.49',
    input: order('USD', [line('a', 333, [], { quantity: 3, discounts: [pct('p15', 150_000)] })]),
    expected: { ...zero, subtotal: 999, discountTotal: 150, total: 849 },
  },

  // Service charges
  {
    name: 'service charge 10%, not taxable, on taxed lines',
    why: 'lines 15.00 + 25.00 at 10% excl → tax 4.00; charge 10% of 40.00 = 4.00 split 1.50 + 2.50',
    input: order('USD', [line('a', 1500, ['t']), line('b', 2500, ['t'])], {
      taxRates: [excl('t', 100_000)],
      serviceCharges: [charge('svc', 100_000)],
    }),
    expected: {
      subtotal: 4000,
      discountTotal: 0,
      serviceChargeTotal: 400,
      taxInclusiveTotal: 0,
      taxExclusiveTotal: 400,
      total: 4800,
      lines: {
        a: { serviceCharge: 150, serviceChargeTax: 0, total: 1800 },
        b: { serviceCharge: 250, total: 3000 },
      },
      serviceCharges: { svc: { amount: 400, tax: 0 } },
    },
  },
  {
    name: 'IDR: service 5% taxable with PB1 10%, cash to Rp100',
    why:
      'Rp70.000 + Rp8.000 = 7_800_000; service 5% = 390_000 (350_000 + 40_000); PB1 on lines 780_000, on the ' +
      'service 39_000; total 9_009_000 = Rp90.090 → cash Rp90.100',
    input: order(
      'IDR',
      [line('nasi-goreng', 3_500_000, ['pb1'], { quantity: 2 }), line('es-teh', 800_000, ['pb1'])],
      {
        taxRates: [excl('pb1', 100_000)],
        serviceCharges: [charge('service', 50_000, ['pb1'])],
        policy: policy('half_even', 'line', 10_000),
      },
    ),
    expected: {
      subtotal: 7_800_000,
      discountTotal: 0,
      serviceChargeTotal: 390_000,
      taxInclusiveTotal: 0,
      taxExclusiveTotal: 819_000,
      total: 9_009_000,
      cash: { total: 9_010_000, roundingAdjustment: 1_000 },
      lines: {
        'nasi-goreng': { serviceCharge: 350_000, serviceChargeTax: 35_000, total: 8_085_000 },
        'es-teh': { serviceCharge: 40_000, serviceChargeTax: 4_000, total: 924_000 },
      },
      taxes: { pb1: 819_000 },
      serviceCharges: { service: { amount: 390_000, tax: 39_000 } },
    },
  },
  {
    name: 'service charge on an inclusive-tax line is a rate of the pre-tax amount',
    why: '£12.00 incl 20% VAT: pre-tax 10.00; 12.5% service = 1.25, not taxable',
    input: order('GBP', [line('a', 1200, ['vat'])], {
      taxRates: [incl('vat', 200_000)],
      serviceCharges: [charge('svc', 125_000)],
    }),
    expected: {
      subtotal: 1200,
      discountTotal: 0,
      serviceChargeTotal: 125,
      taxInclusiveTotal: 200,
      taxExclusiveTotal: 0,
      total: 1325,
    },
  },
  {
    name: 'taxable service charge with an inclusive rate: the tax is added on top of the charge',
    why: 'as above, the 1.25 charge taxed at 20% → 0.25 added (a charge has no price to include it in)',
    input: order('GBP', [line('a', 1200, ['vat'])], {
      taxRates: [incl('vat', 200_000)],
      serviceCharges: [charge('svc', 125_000, ['vat'])],
    }),
    expected: {
      subtotal: 1200,
      discountTotal: 0,
      serviceChargeTotal: 125,
      taxInclusiveTotal: 200,
      taxExclusiveTotal: 25,
      total: 1350,
      taxes: { vat: 225 },
      lines: { a: { taxInclusive: 200, serviceChargeTax: 25, total: 1350 } },
    },
  },
  {
    name: 'two service charges are each a rate of the same base',
    why: '100.00 at 10% excl: tax 10.00; service 10% = 10.00; 2% = 2.00, taxed 10% → 0.20',
    input: order('USD', [line('a', 10_000, ['t'])], {
      taxRates: [excl('t', 100_000)],
      serviceCharges: [charge('service', 100_000), charge('kitchen', 20_000, ['t'])],
    }),
    expected: {
      subtotal: 10_000,
      discountTotal: 0,
      serviceChargeTotal: 1200,
      taxInclusiveTotal: 0,
      taxExclusiveTotal: 1020,
      total: 12_220,
      serviceCharges: { service: { amount: 1000, tax: 0 }, kitchen: { amount: 200, tax: 20 } },
    },
  },
  {
    name: 'service charge after discounts',
    why: '50.00 − 20% = 40.00; service 10% = 4.00',
    input: order('USD', [line('a', 5000)], {
      orderDiscounts: [pct('twenty', 200_000)],
      serviceCharges: [charge('svc', 100_000)],
    }),
    expected: { ...zero, subtotal: 5000, discountTotal: 1000, serviceChargeTotal: 400, total: 4400 },
  },

  // Currencies
  {
    name: 'JPY (exponent 0) with standard 10% and reduced 8% inclusive consumption tax',
    why: '2 × ¥1,280 = 2560: 2560 / 11 = 232.7 → 233; ¥330 × 0.08 / 1.08 = 24.4 → 24',
    input: order('JPY', [line('a', 1280, ['std'], { quantity: 2 }), line('b', 330, ['red'])], {
      taxRates: [incl('std', 100_000), incl('red', 80_000)],
    }),
    expected: {
      ...zero,
      subtotal: 2890,
      taxInclusiveTotal: 257,
      total: 2890,
      lines: { a: { preTax: 2327, taxes: { std: 233 } }, b: { preTax: 306, taxes: { red: 24 } } },
    },
  },
  {
    name: 'KRW (exponent 0): 15% order discount then 10% VAT, half_even on a whole won',
    why: '3 × ₩4,500 = 13,500; −15% = 2,025 → 11,475; VAT 1,147.5 → 1,148 (even); total 12,623',
    input: order('KRW', [line('a', 4500, ['vat'], { quantity: 3 })], {
      taxRates: [excl('vat', 100_000)],
      orderDiscounts: [pct('p15', 150_000)],
    }),
    expected: { ...zero, subtotal: 13_500, discountTotal: 2025, taxExclusiveTotal: 1148, total: 12_623 },
  },
  {
    name: 'KWD (exponent 3): fixed discount then 5% tax, half_up on a fils',
    why: '3 × 1.250 = 3.750; −0.100 = 3.650; 5% = 0.1825 → 0.183 (half_up); total 3.833',
    input: order('KWD', [line('a', 1250, ['t'], { quantity: 3 })], {
      taxRates: [excl('t', 50_000)],
      orderDiscounts: [fixed('f', 100)],
      policy: policy('half_up'),
    }),
    expected: { ...zero, subtotal: 3750, discountTotal: 100, taxExclusiveTotal: 183, total: 3833 },
  },
  {
    name: 'BHD (exponent 3): VAT 10% inclusive',
    why: '2.750 / 1.1 = 2.500; VAT 0.250',
    input: order('BHD', [line('a', 2750, ['vat'])], { taxRates: [incl('vat', 100_000)] }),
    expected: {
      ...zero,
      subtotal: 2750,
      taxInclusiveTotal: 250,
      total: 2750,
      lines: { a: { preTax: 2500 } },
    },
  },

  // Cash rounding
  {
    name: 'IDR cash rounding down to Rp100',
    why: 'Rp12.345 = 1_234_500 sen → Rp12.300 (−Rp45)',
    input: order('IDR', [line('a', 1_234_500)], { policy: policy('half_even', 'line', 10_000) }),
    expected: {
      ...zero,
      subtotal: 1_234_500,
      total: 1_234_500,
      cash: { total: 1_230_000, roundingAdjustment: -4_500 },
    },
  },
  {
    name: 'IDR cash rounding up to Rp100 on an exact half',
    why: 'Rp12.350 → Rp12.400 (+Rp50; cash rounding is half-up whatever the tenant mode)',
    input: order('IDR', [line('a', 1_235_000)], { policy: policy('half_even', 'line', 10_000) }),
    expected: {
      ...zero,
      subtotal: 1_235_000,
      total: 1_235_000,
      cash: { total: 1_240_000, roundingAdjustment: 5_000 },
    },
  },
  {
    name: 'CHF 0.05 cash rounding up',
    why: '12.33 → 12.35 (+0.02)',
    input: order('CHF', [line('a', 1233)], { policy: policy('half_even', 'line', 5) }),
    expected: { ...zero, subtotal: 1233, total: 1233, cash: { total: 1235, roundingAdjustment: 2 } },
  },
  {
    name: 'CHF 0.05 cash rounding down, with VAT 8.1% inclusive',
    why: '4.90: 490 × 0.081 / 1.081 = 36.7 → 37; 3.27: 24.50 → 25 (just above .5); 8.17 → cash 8.15',
    input: order('CHF', [line('a', 490, ['mwst']), line('b', 327, ['mwst'])], {
      taxRates: [incl('mwst', 81_000)],
      policy: policy('half_even', 'line', 5),
    }),
    expected: {
      ...zero,
      subtotal: 817,
      taxInclusiveTotal: 62,
      total: 817,
      cash: { total: 815, roundingAdjustment: -2 },
      lines: { a: { taxes: { mwst: 37 } }, b: { taxes: { mwst: 25 } } },
    },
  },

  // Modifiers, quantities, edge cases
  {
    name: 'modifiers are per unit of the line',
    why: '2 × (4.50 latte + 0.60 oat + 0.80 shot) = 11.80; 10% excl = 1.18',
    input: order(
      'USD',
      [
        line('latte', 450, ['t'], {
          quantity: 2,
          modifiers: [
            { id: 'oat', unitPrice: 60 },
            { id: 'shot', unitPrice: 80 },
          ],
        }),
      ],
      { taxRates: [excl('t', 100_000)] },
    ),
    expected: {
      ...zero,
      subtotal: 1180,
      taxExclusiveTotal: 118,
      total: 1298,
      lines: { latte: { gross: 1180, total: 1298 } },
    },
  },
  {
    name: 'an empty order is all zero',
    why: 'no lines: discounts, service charges and taxes have nothing to work on',
    input: order('USD', [], {
      taxRates: [excl('t', 100_000)],
      orderDiscounts: [fixed('f', 500)],
      serviceCharges: [charge('svc', 100_000, ['t'])],
      policy: policy('half_even', 'bucket', 5),
    }),
    expected: {
      ...zero,
      subtotal: 0,
      total: 0,
      taxes: { t: 0 },
      serviceCharges: { svc: { amount: 0, tax: 0 } },
      orderDiscounts: { f: 0 },
    },
  },
];
