import { csvLine, figureHeaders, figureValues, majorUnits } from './csv.ts';
import type { breakdown, lossPrevention, salesSummary, settlements } from './reports.service.ts';

type Summary = Awaited<ReturnType<typeof salesSummary>>;
type Breakdown = Awaited<ReturnType<typeof breakdown>>;
type Loss = Awaited<ReturnType<typeof lossPrevention>>;
type Settlements = Awaited<ReturnType<typeof settlements>>;

const SETTLEMENT_FIELDS = [
  'payments',
  'gross',
  'tips',
  'refunds',
  'refunded',
  'platformFees',
  'processingFees',
  'net',
] as const;
const SETTLEMENT_COUNTS = new Set(['payments', 'refunds']);
const settlementHeaders = () =>
  SETTLEMENT_FIELDS.map((f) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
const settlementValues = (f: Record<(typeof SETTLEMENT_FIELDS)[number], number>, currency: string) =>
  SETTLEMENT_FIELDS.map((k) => (SETTLEMENT_COUNTS.has(k) ? f[k] : majorUnits(f[k], currency)));

/** Settlements as CSV: one line per day and tender, then per tender and period, then the totals. */
export function* settlementsCsv(r: Settlements): Generator<string> {
  yield csvLine(['row', 'date', 'tender', ...settlementHeaders()]);
  for (const d of r.days) {
    for (const t of d.tenders) {
      yield csvLine(['day', d.date, t.key, ...settlementValues(t, r.currency)]);
    }
  }
  const span = `${r.period.from}..${r.period.to}`;
  const prevSpan = `${r.previousPeriod.from}..${r.previousPeriod.to}`;
  for (const row of r.rows) {
    yield csvLine(['tender', span, row.key, ...settlementValues(row.current, r.currency)]);
    yield csvLine(['previous_tender', prevSpan, row.key, ...settlementValues(row.previous, r.currency)]);
  }
  yield csvLine(['total', span, '', ...settlementValues(r.current, r.currency)]);
  yield csvLine(['previous_total', prevSpan, '', ...settlementValues(r.previous, r.currency)]);
}

/** The sales summary as CSV lines: one per day, the period's total, the previous period's, one per tender. */
export function* summaryCsv(r: Summary): Generator<string> {
  yield csvLine(['row', 'date', 'key', ...figureHeaders()]);
  for (const d of r.days) {
    yield csvLine(['day', d.date, '', ...figureValues(d, r.currency)]);
  }
  yield csvLine(['total', `${r.period.from}..${r.period.to}`, '', ...figureValues(r.current, r.currency)]);
  yield csvLine([
    'previous_total',
    `${r.previousPeriod.from}..${r.previousPeriod.to}`,
    '',
    ...figureValues(r.previous, r.currency),
  ]);
  for (const p of r.payments) {
    yield csvLine([
      'tender',
      `${r.period.from}..${r.period.to}`,
      p.key,
      ...figureValues(p.current, r.currency),
    ]);
  }
}

/** A breakdown as CSV: key, label, the period's figures, then the previous period's. */
export function* breakdownCsv(r: Breakdown): Generator<string> {
  yield csvLine(['key', 'label', ...figureHeaders(), ...figureHeaders('previous_')]);
  for (const row of r.rows) {
    yield csvLine([
      row.key,
      row.label,
      ...figureValues(row.current, r.currency),
      ...figureValues(row.previous, r.currency),
    ]);
  }
  yield csvLine([
    'total',
    '',
    ...figureValues(r.totals.current, r.currency),
    ...figureValues(r.totals.previous, r.currency),
  ]);
}

/** Loss prevention as CSV: one line per event. */
export function* lossCsv(r: Loss): Generator<string> {
  yield csvLine(['at', 'date', 'kind', 'outlet_id', 'order_id', 'amount', 'reason', 'by', 'approved_by']);
  for (const e of r.events) {
    yield csvLine([
      e.at,
      e.date,
      e.kind,
      e.outletId,
      e.orderId,
      majorUnits(e.amount, r.currency),
      e.reason,
      e.by,
      e.approvedBy,
    ]);
  }
}
