import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, majorUnits } from './csv.ts';
import { isoWeekday, previousPeriod, reportPeriod } from './period.ts';
import { ledgerFigures, localDayHour, mergeDeltas, saleDeltas } from './rollup-facts.ts';

describe('periods', () => {
  it('the previous period has the same length and ends the day before', () => {
    expect(previousPeriod(reportPeriod('2026-03-01', '2026-03-31'))).toEqual({
      from: '2026-01-29',
      to: '2026-02-28',
      days: 31,
    });
    expect(previousPeriod(reportPeriod('2026-03-10'))).toMatchObject({
      from: '2026-03-09',
      to: '2026-03-09',
    });
    expect(isoWeekday('2026-03-10')).toBe(2);
    expect(() => reportPeriod('2026-02-30')).toThrow(/dates/);
  });
  it('days in a time zone: 23:30 UTC is the next day in Jakarta, hour 06', () => {
    expect(localDayHour(new Date('2026-03-10T23:30:00Z'), 'Asia/Jakarta')).toEqual({
      date: '2026-03-11',
      hour: '06',
    });
    expect(localDayHour(new Date('2026-03-10T23:30:00Z'), 'America/New_York')).toEqual({
      date: '2026-03-10',
      hour: '19',
    });
  });
});

describe('CSV', () => {
  it('minor units to major exactly, for every exponent', () => {
    expect(majorUnits(3_500_000, 'IDR')).toBe('35000.00');
    expect(majorUnits(-5, 'USD')).toBe('-0.05');
    expect(majorUnits(500, 'JPY')).toBe('500');
    expect(majorUnits(1234, 'KWD')).toBe('1.234');
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (n) => {
        expect(Math.round(Number(majorUnits(n, 'USD')) * 100)).toBe(n);
      }),
    );
  });
  it('quotes commas and quotes, and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField(-5)).toBe('-5');
  });
});

describe('rollup facts', () => {
  it('a sale splits its ledger figures over its lines exactly', () => {
    const lines = [
      { account: 'customer_deposits', debit: 1_000, credit: 0 },
      { account: 'discounts', debit: 100, credit: 0 },
      { account: 'sales', debit: 0, credit: 1_001 },
      { account: 'tax_payable', debit: 0, credit: 99 },
    ];
    expect(ledgerFigures(lines)).toMatchObject({ gross: 1_001, discounts: 100, tax: 99, collected: 0 });
    const line = (key: string, preTaxGross: number, discount: number) => ({
      item: { key, label: key },
      variant: { key, label: key },
      category: { key: 'none', label: '' },
      quantity: 1,
      preTaxGross,
      discount,
      modifiers: [],
    });
    const deltas = mergeDeltas(
      saleDeltas({
        outletId: 'o',
        postedAt: new Date('2026-03-10T03:00:00Z'),
        timeZone: 'Asia/Jakarta',
        lines,
        dining: { key: 'dine_in', label: 'dine_in' },
        employee: { key: 'user:1', label: 'A' },
        saleLines: [line('a', 1, 1), line('b', 1, 1), line('c', 1, 1)],
        taxes: [],
      }),
    );
    const items = deltas.filter((d) => d.dimension === 'item');
    expect(items.map((d) => d.figures.gross)).toEqual([334, 334, 333]);
    expect(items.reduce((s, d) => s + (d.figures.discounts ?? 0), 0)).toBe(100);
    expect(deltas.find((d) => d.dimension === 'hour')).toMatchObject({ key: '10', date: '2026-03-10' });
    expect(deltas.find((d) => d.dimension === 'category')?.figures.orders).toBe(1);
  });
});
