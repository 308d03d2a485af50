import { currencyExponent } from '../../platform/money/currency.ts';
import { FIGURE_FIELDS, MONEY_FIELDS, type FiguresDto } from './report-dto.ts';

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; formula-safe. */
export function csvField(value: string | number | null): string {
  if (value === null) {
    return '';
  }
  let s = String(value);
  // A leading = + - @ makes spreadsheets evaluate text as a formula (CSV injection): prefix a quote.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) {
    s = `'${s}`;
  }
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvLine = (values: ReadonlyArray<string | number | null>) =>
  `${values.map(csvField).join(',')}\r\n`;

/** Minor units as a decimal string in major units, exactly (3500000 IDR → "35000.00"). */
export function majorUnits(minor: number, currency: string): string {
  const exp = currencyExponent(currency);
  if (exp === 0) {
    return String(minor);
  }
  const neg = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exp + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
}

/** The CSV header of a figures block, prefixed (e.g. `previous_`). */
export const figureHeaders = (prefix = '') =>
  FIGURE_FIELDS.map((f) => `${prefix}${f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`);

/** A figures block's CSV values: money in major units of the currency, counts as they are. */
export const figureValues = (f: FiguresDto, currency: string) =>
  FIGURE_FIELDS.map((k) => (MONEY_FIELDS.has(k) ? majorUnits(f[k], currency) : f[k]));
