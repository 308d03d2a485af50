import { sql } from 'kysely';
import type { Executor } from '../../platform/db/db.ts';
import { addDays, datesOf, type Period } from './period.ts';

/** What one tender settled: payments taken, refunds paid back, the fees, what the business keeps. */
export interface SettlementFigures {
  payments: number;
  gross: number;
  tips: number;
  refunds: number;
  refunded: number;
  platformFees: number;
  processingFees: number;
  /** gross + tips − refunded − platform and processing fees (net of what refunds reversed). */
  net: number;
}

export const zeroSettlement = (): SettlementFigures => ({
  payments: 0,
  gross: 0,
  tips: 0,
  refunds: 0,
  refunded: 0,
  platformFees: 0,
  processingFees: 0,
  net: 0,
});

export function addSettlement(a: SettlementFigures, b: SettlementFigures): SettlementFigures {
  const out = zeroSettlement();
  for (const k of Object.keys(out) as (keyof SettlementFigures)[]) {
    out[k] = a[k] + b[k];
  }
  return out;
}

/** One business day's settlement of one tender. */
export interface SettlementFact {
  date: string;
  tender: string;
  figures: SettlementFigures;
}

interface Raw {
  date: string;
  tender: string;
  payments: string;
  gross: string;
  tips: string;
  refunds: string;
  refunded: string;
  platform: string;
  processing: string;
}

/**
 * Completed payments and completed refunds per business day and tender (`cash`, `card`,
 * `gateway:<gateway>`), for [p.from, p.to] in each outlet's time zone (else the tenant's). The
 * business day is PostgreSQL's `(instant AT TIME ZONE zone)::date`, which applies the offset in
 * force at that instant: a day of 23 or 25 hours (a DST change) is still one day, no hour lost or
 * counted twice. The instants read are a day wider on both sides (every offset is < 24 h), then
 * cut exactly by local date. A refund counts on the day it was paid back, against the payment's
 * tender; its reversed fees lower that day's fees.
 */
export async function settlementFacts(
  db: Executor,
  tenantId: string,
  p: Period,
  outlets: readonly string[] | null,
): Promise<SettlementFact[]> {
  if (outlets && outlets.length === 0) {
    return [];
  }
  const lo = new Date(`${addDays(p.from, -1)}T00:00:00Z`);
  const hi = new Date(`${addDays(p.to, 2)}T00:00:00Z`);
  const outletCut = (col: string) =>
    outlets ? sql`and ${sql.ref(col)} in (${sql.join([...outlets])})` : sql``;
  const tender = (alias: string) =>
    sql`case when ${sql.ref(`${alias}.method`)} = 'gateway' then 'gateway:' || coalesce(${sql.ref(`${alias}.gateway`)}, '') else ${sql.ref(`${alias}.method`)} end`;
  const r = await sql<Raw>`
    with zone as (select timezone from tenants where id = ${tenantId}),
    paid as (
      select to_char((p.completed_at at time zone coalesce(o.timezone, zone.timezone))::date, 'YYYY-MM-DD') as date,
             ${tender('p')} as tender,
             count(*) as payments, sum(p.amount) as gross, sum(p.tip_amount) as tips,
             0::bigint as refunds, 0::bigint as refunded,
             sum(p.fee_platform) as platform, sum(p.fee_processing) as processing
        from payments p
        cross join zone
        join outlets o on o.tenant_id = p.tenant_id and o.id = p.outlet_id
       where p.tenant_id = ${tenantId} and p.status = 'completed'
         and p.completed_at >= ${lo} and p.completed_at < ${hi} ${outletCut('p.outlet_id')}
       group by 1, 2),
    back as (
      select to_char((r.completed_at at time zone coalesce(o.timezone, zone.timezone))::date, 'YYYY-MM-DD') as date,
             ${tender('p')} as tender,
             0::bigint as payments, 0::bigint as gross, 0::bigint as tips,
             count(*) as refunds, sum(r.amount) as refunded,
             -sum(r.fee_platform_reversed) as platform, -sum(r.fee_processing_reversed) as processing
        from refunds r
        cross join zone
        join payments p on p.tenant_id = r.tenant_id and p.id = r.payment_id
        join outlets o on o.tenant_id = r.tenant_id and o.id = r.outlet_id
       where r.tenant_id = ${tenantId} and p.tenant_id = ${tenantId} and r.status = 'completed'
         and r.completed_at >= ${lo} and r.completed_at < ${hi} ${outletCut('r.outlet_id')}
       group by 1, 2)
    select date, tender, sum(payments) as payments, sum(gross) as gross, sum(tips) as tips,
           sum(refunds) as refunds, sum(refunded) as refunded, sum(platform) as platform,
           sum(processing) as processing
      from (select * from paid union all select * from back) u
     where date between ${p.from} and ${p.to}
     group by date, tender
     order by date, tender`.execute(db);
  return r.rows.map((row) => {
    const f: SettlementFigures = {
      payments: Number(row.payments),
      gross: Number(row.gross),
      tips: Number(row.tips),
      refunds: Number(row.refunds),
      refunded: Number(row.refunded),
      platformFees: Number(row.platform),
      processingFees: Number(row.processing),
      net: 0,
    };
    f.net = f.gross + f.tips - f.refunded - f.platformFees - f.processingFees;
    return { date: row.date, tender: row.tender, figures: f };
  });
}

const TENDER_LABELS: Record<string, string> = { cash: 'Cash', card: 'Card' };
const tenderLabel = (key: string) =>
  TENDER_LABELS[key] ??
  (key.startsWith('gateway:') ? `Gateway (${key.slice('gateway:'.length) || 'unknown'})` : key);

/** The settlement report from the facts of a period and of the one before it. */
export function settlementReport(
  period: Period,
  current: readonly SettlementFact[],
  previous: readonly SettlementFact[],
) {
  const sum = (facts: readonly SettlementFact[]) =>
    facts.reduce((s, f) => addSettlement(s, f.figures), zeroSettlement());
  const byDate = new Map<string, SettlementFigures>();
  for (const f of current) {
    byDate.set(f.date, addSettlement(byDate.get(f.date) ?? zeroSettlement(), f.figures));
  }
  const tenders = [...new Set([...current, ...previous].map((f) => f.tender))].sort();
  return {
    current: sum(current),
    previous: sum(previous),
    days: datesOf(period).map((date) => ({
      date,
      ...(byDate.get(date) ?? zeroSettlement()),
      tenders: current
        .filter((f) => f.date === date)
        .map((f) => ({ key: f.tender, label: tenderLabel(f.tender), ...f.figures })),
    })),
    rows: tenders.map((key) => ({
      key,
      label: tenderLabel(key),
      current: sum(current.filter((f) => f.tender === key)),
      previous: sum(previous.filter((f) => f.tender === key)),
    })),
  };
}
