/**
 * ISO 4217 currencies and their minor-unit exponents (how many decimal places the minor unit
 * has: USD 2 → cents, JPY 0, KWD 3 → fils, CLF 4).
 *
 * Why an explicit table and not `Intl.NumberFormat(...).resolvedOptions().maximumFractionDigits`:
 * ICU returns CLDR's *display* preference, not the ISO 4217 minor unit. On Node 20 (ICU 78,
 * CLDR 48) it says 0 for IDR, HUF, COP, IRR, LAK, MMK, SOS, SYP, YER, ALL, LBP, AFN, MGA and SLL
 * (ISO: 2) and 0 for IQD (ISO: 3) — an "override table" would be as long as this one and would
 * drift whenever Node updates ICU. Stored amounts must not change meaning with a Node upgrade, so
 * the exponent comes from ISO 4217 List One (as published 2026-01-01) and nothing else.
 *
 * Codes whose minor unit is "N.A." in ISO 4217 (precious metals, SDR, bond-market units, XTS,
 * XXX) cannot price a sale and are not currencies here.
 */

/** ISO 4217 List One, grouped by minor unit. */
const ISO_4217: Readonly<Record<number, string>> = {
  0: 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF',
  2:
    'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
    'CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP ' +
    'GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK ' +
    'LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO ' +
    'NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS ' +
    'SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST ' +
    'XAD XCD XCG YER ZAR ZMW ZWG',
  3: 'BHD IQD JOD KWD LYD OMR TND',
  4: 'CLF UYW',
};

/**
 * Withdrawn from List One recently but still in `Intl.supportedValuesOf('currency')`, which the
 * tenancy module uses to accept a tenant's currency. Kept (with their ISO minor unit, from List
 * Three) so that every currency a tenant can have is priceable.
 */
const WITHDRAWN_STILL_ACCEPTED = 'ANG BGN CUC HRK SLL ZWL';

const EXPONENTS: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const [exponent, codes] of Object.entries(ISO_4217)) {
    for (const code of codes.split(' ')) {
      map.set(code, Number(exponent));
    }
  }
  for (const code of WITHDRAWN_STILL_ACCEPTED.split(' ')) {
    map.set(code, 2);
  }
  return map;
})();

/** True when `code` is an ISO 4217 currency we can price in (upper-case alphabetic code). */
export function isCurrency(code: unknown): code is string {
  return typeof code === 'string' && EXPONENTS.has(code);
}

/**
 * The ISO 4217 minor-unit exponent of `code`: 10^exponent minor units make one major unit.
 * Throws a `RangeError` for anything that is not a priceable ISO 4217 code (codes are
 * case-sensitive: `'usd'` is rejected).
 */
export function currencyExponent(code: string): number {
  const exponent = EXPONENTS.get(code);
  if (exponent === undefined) {
    throw new RangeError(`"${String(code)}" is not an ISO 4217 currency code with a minor unit`);
  }
  return exponent;
}

/** Every currency code `isCurrency` accepts, sorted. */
export function currencyCodes(): string[] {
  return [...EXPONENTS.keys()].sort();
}

/**
 * A currency's *practical increment*: the smallest amount anybody actually pays, in minor units.
 * ISO 4217 keeps minor units that no longer circulate or clear — rupiah have sen, forint have
 * fillér — so an amount can be exact in Kasir and still be unpayable: Midtrans and Xendit take
 * whole rupiah, and no cashier hands back 50 sen. Amounts stay exact in minor units; what a
 * tender *asks for* (a split part, a card or gateway charge settling a balance, the cash due when
 * the tenant has no cash rounding) is a multiple of this increment (see `money/tender.ts`).
 *
 * Default 1 minor unit. Listed here: the currencies whose ISO minor unit is not used in practice
 * — where CLDR's non-cash `digits` (what ICU shows) are fewer than ISO's exponent (CLDR 48, the
 * same list `currencyExponent`'s note names, plus PKR and KPW). Frozen in this table for the same
 * reason as the exponents: behaviour must not change with a Node upgrade. Zero-exponent
 * currencies (JPY, KRW, CLP, VND, ISK…) already count in whole units: 1. A tenant can override it
 * (tenant settings), e.g. VND in ₫1,000 or TWD in whole dollars. Cash rounding (to Rp100, CHF
 * 0.05) is a separate, coarser, per-tenant setting.
 */
const PRACTICAL_INCREMENTS: Readonly<Record<number, string>> = {
  100: 'AFN ALL COP HUF IDR IRR KPW LAK LBP MGA MMK PKR SLL SOS SYP YER',
  1000: 'IQD',
};

const PRACTICAL: ReadonlyMap<string, number> = new Map(
  Object.entries(PRACTICAL_INCREMENTS).flatMap(([increment, codes]) =>
    codes.split(' ').map((code) => [code, Number(increment)] as const),
  ),
);

/** Largest practical increment a tenant may set, in minor units (Rp 1,000,000; ¥100,000,000). */
export const MAX_PRACTICAL_INCREMENT = 100_000_000;

/**
 * The default practical increment of `code` in minor units (1 unless the table above says
 * otherwise): IDR 100 (Rp 1), JPY 1 (¥1), USD 1 (1 cent). Throws like `currencyExponent`.
 */
export function defaultPracticalIncrement(code: string): number {
  currencyExponent(code);
  return PRACTICAL.get(code) ?? 1;
}
