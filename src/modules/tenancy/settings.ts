import { isCurrency } from '../../platform/money/currency.ts';
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
