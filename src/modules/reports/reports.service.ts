import type { Db } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { assertOutletAccess, outletFilter } from '../identity/index.ts';
import { lossEvents, type LossEvent, type LossKind } from './loss-prevention.ts';
import { datesOf, isoWeekday, previousPeriod, reportPeriod, type Period } from './period.ts';
import { catchUp } from './projector.ts';
import { addFigures, figuresDto, type FiguresDto } from './report-dto.ts';
import { reportSetting, sumByDate, sumByKey } from './reports.repo.ts';
import { zeroFigures, type Dimension, type Figures } from './rollup-facts.ts';
import { settlementFacts, settlementReport } from './settlements.ts';

/** The breakdown reports and the rollup dimension each reads (weekdays: the days, regrouped). */
export const BREAKDOWNS = {
  items: 'item',
  variants: 'variant',
  categories: 'category',
  modifiers: 'modifier',
  employees: 'employee',
  hours: 'hour',
  weekdays: 'day',
  'dining-options': 'dining',
  'payment-methods': 'payment',
  taxes: 'tax',
} as const satisfies Record<string, Dimension>;
export type Breakdown = keyof typeof BREAKDOWNS;

export interface ReportQuery {
  from: string;
  to?: string | undefined;
  outletId?: string | undefined;
}

export interface ReportRow {
  key: string;
  label: string;
  current: FiguresDto;
  previous: FiguresDto;
}

/** What every report starts with: caught-up rollups, the periods, the outlets the caller may see. */
async function prepare(db: Db, ctx: ServiceContext, q: ReportQuery) {
  const period = reportPeriod(q.from, q.to);
  const setting = await reportSetting(db, ctx.tenantId, q.outletId);
  let outlets = outletFilter(ctx);
  if (q.outletId) {
    if (!setting.outlet) {
      throw notFound('outlets', q.outletId);
    }
    assertOutletAccess(ctx, q.outletId);
    outlets = [q.outletId];
  }
  await catchUp(db, ctx.tenantId);
  return {
    period,
    previous: previousPeriod(period),
    outlets,
    head: {
      currency: setting.currency,
      outletId: q.outletId ?? null,
      period: { from: period.from, to: period.to },
      previousPeriod: { from: previousPeriod(period).from, to: previousPeriod(period).to },
    },
  };
}

const total = (rows: ReadonlyArray<{ figures: Figures }>) =>
  rows.reduce((s, r) => addFigures(s, r.figures), zeroFigures());

/** Rows of current and previous side by side, every key of either. */
function sideBySide(
  current: ReadonlyArray<{ key: string; label: string; figures: Figures }>,
  previous: ReadonlyArray<{ key: string; label: string; figures: Figures }>,
): ReportRow[] {
  const keys = new Map<string, string>();
  for (const r of [...previous, ...current]) {
    keys.set(r.key, r.label);
  }
  const find = (rows: typeof current, key: string) =>
    rows.find((r) => r.key === key)?.figures ?? zeroFigures();
  return [...keys].map(([key, label]) => ({
    key,
    label,
    current: figuresDto(find(current, key)),
    previous: figuresDto(find(previous, key)),
  }));
}

/** Weekday rows (1 = Monday … 7 = Sunday) from day rows. */
function byWeekday(days: ReadonlyArray<{ date: string; figures: Figures }>) {
  const out = new Map<string, Figures>();
  for (const d of days) {
    const key = String(isoWeekday(d.date));
    out.set(key, addFigures(out.get(key) ?? zeroFigures(), d.figures));
  }
  return [...out].map(([key, figures]) => ({ key, label: key, figures }));
}

const ORDERED: ReadonlySet<Breakdown> = new Set(['hours', 'weekdays']);

