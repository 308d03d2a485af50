import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { useLatest } from '../shared/latest.ts';
import { Button } from '../shared/ui/ui.tsx';
import { addDays, compactMoney, useOffice } from './context.ts';
import { HourChart } from './HourChart.tsx';
import { connectRealtime } from '../shared/realtime.ts';
import { call, freshToken, session } from './session.ts';

type Summary = Ok<'/v1/reports/sales-summary', 'get'>;
type Breakdown = Ok<'/v1/reports/items', 'get'>;
type Figures = Summary['current'];

const MIX_COLORS = ['#0f766e', '#f59e0b', '#2563eb', '#9333ea', '#c2410c', '#64748b'];

function Delta({ now, before }: { now: number; before: number }) {
  const { t, i18n } = useTranslation();
  if (now === before) {
    return <span className="delta flat">{t('dash.noChange')}</span>;
  }
  if (before === 0) {
    return <span className="delta flat">{t('dash.noYesterday')}</span>;
  }
  const pct = ((now - before) / Math.abs(before)) * 100;
  const text = `${pct > 0 ? '+' : ''}${new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(pct)}%`;
  return (
    <span className={`delta ${now > before ? 'up' : 'down'}`}>{t('dash.vsYesterday', { delta: text })}</span>
  );
}

function Tile({ label, value, now, before }: { label: string; value: string; now: number; before: number }) {
  return (
    <section className="tile" aria-label={label}>
      <h3>{label}</h3>
      <p className="tile-value" data-testid={`tile-${label}`}>
        {value}
      </p>
      <Delta now={now} before={before} />
    </section>
  );
}

const average = (f: Figures) => (f.orders === 0 ? 0 : Math.round(f.netSales / f.orders));

