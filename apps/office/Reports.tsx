import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { useLatest } from '../shared/latest.ts';
import { Button, useToast } from '../shared/ui/ui.tsx';
import { addDays, reportQuery, useOffice } from './context.ts';
import { LedgerCheck } from './LedgerCheck.tsx';
import { call, downloadCsv } from './session.ts';
import { SettlementsTable } from './SettlementsTable.tsx';

type Summary = Ok<'/v1/reports/sales-summary', 'get'>;
type Breakdown = Ok<'/v1/reports/items', 'get'>;
type Loss = Ok<'/v1/reports/loss-prevention', 'get'>;
type Settlements = Ok<'/v1/reports/settlements', 'get'>;
type Figures = Summary['current'];

const BREAKDOWNS = [
  'items',
  'categories',
  'variants',
  'modifiers',
  'employees',
  'hours',
  'weekdays',
  'dining-options',
  'payment-methods',
  'taxes',
] as const;
type Kind = 'sales-summary' | 'loss-prevention' | 'settlements' | (typeof BREAKDOWNS)[number];
type Data = (
  | { kind: 'sales-summary'; r: Summary }
  | { kind: 'loss-prevention'; r: Loss }
  | { kind: 'settlements'; r: Settlements }
  | { kind: 'breakdown'; r: Breakdown }
) & {
  /** The report these figures are of (the picker may have moved on while they loaded). */
  of: Kind;
};

