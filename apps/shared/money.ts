// Money for the screens: amounts are integer minor units (ISO 4217 exponent from the server's own
// table), formatted with Intl and always with maximumFractionDigits set (older ICU prints ",00").
import { currencyExponent } from '../../src/platform/money/currency.ts';

/**
 * The smallest amount people actually pay in, in minor units. Rupiah: whole rupiah (100 sen);
 * currencies with a usable minor unit: 1. Splits, quick-tender amounts and gateway amounts use it.
 */
const PRACTICAL_MAJOR_UNITS: Record<string, number> = { IDR: 1, JPY: 1, KRW: 1, VND: 1, HUF: 1 };
export function practicalIncrement(currency: string): number {
  const units = PRACTICAL_MAJOR_UNITS[currency];
  return units === undefined ? 1 : units * 10 ** currencyExponent(currency);
}

const formatters = new Map<string, Intl.NumberFormat>();
function formatter(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    const digits = Math.max(
      0,
      currencyExponent(currency) - Math.round(Math.log10(practicalIncrement(currency))),
    );
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, f);
  }
  return f;
}

/** `Rp 25.000` for 2_500_000 IDR in id-ID; `-Rp 5.000` for negatives. */
export function formatMoney(minor: number, currency: string, locale = 'id-ID'): string {
  const major = minor / 10 ** currencyExponent(currency);
  return formatter(currency, locale).format(major).replace(/\s/g, '\u00a0');
}

/** Major units typed on a numpad ("25000") → minor units. */
export function majorToMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** currencyExponent(currency));
}

/** Minor units → the major units a person types into a field (250000 IDR → 2500). */
export function minorToMajor(minor: number, currency: string): number {
  return minor / 10 ** currencyExponent(currency);
}

const NOTES: Record<string, number[]> = {
  IDR: [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000],
};

/**
 * Quick-tender amounts for a cash bill: exact first, then the next multiple of each note above it,
 * de-duplicated, at most `max` (Rp 37.500 → 37.500, 40.000, 50.000, 100.000).
 */
export function quickTenders(amount: number, currency: string, max = 4): number[] {
  const scale = 10 ** currencyExponent(currency);
  const notes = (NOTES[currency] ?? [1, 5, 10, 20, 50, 100]).map((n) => n * scale);
  const out = [amount];
  for (const note of notes) {
    const next = Math.ceil(amount / note) * note;
    if (next > amount && !out.includes(next)) {
      out.push(next);
    }
  }
  return out.slice(0, max);
}
