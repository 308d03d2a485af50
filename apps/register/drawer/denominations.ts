import { currencyExponent } from '../../../src/platform/money/currency.ts';

/** Notes and coins a drawer is counted in, largest first, in minor units of the currency. */
const MAJOR: Record<string, number[]> = {
  IDR: [100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100],
  USD: [100, 50, 20, 10, 5, 1, 0.25, 0.1, 0.05, 0.01],
  EUR: [100, 50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01],
};

export function denominationsOf(currency: string): number[] {
  const scale = 10 ** currencyExponent(currency);
  return (MAJOR[currency] ?? [100, 50, 20, 10, 5, 2, 1]).map((v) => Math.round(v * scale));
}

/** Σ value × count (the counts the cashier typed; blanks are 0). */
export function countTotal(counts: Record<number, string>): number {
  return Object.entries(counts).reduce(
    (sum, [value, n]) => sum + Number(value) * (Number.parseInt(n, 10) || 0),
    0,
  );
}

/** The counts as the API takes them (only the ones counted). */
export function countBody(counts: Record<number, string>) {
  return Object.entries(counts)
    .map(([value, n]) => ({ value: Number(value), count: Number.parseInt(n, 10) || 0 }))
    .filter((d) => d.count > 0);
}
