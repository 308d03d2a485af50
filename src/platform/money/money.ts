/**
 * Money amounts are JavaScript `number`s holding an integer count of minor units (cents, sen,
 * fils) of one ISO 4217 currency, always within `Number.MAX_SAFE_INTEGER`. Anything that can
 * exceed 2^53 on the way (amount × rate, sums of many amounts) is computed in `bigint` and
 * converted back with a check (`toMinor`), so a result is either exact or an error — never a
 * silently rounded float.
 */
import { currencyExponent } from './currency.ts';

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The largest amount of money Kasir accepts in one field or computes for one order or payment
 * (order total, amount + tip, tips on an order): 10^13 minor units — Rp 100 billion in sen,
 * ¥10 trillion. Far beyond any sale, yet sums of ~900 such amounts stay exact in a JavaScript
 * number and every figure fits a `bigint` column. Inputs are bounded by it at the HTTP boundary
 * (`Amount()` in platform/http/schemas.ts); use cases check their computed sums against it.
 */
export const MAX_AMOUNT = 10_000_000_000_000;

/** True when a computed amount (a sum, a total) is beyond `MAX_AMOUNT` in either direction. */
export function exceedsMaxAmount(value: number | bigint): boolean {
  return typeof value === 'bigint'
    ? value > BigInt(MAX_AMOUNT) || value < -BigInt(MAX_AMOUNT)
    : !(Math.abs(value) <= MAX_AMOUNT);
}

/** True when `value` is a safe integer (a valid amount in minor units, any sign). */
export function isMinor(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Throws unless `value` is a safe integer. `what` names it in the message. */
export function assertMinor(value: unknown, what = 'amount'): asserts value is number {
  if (typeof value !== 'number') {
    throw new TypeError(`${what} must be a number of minor units, got ${typeof value}`);
  }
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a safe integer number of minor units, got ${value}`);
  }
}

/** Throws unless `value` is a safe integer ≥ 0. */
export function assertNonNegativeMinor(value: unknown, what = 'amount'): asserts value is number {
  assertMinor(value, what);
  if (value < 0) {
    throw new RangeError(`${what} must not be negative, got ${value}`);
  }
}

/** A `bigint` back to a minor-unit `number`; throws when it does not fit in a safe integer. */
export function toMinor(value: bigint, what = 'amount'): number {
  if (value > MAX || value < -MAX) {
    throw new RangeError(`${what} ${value} is larger than the largest safe amount (2^53 - 1)`);
  }
  return Number(value);
}

/** Exact sum of minor-unit amounts; throws if an input is not a safe integer or the sum overflows. */
export function sumMinor(values: readonly number[], what = 'sum'): number {
  let total = 0n;
  for (const v of values) {
    assertMinor(v, what);
    total += BigInt(v);
  }
  return toMinor(total, what);
}

/**
 * `amount` as a plain decimal string in major units with exactly the currency's exponent:
 * `toMajorString(123456, 'USD')` → `'1234.56'`, `(-5, 'CHF')` → `'-0.05'`, `(500, 'JPY')` → `'500'`.
 */
export function toMajorString(amount: number, currency: string): string {
  assertMinor(amount);
  const exponent = currencyExponent(currency);
  const negative = amount < 0;
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}

/**
 * Parses a plain decimal string in major units (`'12.5'`, `'-0.05'`, `'1000'`) into minor units.
 * Rejects more decimals than the currency has, exponents, separators and anything not exact.
 */
export function fromMajorString(text: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) {
    throw new RangeError(`"${text}" is not a decimal amount`);
  }
  const [, sign, whole = '', fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new RangeError(`"${text}" has more than ${exponent} decimals for ${currency}`);
  }
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  return toMinor(sign ? -minor : minor, `"${text}"`);
}

/** Human-readable amount for tests, logs and error messages: `formatMinor(100, 'USD')` → `'USD 1.00'`. */
export function formatMinor(amount: number, currency: string): string {
  return `${currency} ${toMajorString(amount, currency)}`;
}
