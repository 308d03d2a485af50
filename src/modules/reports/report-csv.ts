import { csvLine, figureHeaders, figureValues, majorUnits } from './csv.ts';
import type { breakdown, lossPrevention, salesSummary } from './reports.service.ts';

type Summary = Awaited<ReturnType<typeof salesSummary>>;
type Breakdown = Awaited<ReturnType<typeof breakdown>>;
type Loss = Awaited<ReturnType<typeof lossPrevention>>;

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
