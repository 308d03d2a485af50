import { AppError } from '../../platform/http/errors.ts';

/** Longest period a report covers (a year and a day: a leap year fits). */
export const MAX_PERIOD_DAYS = 366;

export interface Period {
  /** Business dates, both inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  days: number;
}

const DAY_MS = 86_400_000;
const toMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Adds days to a business date (calendar arithmetic; no time zone involved). */
export function addDays(date: string, days: number): string {
  return toDate(toMs(date) + days * DAY_MS);
}

/**
 * The period a report asks for, checked: real dates, `from` ≤ `to`, at most a year. Without
 * `to` it is the one day `from`.
 */
export function reportPeriod(from: string, to?: string): Period {
  const end = to ?? from;
  const a = toMs(from);
  const b = toMs(end);
  if (!Number.isFinite(a) || !Number.isFinite(b) || toDate(a) !== from || toDate(b) !== end) {
    throw new AppError('reports.period_invalid', 'from and to must be dates (YYYY-MM-DD).', {
      from,
      to: end,
    });
  }
  if (b < a) {
    throw new AppError('reports.period_invalid', 'to must not be before from.', { from, to: end });
  }
  const days = (b - a) / DAY_MS + 1;
  if (days > MAX_PERIOD_DAYS) {
    throw new AppError('reports.period_invalid', `A report covers at most ${MAX_PERIOD_DAYS} days.`, {
      from,
      to: end,
    });
  }
  return { from, to: end, days };
}

/** The period of the same length just before (a day → the day before; a week → the week before). */
export function previousPeriod(p: Period): Period {
  return { from: addDays(p.from, -p.days), to: addDays(p.from, -1), days: p.days };
}

/** Every date of a period, in order. */
export function datesOf(p: Period): string[] {
  return Array.from({ length: p.days }, (_, i) => addDays(p.from, i));
}

/** ISO day of week of a business date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(toMs(date)).getUTCDay();
  return d === 0 ? 7 : d;
}