/** The reports: pick one, a period and (at the top) an outlet; read it beside the previous period; download it as CSV. */
export function Reports() {
  const { t } = useTranslation();
  const office = useOffice();
  const toast = useToast();
  const today = office.today();
  const [kind, setKind] = useState<Kind>('sales-summary');
  const [from, setFrom] = useState(addDays(today, -6));
  const [to, setTo] = useState(today);
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Picking a report, a period or an outlet each loads: only the newest answer is shown.
  const begin = useLatest();
  const load = useCallback(async () => {
    const latest = begin();
    const query = { from, to, ...(office.outletId ? { outletId: office.outletId } : {}) };
    const fetchData = async (): Promise<Data> => {
      if (kind === 'sales-summary') {
        return {
          kind,
          of: kind,
          r: await call((api) => api.GET('/v1/reports/sales-summary', { params: { query } })),
        };
      }
      if (kind === 'loss-prevention') {
        return {
          kind,
          of: kind,
          r: await call((api) => api.GET('/v1/reports/loss-prevention', { params: { query } })),
        };
      }
      if (kind === 'settlements') {
        return {
          kind,
          of: kind,
          r: await call((api) => api.GET('/v1/reports/settlements', { params: { query } })),
        };
      }
      const path = `/v1/reports/${kind}` as '/v1/reports/items';
      return { kind: 'breakdown', of: kind, r: await call((api) => api.GET(path, { params: { query } })) };
    };
    try {
      setError(null);
      const next = await fetchData();
      if (latest()) {
        setData(next);
      }
    } catch (err) {
      if (latest()) {
        setError((err as Error).message);
      }
    }
  }, [begin, kind, from, to, office.outletId]);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load();
  };
  const download = () =>
    void downloadCsv(`/v1/reports/${kind}?${reportQuery(from, to, office.outletId)}&format=csv`).catch(
      (err: Error) => toast(t('error.generic', { message: err.message })),
    );

  return (
    <div className="reports">
      <div className="page-head">
        <h1>{t('reports.title')}</h1>
      </div>
      <form className="filters panel" onSubmit={submit}>
        <label className="field">
          <span>{t('reports.report')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {(['sales-summary', ...BREAKDOWNS, 'loss-prevention', 'settlements'] as Kind[]).map((k) => (
              <option key={k} value={k}>
                {t(`reports.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('reports.from')}</span>
          <input
            type="date"
            value={from}
            max={to}
            onChange={(e) => e.target.value && setFrom(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('reports.to')}</span>
          <input
            type="date"
            value={to}
            min={from}
            onChange={(e) => e.target.value && setTo(e.target.value)}
          />
        </label>
        <Button type="submit" variant="primary">
          {t('reports.show')}
        </Button>
        <Button onClick={download}>{t('reports.download')}</Button>
        <LedgerCheck from={from} to={to} stamp={data} />
      </form>
      {error && (
        <p role="alert" className="panel error">
          {t('error.generic', { message: error })}
        </p>
      )}
      {data && data.of === kind && (
        <section className="panel table-panel" aria-label={t(`reports.kinds.${kind}`)}>
          {data.kind === 'sales-summary' && (
            <>
              <SummaryTable r={data.r} />
              <TenderTable r={data.r} />
            </>
          )}
          {data.kind === 'breakdown' && <BreakdownTable r={data.r} kind={kind} />}
          {data.kind === 'loss-prevention' && <LossTable r={data.r} />}
          {data.kind === 'settlements' && <SettlementsTable r={data.r} />}
        </section>
      )}
    </div>
  );
}

function Change({ now, before }: { now: number; before: number }) {
  if (before === 0) {
    return <span className="muted">—</span>;
  }
  const pct = ((now - before) / Math.abs(before)) * 100;
  return <span className={pct >= 0 ? 'up' : 'down'}>{`${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`}</span>;
}

function TenderTable({ r }: { r: Summary }) {
  const { t } = useTranslation();
  const { money } = useOffice();
  if (r.payments.length === 0) {
    return null;
  }
  return (
    <table className="data tenders" aria-label={t('reports.kinds.payment-methods')}>
      <thead>
        <tr>
          <th scope="col">{t('reports.kinds.payment-methods')}</th>
          <th scope="col" className="num">
            {t('reports.col.orders')}
          </th>
          <th scope="col" className="num">
            {t('reports.col.collected')}
          </th>
          <th scope="col" className="num">
            {t('reports.col.tips')}
          </th>
          <th scope="col" className="num">
            {t('reports.col.refunded')}
          </th>
          <th scope="col" className="num">
            {t('reports.previous')}
          </th>
        </tr>
      </thead>
      <tbody>
        {r.payments.map((p) => (
          <tr key={p.key}>
            <th scope="row" className="capitalize">
              {p.label}
            </th>
            <td className="num">{p.current.orders}</td>
            <td className="num">{money(p.current.collected)}</td>
            <td className="num">{money(p.current.tips)}</td>
            <td className="num">{money(p.current.refunded)}</td>
            <td className="num muted">{money(p.previous.netCollected)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SummaryTable({ r }: { r: Summary }) {
  const { t } = useTranslation();
  const { money } = useOffice();
  const cols: Array<[string, (f: Figures) => string]> = [
    [t('reports.col.orders'), (f) => String(f.orders)],
    [t('reports.col.gross'), (f) => money(f.grossSales)],
    [t('reports.col.discounts'), (f) => money(f.discounts)],
    [t('reports.col.returns'), (f) => money(f.returns)],
    [t('reports.col.net'), (f) => money(f.netSales)],
    [t('reports.col.service'), (f) => money(f.serviceCharge)],
    [t('reports.col.tax'), (f) => money(f.tax)],
    [t('reports.col.tips'), (f) => money(f.tips)],
    [t('reports.col.rounding'), (f) => money(f.rounding)],
    [t('reports.col.refunded'), (f) => money(f.refunded)],
    [t('reports.col.collected'), (f) => money(f.netCollected)],
  ];
  return (
    <table className="data compact">
      <thead>
        <tr>
          <th scope="col">{t('reports.col.date')}</th>
          {cols.map(([h]) => (
            <th key={h} scope="col" className="num">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {r.days.map((d) => (
          <tr key={d.date}>
            <th scope="row">{d.date}</th>
            {cols.map(([h, f]) => (
              <td key={h} className="num">
                {f(d)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('reports.total')}</th>
          {cols.map(([h, f]) => (
            <td key={h} className="num">
              {f(r.current)}
            </td>
          ))}
        </tr>
        <tr className="muted">
          <th scope="row">
            {t('reports.previous')}
            <br />
            <span className="small-text">
              {r.previousPeriod.from === r.previousPeriod.to
                ? r.previousPeriod.from
                : `${r.previousPeriod.from} – ${r.previousPeriod.to}`}
            </span>
          </th>
          {cols.map(([h, f]) => (
            <td key={h} className="num">
              {f(r.previous)}
            </td>
          ))}
        </tr>
      </tfoot>
    </table>
  );
}

function BreakdownTable({ r, kind }: { r: Breakdown; kind: Kind }) {
  const { t } = useTranslation();
  const { money } = useOffice();
  const tenders = kind === 'payment-methods';
  const label = (key: string, fallback: string) =>
    kind === 'weekdays' ? t(`reports.weekday.${key}`) : kind === 'hours' ? `${key}:00` : fallback || key;
  const value = (f: Figures) => (tenders ? f.netCollected : f.netSales);
  if (r.rows.length === 0) {
    return <p className="muted">{t('reports.empty')}</p>;
  }
  return (
    <table className="data">
      <thead>
        <tr>
          <th scope="col">{t('reports.col.name')}</th>
          <th scope="col" className="num">
            {tenders ? t('reports.col.orders') : t('reports.col.quantity')}
          </th>
          <th scope="col" className="num">
            {tenders ? t('reports.col.collected') : t('reports.col.net')}
          </th>
          <th scope="col" className="num">
            {t('reports.previous')}
          </th>
          <th scope="col" className="num">
            {t('reports.change')}
          </th>
        </tr>
      </thead>
      <tbody>
        {r.rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{label(row.key, row.label)}</th>
            <td className="num">
              {tenders || kind === 'hours' || kind === 'weekdays' ? row.current.orders : row.current.quantity}
            </td>
            <td className="num">{money(value(row.current))}</td>
            <td className="num muted">{money(value(row.previous))}</td>
            <td className="num">
              <Change now={value(row.current)} before={value(row.previous)} />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('reports.total')}</th>
          <td />
          <td className="num">{money(value(r.totals.current))}</td>
          <td className="num muted">{money(value(r.totals.previous))}</td>
          <td className="num">
            <Change now={value(r.totals.current)} before={value(r.totals.previous)} />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function LossTable({ r }: { r: Loss }) {
  const { t } = useTranslation();
  const { money } = useOffice();
  return (
    <>
      <div className="tiles small">
        {r.totals.map((x) => (
          <section key={x.kind} className="tile" aria-label={t(`reports.loss.${x.kind}`)}>
            <h3>{t(`reports.loss.${x.kind}`)}</h3>
            <p className="tile-value">{x.current.count}</p>
            <span className="muted">
              {money(x.current.amount)} · {t('reports.previous')}: {x.previous.count}
            </span>
          </section>
        ))}
      </div>
      {r.events.length === 0 ? (
        <p className="muted">{t('reports.empty')}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              {(['at', 'kind', 'amount', 'by', 'approvedBy', 'reason'] as const).map((c) => (
                <th key={c} scope="col" className={c === 'amount' ? 'num' : ''}>
                  {t(`reports.col.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.events.map((e, i) => (
              <tr key={`${e.at}-${i}`}>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>{t(`reports.loss.${e.kind}`)}</td>
                <td className="num">{money(e.amount)}</td>
                <td>{e.by}</td>
                <td>{e.approvedBy ?? '—'}</td>
                <td>{e.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
