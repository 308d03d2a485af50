// Rates as people type and read them (percent) and as the API stores them (parts per million).

/** "11" or "2.5" (percent, up to 4 decimals) as parts per million, without floating point. */
export function percentToPpm(text: string): number {
  const [whole = '0', frac = ''] = text.trim().split('.');
  return Number(whole || 0) * 10_000 + Number((frac + '0000').slice(0, 4));
}
/** Parts per million as a percent for people: 110000 → "11%". */
export const ppmLabel = (ppm: number, locale: string) =>
  `${new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(ppm / 10_000)}%`;