/** Today at a glance: tiles with the change since yesterday, sales by hour against the same day last week, top items, payment mix. */
export function Dashboard() {
  const { t, i18n } = useTranslation();
  const office = useOffice();
  const [data, setData] = useState<{
    summary: Summary;
    hours: Breakdown;
    lastWeek: Breakdown;
    items: Breakdown;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const today = office.today();

  const begin = useLatest(); // an outlet switch or a live reload during another: the newest shows
  const load = useCallback(async () => {
    const latest = begin();
    const q = (from: string) => ({
      params: { query: { from, to: from, ...(office.outletId ? { outletId: office.outletId } : {}) } },
    });
    try {
      const [summary, hours, lastWeek, items] = await Promise.all([
        call((api) => api.GET('/v1/reports/sales-summary', q(today))),
        call((api) => api.GET('/v1/reports/hours', q(today))),
        call((api) => api.GET('/v1/reports/hours', q(addDays(today, -7)))),
        call((api) => api.GET('/v1/reports/items', q(today))),
      ]);
      if (!latest()) {
        return;
      }
      setData({ summary, hours, lastWeek, items });
      setError(null);
    } catch (err) {
      if (latest()) {
        setError((err as Error).message);
      }
    }
  }, [begin, office.outletId, today]);
  useEffect(() => {
    void load();
  }, [load]);
  // Live: a sale, payment or refund anywhere the person may see reloads the figures (batched).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const conn = connectRealtime({
      token: freshToken,
      seqKey: `kasir.office.seq.${session()?.userId ?? ''}`,
      onEvent: (e) => {
        if (
          ['order.completed', 'payment.completed', 'payment.refunded'].includes(e.type) &&
          (!office.outletId || e.outletId === office.outletId)
        ) {
          clearTimeout(timer);
          timer = setTimeout(() => void load(), 400);
        }
      },
    });
    return () => {
      clearTimeout(timer);
      conn.stop();
    };
  }, [load, office.outletId]);

  const series = useMemo(() => {
    if (!data) {
      return [];
    }
    const byHour = (b: Breakdown) => {
      const v = Array.from({ length: 24 }, () => 0);
      for (const r of b.rows) {
        v[Number(r.key)] = r.current.netSales;
      }
      return v;
    };
    return [
      { label: t('dash.today'), color: '#0f766e', values: byHour(data.hours), kind: 'bars' as const },
      { label: t('dash.lastWeek'), color: '#94a3b8', values: byHour(data.lastWeek), kind: 'line' as const },
    ];
  }, [data, t]);
  const axis = useCallback(
    (v: number) => compactMoney(v, office.tenant.currency, office.tenant.locale),
    [office.tenant.currency, office.tenant.locale],
  );

  if (error) {
    return (
      <div role="alert" className="panel">
        {t('error.generic', { message: error })}{' '}
        <Button onClick={() => void load()}>{t('error.retry')}</Button>
      </div>
    );
  }
  if (!data) {
    return <div className="panel" aria-busy="true" />;
  }
  const { current, previous } = data.summary;
  const top = data.items.rows.filter((r) => r.current.quantity > 0).slice(0, 10);
  const maxTop = Math.max(1, ...top.map((r) => r.current.netSales));
  const mix = data.summary.payments.filter((p) => p.current.collected > 0);
  const mixTotal = mix.reduce((s, p) => s + p.current.collected, 0);
  return (
    <div className="dashboard">
      <div className="page-head">
        <h1>
          {t('dash.title')}{' '}
          <span className="muted">
            ·{' '}
            {new Intl.DateTimeFormat(i18n.language, {
              weekday: 'long',
              day: 'numeric',
              month: 'long',
              year: 'numeric',
              timeZone: 'UTC',
            }).format(Date.parse(`${today}T00:00:00Z`))}
          </span>
        </h1>
        <Button variant="ghost" onClick={() => void load()}>
          {t('dash.refresh')}
        </Button>
      </div>
      <div className="tiles">
        <Tile
          label={t('dash.netSales')}
          value={office.money(current.netSales)}
          now={current.netSales}
          before={previous.netSales}
        />
        <Tile
          label={t('dash.orders')}
          value={String(current.orders)}
          now={current.orders}
          before={previous.orders}
        />
        <Tile
          label={t('dash.average')}
          value={office.money(average(current))}
          now={average(current)}
          before={average(previous)}
        />
        <Tile
          label={t('dash.collected')}
          value={office.money(current.netCollected)}
          now={current.netCollected}
          before={previous.netCollected}
        />
      </div>
      <div className="grid-2">
        <section className="panel wide" aria-labelledby="by-hour">
          <h2 id="by-hour">{t('dash.byHour')}</h2>
          <HourChart series={series} formatAxis={axis} formatValue={office.money} title={t('dash.byHour')} />
        </section>
        <section className="panel" aria-labelledby="top-items">
          <h2 id="top-items">{t('dash.topItems')}</h2>
          {top.length === 0 ? (
            <p className="muted">{t('dash.nothing')}</p>
          ) : (
            <ol className="bars">
              {top.map((r) => (
                <li key={r.key}>
                  <div className="bar-label">
                    <span>{r.label}</span>
                    <span className="muted">
                      {r.current.quantity}× · {office.money(r.current.netSales)}
                    </span>
                  </div>
                  <div className="bar-track" aria-hidden="true">
                    <div className="bar-fill" style={{ width: `${(r.current.netSales / maxTop) * 100}%` }} />
                  </div>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section className="panel" aria-labelledby="payment-mix">
          <h2 id="payment-mix">{t('dash.paymentMix')}</h2>
          {mix.length === 0 ? (
            <p className="muted">{t('dash.nothing')}</p>
          ) : (
            <>
              <div className="stack" aria-hidden="true">
                {mix.map((p, i) => (
                  <div
                    key={p.key}
                    style={{
                      width: `${(p.current.collected / mixTotal) * 100}%`,
                      background: MIX_COLORS[i % MIX_COLORS.length],
                    }}
                  />
                ))}
              </div>
              <ul className="legend">
                {mix.map((p, i) => (
                  <li key={p.key}>
                    <span
                      className="swatch"
                      style={{ background: MIX_COLORS[i % MIX_COLORS.length] }}
                      aria-hidden="true"
                    />
                    <span className="legend-name">{p.label}</span>
                    <span className="muted">{Math.round((p.current.collected / mixTotal) * 100)}%</span>
                    <span>{office.money(p.current.collected)}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>
    </div>
  );
}
