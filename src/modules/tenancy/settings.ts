import type { Executor } from '../../platform/db/db.ts';
import { defaultPracticalIncrement, isCurrency } from '../../platform/money/currency.ts';
import { AppError } from '../../platform/http/errors.ts';

const TIMEZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

/** Checks tenant settings against ISO 4217, the IANA time zone database and BCP 47. */
export function validateTenantSettings(input: {
  currency?: string;
  timezone?: string | null;
  locale?: string;
}): void {
  const currency = input.currency;
  if (currency !== undefined && !isCurrency(currency)) {
    throw new AppError('tenants.invalid', `"${String(currency)}" is not an ISO 4217 currency code.`, {
      field: 'currency',
    });
  }
  if (input.timezone !== undefined && input.timezone !== null && !TIMEZONES.has(input.timezone)) {
    throw new AppError('tenants.invalid', `"${input.timezone}" is not an IANA time zone.`, {
      field: 'timezone',
    });
  }
  if (input.locale !== undefined) {
    try {
      Intl.getCanonicalLocales(input.locale);
    } catch {
      throw new AppError('tenants.invalid', `"${input.locale}" is not a BCP 47 locale.`, { field: 'locale' });
    }
  }
}

/** The tenant's practical increment: its own setting, or its currency's default (Rp 1 = 100 sen). */
export function practicalIncrementOf(t: { currency: string; practical_increment: string | number | null }) {
  return t.practical_increment === null
    ? defaultPracticalIncrement(t.currency)
    : Number(t.practical_increment);
}

/** Reads the tenant's practical increment (minor units): what a split part or a tender is a multiple of. */
export async function getPracticalIncrement(db: Executor, tenantId: string): Promise<number> {
  const t = await db
    .selectFrom('tenants')
    .select(['currency', 'practical_increment'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return practicalIncrementOf(t);
}

/**
 * Cash rounding must land on amounts a card could pay too: the cash increment is 0 (none: cash is
 * counted in the practical increment) or a multiple of the practical increment.
 */
export function validateIncrements(practical: number, cash: number): void {
  if (cash !== 0 && cash % practical !== 0) {
    throw new AppError(
      'tenants.invalid',
      `The cash rounding increment (${cash}) must be a multiple of the practical increment (${practical}).`,
      { field: 'cashRoundingIncrement', practicalIncrement: practical },
    );
  }
}
