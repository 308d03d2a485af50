import { describe, expect, it } from 'vitest';
import {
  currencyCodes,
  currencyExponent,
  defaultPracticalIncrement,
  isCurrency,
  MAX_PRACTICAL_INCREMENT,
} from './currency.ts';

describe('currencyExponent', () => {
  it.each([
    ['IDR', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['USD', 2],
    ['GBP', 2],
    ['INR', 2],
    ['CHF', 2],
    ['EUR', 2],
    ['KWD', 3],
    ['BHD', 3],
    ['IQD', 3],
    ['CLF', 4],
    ['UYW', 4],
    ['VND', 0],
    ['HUF', 2],
    ['COP', 2],
    ['MGA', 2],
    ['XCG', 2],
    ['ZWG', 2],
  ])('%s has exponent %i (ISO 4217)', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
    expect(isCurrency(code)).toBe(true);
  });

  it.each(['ABC', 'usd', 'Usd', '', 'US', 'USDD', 'XAU', 'XXX', 'XTS', 'XDR'])('rejects %j', (code) => {
    expect(isCurrency(code)).toBe(false);
    expect(() => currencyExponent(code)).toThrow(RangeError);
  });

  it('rejects non-strings in isCurrency', () => {
    expect(isCurrency(undefined)).toBe(false);
    expect(isCurrency(840)).toBe(false);
  });

  it('accepts every currency the tenancy module accepts (Intl), except units with no minor unit', () => {
    const noMinorUnit = new Set([
      'XAG',
      'XAU',
      'XBA',
      'XBB',
      'XBC',
      'XBD',
      'XDR',
      'XPD',
      'XPT',
      'XSU',
      'XTS',
      'XUA',
      'XXX',
    ]);
    const missing = Intl.supportedValuesOf('currency').filter((c) => !noMinorUnit.has(c) && !isCurrency(c));
    expect(missing).toEqual([]);
  });

  it('differs from ICU display digits where CLDR differs from ISO 4217 (why we keep a table)', () => {
    const icu = (code: string) =>
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits;
    // Whatever ICU says for display, stored amounts follow ISO 4217.
    for (const code of ['IDR', 'IQD', 'HUF', 'COP']) {
      expect(currencyExponent(code)).toBe(code === 'IQD' ? 3 : 2);
      expect(typeof icu(code)).toBe('number');
    }
  });

  it('lists codes sorted and unique', () => {
    const codes = currencyCodes();
    expect(codes).toEqual([...new Set(codes)].sort());
    expect(codes.length).toBeGreaterThan(150);
    expect(codes.every((c) => /^[A-Z]{3}$/.test(c))).toBe(true);
  });
});

describe('defaultPracticalIncrement', () => {
  it.each([
    ['IDR', 100], // Rp 1: nobody pays sen
    ['HUF', 100], // 1 Ft: no fillér since 1999
    ['COP', 100],
    ['PKR', 100],
    ['IQD', 1000], // exponent 3, fils unused
    ['JPY', 1], // exponent 0: already whole yen
    ['KRW', 1],
    ['CLP', 1],
    ['VND', 1],
    ['ISK', 1],
    ['USD', 1], // cents are paid
    ['EUR', 1],
    ['KWD', 1], // fils are paid
    ['CLF', 1],
  ])('%s pays in multiples of %i minor units', (code, increment) => {
    expect(defaultPracticalIncrement(code)).toBe(increment);
  });

  it('is a power of ten no larger than one major unit, for every currency', () => {
    for (const code of currencyCodes()) {
      const increment = defaultPracticalIncrement(code);
      expect(Number.isInteger(Math.log10(increment)), code).toBe(true);
      expect(increment, code).toBeLessThanOrEqual(10 ** currencyExponent(code));
      expect(increment).toBeLessThanOrEqual(MAX_PRACTICAL_INCREMENT);
    }
  });

  it('covers every currency where ICU (CLDR digits) shows fewer decimals than ISO 4217 keeps', () => {
    const icu = (code: string) =>
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    for (const code of currencyCodes()) {
      const digits = Math.min(icu(code), currencyExponent(code));
      // A newer ICU may name another currency whose minor unit fell out of use: add it to the table.
      if (digits < currencyExponent(code)) {
        expect(defaultPracticalIncrement(code), code).toBe(10 ** (currencyExponent(code) - digits));
      }
    }
  });

  it('rejects what is not a currency', () => {
    expect(() => defaultPracticalIncrement('usd')).toThrow(RangeError);
  });
});