/** Gross to net, tax, tips, refunds and tenders per business day, with the previous period beside it. */
export async function salesSummary(db: Db, ctx: ServiceContext, q: ReportQuery) {
  const { period, previous, outlets, head } = await prepare(db, ctx, q);
  const [days, prevDays, tenders, prevTenders] = await Promise.all([
    sumByDate(db, ctx.tenantId, 'day', period, outlets),
    sumByDate(db, ctx.tenantId, 'day', previous, outlets),
    sumByKey(db, ctx.tenantId, 'payment', period, outlets),
    sumByKey(db, ctx.tenantId, 'payment', previous, outlets),
  ]);
  const byDate = new Map(days.map((d) => [d.date, d.figures]));
  return {
    ...head,
    current: figuresDto(total(days)),
    previous: figuresDto(total(prevDays)),
    days: datesOf(period).map((date) => ({ date, ...figuresDto(byDate.get(date) ?? zeroFigures()) })),
    payments: sideBySide(tenders, prevTenders).sort((a, b) => b.current.collected - a.current.collected),
  };
}

/** One breakdown (items, categories, employees, hours …) with the previous period beside it. */
export async function breakdown(db: Db, ctx: ServiceContext, kind: Breakdown, q: ReportQuery) {
  const { period, previous, outlets, head } = await prepare(db, ctx, q);
  const dimension = BREAKDOWNS[kind];
  const read = async (p: Period) =>
    kind === 'weekdays'
      ? byWeekday(await sumByDate(db, ctx.tenantId, 'day', p, outlets))
      : sumByKey(db, ctx.tenantId, dimension, p, outlets);
  const [current, prev] = await Promise.all([read(period), read(previous)]);
  const rows = sideBySide(current, prev);
  rows.sort((a, b) =>
    ORDERED.has(kind)
      ? a.key.localeCompare(b.key)
      : b.current.netSales - a.current.netSales ||
        b.current.collected - a.current.collected ||
        a.label.localeCompare(b.label),
  );
  return {
    ...head,
    report: kind,
    totals: { current: figuresDto(total(current)), previous: figuresDto(total(prev)) },
    rows,
  };
}

/** Voids, cancellations, refunds, no-sale opens (who, who approved) and discounts by employee. */
export async function lossPrevention(db: Db, ctx: ServiceContext, q: ReportQuery) {
  const { period, previous, outlets, head } = await prepare(db, ctx, q);
  const [events, prevEvents, staff, prevStaff] = await Promise.all([
    lossEvents(db, ctx.tenantId, period, outlets),
    lossEvents(db, ctx.tenantId, previous, outlets),
    sumByKey(db, ctx.tenantId, 'employee', period, outlets),
    sumByKey(db, ctx.tenantId, 'employee', previous, outlets),
  ]);
  const kinds: LossKind[] = ['void', 'cancel', 'refund', 'no_sale'];
  const count = (list: LossEvent[], kind: LossKind) => {
    const of = list.filter((e) => e.kind === kind);
    return { count: of.length, amount: of.reduce((s, e) => s + e.amount, 0) };
  };
  return {
    ...head,
    totals: kinds.map((kind) => ({ kind, current: count(events, kind), previous: count(prevEvents, kind) })),
    discountsByEmployee: sideBySide(staff, prevStaff)
      .filter((r) => r.current.discounts !== 0 || r.previous.discounts !== 0)
      .map((r) => ({
        key: r.key,
        label: r.label,
        current: r.current.discounts,
        previous: r.previous.discounts,
      })),
    events: events.slice(0, MAX_LOSS_EVENTS),
    truncated: events.length > MAX_LOSS_EVENTS,
  };
}
const MAX_LOSS_EVENTS = 5000;

/**
 * Settlements per business day and tender: what each tender took in and paid back, the platform
 * and processing fees, and what the business keeps, with the previous period beside it. Read live
 * from payments and refunds (indexed by completion time), not from the rollups.
 */
export async function settlements(db: Db, ctx: ServiceContext, q: ReportQuery) {
  const { period, previous, outlets, head } = await prepare(db, ctx, q);
  const [current, prev] = await Promise.all([
    settlementFacts(db, ctx.tenantId, period, outlets),
    settlementFacts(db, ctx.tenantId, previous, outlets),
  ]);
  return { ...head, ...settlementReport(period, current, prev) };
}

export function assertBreakdown(kind: string): asserts kind is Breakdown {
  if (!(kind in BREAKDOWNS)) {
    throw new AppError('reports.not_found', `No report named ${kind}.`);
  }
}
