import { useTranslation } from 'react-i18next';
import { currencyExponent } from '../../src/platform/money/currency.ts';
import { createContext, useContext } from 'react';

export interface Outlet {
  id: string;
  name: string;
  timezone: string | null;
}

/** What every office screen knows: the business, its outlets, the chosen outlet, money formatting. */
export interface OfficeContext {
  tenant: { name: string; currency: string; timezone: string; locale: string };
  outlets: Outlet[];
  /** null = all outlets the person may see. */
  outletId: string | null;
  money: (minor: number) => string;
  /** Today in the business's time zone (YYYY-MM-DD). */
  today: () => string;
}

export const OfficeCtx = createContext<OfficeContext | null>(null);
export const useOffice = (): OfficeContext => {
  const c = useContext(OfficeCtx);
  if (!c) {
    throw new Error('useOffice outside the office');
  }
  return c;
};

/** Calendar arithmetic on business dates. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The day in a time zone. */
export function dayIn(timeZone: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** Report query string: the period and the chosen outlet. */
export function reportQuery(from: string, to: string, outletId: string | null): string {
  return `from=${from}&to=${to}${outletId ? `&outletId=${outletId}` : ''}`;
}

/** Chart axis money: `25 rb`, `1,5 jt`, `2,5 M` (major units). */
export function compactMoney(minor: number, currency: string, locale: string): string {
  const major = minor / 10 ** currencyExponent(currency);
  const fmt = (n: number, unit: string) =>
    `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n)}${unit}`;
  const abs = Math.abs(major);
  if (locale.startsWith('id')) {
    return abs >= 1e9
      ? fmt(major / 1e9, ' M')
      : abs >= 1e6
        ? fmt(major / 1e6, ' jt')
        : abs >= 1e3
          ? fmt(major / 1e3, ' rb')
          : fmt(major, '');
  }
  return abs >= 1e9
    ? fmt(major / 1e9, 'B')
    : abs >= 1e6
      ? fmt(major / 1e6, 'M')
      : abs >= 1e3
        ? fmt(major / 1e3, 'k')
        : fmt(major, '');
}

/** Formats an instant in the business's time zone and the screen's language ("3 Dec 2026, 14.05"). */
export function useTenantTime(): (iso: string) => string {
  const { i18n } = useTranslation();
  const office = useOffice();
  return (iso) =>
    new Intl.DateTimeFormat(i18n.language, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: office.tenant.timezone,
    }).format(new Date(iso));
}
