import { sql } from 'kysely';
import type { Db } from '../../platform/db/db.ts';
import { addDays, type Period } from './period.ts';
import { catchUp } from './projector.ts';
import {
  FIGURES,
  ledgerFigures,
  zeroFigures,
  type Dimension,
  type Figure,
  type Figures,
} from './rollup-facts.ts';

export interface ReportMismatch {
  outletId: string;
  date: string;
  dimension: string;
  figure: string;
  report: number;
  expected: number;
  /** What the expected figure comes from: the ledger, the orders, or the day's rollup. */
  source: 'ledger' | 'orders' | 'day';
}

/** Figures a dimension's rows must add up to the day's (the parts of a report equal its whole). */
const PARTS: Partial<Record<Dimension, readonly Figure[]>> = {
  hour: FIGURES,
  dining: ['orders', 'gross', 'discounts', 'returns', 'service_charge', 'tax', 'refund_count'],
  employee: ['orders', 'gross', 'discounts', 'returns', 'service_charge', 'tax', 'refund_count'],
  payment: ['tips', 'rounding', 'collected', 'refunded', 'refund_count'],
  item: ['gross', 'discounts'],
  variant: ['gross', 'discounts'],
  category: ['gross', 'discounts'],
  tax: ['tax'],
};
const FROM_LEDGER: readonly Figure[] = [
  'gross',
  'discounts',
  'returns',
  'service_charge',
  'tax',
  'tips',
  'rounding',
  'collected',
  'refunded',
  'refund_count',
];

/**
 * Proves the reports: for every outlet and business day, the day's rollup equals what the ledger
 * holds for that day (money figures; entries dated by when they were posted, in the outlet's time
 * zone) and the completed orders (the order count); and each breakdown adds up to the day (hours,
 * tenders, dining options, employees, taxes; items, variants and categories for sales and
 * discounts — a refund by amount names no item). Catches the projector up first.
 */
export async function checkReports(db: Db, tenantId: string, period: Period | null) {
  await catchUp(db, tenantId);
  const lo = period ? new Date(`${addDays(period.from, -1)}T00:00:00Z`) : new Date(0);
  const hi = period ? new Date(`${addDays(period.to, 2)}T00:00:00Z`) : new Date('9999-01-01T00:00:00Z');
  const inPeriod = (d: string) => !period || (d >= period.from && d <= period.to);
  const ledger = await sql<{
    outlet_id: string;
    d: string;
    account: string;
    debit: string;
    credit: string;
    refunds: string;
  }>`
    select e.outlet_id, to_char(e.posted_at at time zone coalesce(o.timezone, t.timezone), 'YYYY-MM-DD') as d,
      l.account, sum(l.debit) as debit, sum(l.credit) as credit,
      count(distinct e.id) filter (where e.kind = 'refund') as refunds
    from ledger_entries e
    join ledger_lines l on l.tenant_id = e.tenant_id and l.entry_id = e.id
    join tenants t on t.id = e.tenant_id
    join outlets o on o.tenant_id = e.tenant_id and o.id = e.outlet_id
    where e.tenant_id = ${tenantId} and e.posted_at >= ${lo} and e.posted_at < ${hi}
    group by 1, 2, 3`.execute(db);
  const refundCounts = await sql<{ outlet_id: string; d: string; n: string }>`
    select e.outlet_id, to_char(e.posted_at at time zone coalesce(o.timezone, t.timezone), 'YYYY-MM-DD') as d, count(*) as n
    from ledger_entries e join tenants t on t.id = e.tenant_id
    join outlets o on o.tenant_id = e.tenant_id and o.id = e.outlet_id
    where e.tenant_id = ${tenantId} and e.kind = 'refund' and e.posted_at >= ${lo} and e.posted_at < ${hi}
    group by 1, 2`.execute(db);
  const orders = await sql<{ outlet_id: string; d: string; n: string }>`
    select r.outlet_id, to_char(r.completed_at at time zone coalesce(o.timezone, t.timezone), 'YYYY-MM-DD') as d, count(*) as n
    from orders r join tenants t on t.id = r.tenant_id
    join outlets o on o.tenant_id = r.tenant_id and o.id = r.outlet_id
    where r.tenant_id = ${tenantId} and r.status = 'completed' and r.completed_at >= ${lo} and r.completed_at < ${hi}
    group by 1, 2`.execute(db);
  const rollups = await sql<Record<string, string>>`
    select dimension, outlet_id, to_char(business_date, 'YYYY-MM-DD') as d,
      ${sql.join(FIGURES.map((f) => sql`sum(${sql.ref(f)}) as ${sql.ref(f)}`))}
    from report_rollups
    where tenant_id = ${tenantId}
      ${period ? sql`and business_date between ${period.from} and ${period.to}` : sql``}
    group by 1, 2, 3`.execute(db);

  const expected = new Map<
    string,
    { lines: Array<{ account: string; debit: number; credit: number }>; orders: number; refunds: number }
  >();
  const slot = (outlet: string, d: string) => {
    const k = `${outlet}|${d}`;
    let s = expected.get(k);
    if (!s) {
      s = { lines: [], orders: 0, refunds: 0 };
      expected.set(k, s);
    }
    return s;
  };
  for (const r of ledger.rows) {
    slot(r.outlet_id, r.d).lines.push({
      account: r.account,
      debit: Number(r.debit),
      credit: Number(r.credit),
    });
  }
  for (const r of refundCounts.rows) {
    slot(r.outlet_id, r.d).refunds = Number(r.n);
  }
  for (const r of orders.rows) {
    slot(r.outlet_id, r.d).orders = Number(r.n);
  }
  const reported = new Map<string, Map<string, Figures>>();
  for (const r of rollups.rows) {
    const k = `${r.outlet_id}|${r.d}`;
    const dims = reported.get(k) ?? new Map<string, Figures>();
    dims.set(r.dimension!, Object.fromEntries(FIGURES.map((f) => [f, Number(r[f] ?? 0)])) as Figures);
    reported.set(k, dims);
    slot(r.outlet_id!, r.d!);
  }

  const mismatches: ReportMismatch[] = [];
  let days = 0;
  for (const [k, exp] of expected) {
    const [outletId, date] = k.split('|') as [string, string];
    if (!inPeriod(date)) {
      continue;
    }
    days += 1;
    const dims = reported.get(k) ?? new Map<string, Figures>();
    const day = dims.get('day') ?? zeroFigures();
    const books = { ...ledgerFigures(exp.lines), refund_count: exp.refunds };
    const push = (
      dimension: string,
      figure: string,
      report: number,
      want: number,
      source: ReportMismatch['source'],
    ) => {
      if (report !== want) {
        mismatches.push({ outletId, date, dimension, figure, report, expected: want, source });
      }
    };
    for (const f of FROM_LEDGER) {
      push('day', f, day[f], books[f], 'ledger');
    }
    push('day', 'orders', day.orders, exp.orders, 'orders');
    for (const [dimension, figures] of Object.entries(PARTS) as Array<[Dimension, readonly Figure[]]>) {
      const part = dims.get(dimension) ?? zeroFigures();
      for (const f of figures) {
        // Taxes and categories have no rows for a day without taxed sales or without sales.
        push(dimension, f, part[f], day[f], 'day');
      }
    }
  }
  return {
    ok: mismatches.length === 0,
    from: period?.from ?? null,
    to: period?.to ?? null,
    daysChecked: days,
    mismatches,
  };
}
