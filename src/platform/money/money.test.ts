import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertMinor,
  assertNonNegativeMinor,
  formatMinor,
  fromMajorString,
  isMinor,
  sumMinor,
  toMajorString,
  toMinor,
} from './money.ts';

describe('minor-unit amounts', () => {
  it('accepts safe integers only', () => {
    expect(isMinor(0)).toBe(true);
    expect(isMinor(-5)).toBe(true);
    expect(isMinor(Number.MAX_SAFE_INTEGER)).toBe(true);
    for (const bad of [1.5, NaN, Infinity, 2 ** 53, '1', null, 1n]) {
      expect(isMinor(bad)).toBe(false);
      expect(() => assertMinor(bad)).toThrow();
    }
    expect(() => assertNonNegativeMinor(-1, 'price')).toThrow(/price must not be negative/);
    expect(() => assertMinor('1', 'price')).toThrow(TypeError);
  });

  it('converts bigints back with an overflow check', () => {
    expect(toMinor(123n)).toBe(123);
    expect(toMinor(-BigInt(Number.MAX_SAFE_INTEGER))).toBe(-Number.MAX_SAFE_INTEGER);
    expect(() => toMinor(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(RangeError);
  });

  it('sums exactly and refuses to overflow', () => {
    expect(sumMinor([1, 2, 3])).toBe(6);
    expect(sumMinor([])).toBe(0);
    expect(() => sumMinor([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => sumMinor([0.5])).toThrow(RangeError);
  });
});

describe('major-unit strings', () => {
  it.each([
    [123456, 'USD', '1234.56'],
    [5, 'USD', '0.05'],
    [-5, 'CHF', '-0.05'],
    [0, 'USD', '0.00'],
    [500, 'JPY', '500'],
    [1234500, 'IDR', '12345.00'],
    [3833, 'KWD', '3.833'],
    [1, 'CLF', '0.0001'],
  ])('%i %s ↔ %s', (minor, currency, major) => {
    expect(toMajorString(minor, currency)).toBe(major);
    expect(fromMajorString(major, currency)).toBe(minor);
  });

  it('parses shorter fractions and rejects anything inexact', () => {
    expect(fromMajorString('12.5', 'USD')).toBe(1250);
    expect(fromMajorString('7', 'KWD')).toBe(7000);
    for (const bad of ['1.005', '1e3', '1,00', ' 1', '', '.5', '1.', '+1', 'abc']) {
      expect(() => fromMajorString(bad, 'USD')).toThrow(RangeError);
    }
    expect(() => fromMajorString('1.5', 'JPY')).toThrow(/more than 0 decimals/);
    expect(() => fromMajorString('100000000000000000', 'USD')).toThrow(RangeError);
  });

  it('formats for messages', () => {
    expect(formatMinor(100, 'USD')).toBe('USD 1.00');
    expect(formatMinor(1280, 'JPY')).toBe('JPY 1280');
    expect(() => formatMinor(1, 'XXX')).toThrow(RangeError);
  });

  it('round-trips every safe amount in every exponent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('JPY', 'USD', 'KWD', 'CLF'),
        (amount, currency) => fromMajorString(toMajorString(amount, currency), currency) === amount,
      ),
      { numRuns: 2000 },
    );
  });
});
