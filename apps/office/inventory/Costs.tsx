import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../../shared/api-types.ts';
import { useLatest } from '../../shared/latest.ts';
import { Button, Segmented } from '../../shared/ui/ui.tsx';
import { addDays, useOffice } from '../context.ts';
import { useFail } from '../forms.tsx';
import { call } from '../session.ts';
import type { StockData } from './Inventory.tsx';
import { showQty } from './qty.ts';

type Valuation = Ok<'/v1/inventory/valuation', 'get'>;
type Margins = Ok<'/v1/inventory/margins', 'get'>;

/** The instant a business day starts in a time zone (what the margins period is asked in). */
export function dayStart(date: string, timeZone: string): string {
  const utc = Date.parse(`${date}T00:00:00Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(utc))
      .map((p) => [p.type, p.value]),
  );
  const seen = Date.UTC(
    +parts.year!,
    +parts.month! - 1,
    +parts.day!,
    +parts.hour!,
    +parts.minute!,
    +parts.second!,
  );
  return new Date(utc - (seen - utc)).toISOString();
}

/**
 * Cost figures: what stock is worth (at moving-average cost, per outlet, and in transit) and the
 * gross margin by item or category over a period (revenue before tax less cost of goods stored at
 * sale time, net of returns).
 */
export function Costs({ data }: { data: StockData }) {
  const { t } = useTranslation();
  const office = useOffice();
  const fail = useFail();
  const today = office.today();
  const [valuation, setValuation] = useState<Valuation | null>(null);
  const [margins, setMargins] = useState<Margins | null>(null);
  const [from, setFrom] = useState(addDays(today, -29));
  const [to, setTo] = useState(today);
  const [by, setBy] = useState<'item' | 'category'>('item');
  const tz = office.outlets.find((o) => o.id === data.outletId)?.timezone ?? office.tenant.timezone;
  const begin = useLatest(); // a period or grouping changed twice: the newest answer shows
  const loadMargins = useCallback(async () => {
    const latest = begin();
    try {
      const next = await call((api) =>
        api.GET('/v1/inventory/margins', {
          params: {
            query: {
              outletId: data.outletId,
              by,
              from: dayStart(from, tz),
              to: dayStart(addDays(to, 1), tz),
            },
          },
        }),
      );
      if (latest()) {
        setMargins(next);
      }
    } catch (err) {
      if (latest()) {
        fail(err);
      }
    }
  }, [begin, data.outletId, by, from, to, tz]);
  useEffect(() => {
    void call((api) => api.GET('/v1/inventory/valuation', {}))
      .then(setValuation)
      .catch(fail);
  }, []);
  useEffect(() => {
    void loadMargins();
    // The period applies on Show; the grouping at once.
  }, [by]);
  const name = (id: string) => office.outlets.find((o) => o.id === id)?.name ?? '?';
  const here = valuation?.items.filter((i) => i.outletId === data.outletId) ?? [];
  const byId = new Map(data.items.map((i) => [i.id, i]));
  const pct = (ppm: number | null) => (ppm === null ? '—' : `${(ppm / 10_000).toFixed(1)}%`);

  return (
    <div className="stack-col">
      <div className="tiles">
        <div className="tile">
          <h3>{t('inv.valuationTotal')}</h3>
          <p className="tile-value">{valuation ? office.money(valuation.total) : '…'}</p>
          <span className="muted small-text">{t('inv.allOutlets')}</span>
        </div>
        <div className="tile">
          <h3>{t('inv.valuationHere')}</h3>
          <p className="tile-value">
            {valuation
              ? office.money(valuation.outlets.find((o) => o.outletId === data.outletId)?.value ?? 0)
              : '…'}
          </p>
          <span className="muted small-text">{name(data.outletId)}</span>
        </div>
        <div className="tile">
          <h3>{t('inv.inTransit')}</h3>
          <p className="tile-value">{valuation ? office.money(valuation.inTransit) : '…'}</p>
        </div>
        <div className="tile">
          <h3>{t('inv.grossMargin')}</h3>
          <p className="tile-value">{margins ? office.money(margins.totals.margin) : '…'}</p>
          <span className="muted small-text">
            {margins && margins.totals.revenue > 0
              ? t('inv.ofRevenue', {
                  pct: ((margins.totals.margin * 100) / margins.totals.revenue).toFixed(1),
                })
              : t('inv.noSalesYet')}
          </span>
        </div>
      </div>
      <section className="panel table-panel" aria-labelledby="margins-h">
        <div className="panel-head">
          <h2 id="margins-h">{t('inv.marginBy')}</h2>
          <Segmented
            label={t('inv.groupBy')}
            value={by}
            onChange={setBy}
            options={[
              { value: 'item', label: t('inv.byItem') },
              { value: 'category', label: t('inv.byCategory') },
            ]}
          />
        </div>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            void loadMargins();
          }}
        >
          <label className="field">
            <span>{t('reports.from')}</span>
            <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('reports.to')}</span>
            <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
          </label>
          <Button type="submit" variant="primary">
            {t('reports.show')}
          </Button>
        </form>
        {margins && margins.rows.length === 0 ? (
          <p className="empty">{t('inv.noSalesYet')}</p>
        ) : (
          <table className="data" aria-labelledby="margins-h">
            <thead>
              <tr>
                <th>{t(by === 'item' ? 'inv.item' : 'menu.category')}</th>
                <th className="num">{t('reports.col.quantity')}</th>
                <th className="num">{t('inv.revenue')}</th>
                <th className="num">{t('inv.cogs')}</th>
                <th className="num">{t('inv.margin')}</th>
                <th className="num">{t('inv.marginPct')}</th>
              </tr>
            </thead>
            <tbody>
              {(margins?.rows ?? []).map((r) => (
                <tr key={r.id ?? r.name}>
                  <td>{r.name}</td>
                  <td className="num">{r.quantity}</td>
                  <td className="num">{office.money(r.revenue)}</td>
                  <td className="num">{office.money(r.cost)}</td>
                  <td className={`num ${r.margin < 0 ? 'down' : ''}`}>{office.money(r.margin)}</td>
                  <td className="num">{pct(r.marginPpm)}</td>
                </tr>
              ))}
            </tbody>
            {margins && (
              <tfoot>
                <tr>
                  <th colSpan={2}>{t('reports.total')}</th>
                  <td className="num">{office.money(margins.totals.revenue)}</td>
                  <td className="num">{office.money(margins.totals.cost)}</td>
                  <td className="num">{office.money(margins.totals.margin)}</td>
                  <td />
                </tr>
              </tfoot>
            )}
          </table>
        )}
      </section>
      <div className="grid-2">
        <section className="panel table-panel" aria-labelledby="val-items-h">
          <h2 id="val-items-h">{t('inv.valuationOf', { outlet: name(data.outletId) })}</h2>
          {here.length === 0 ? (
            <p className="empty">{t('inv.nothingInStock')}</p>
          ) : (
            <table className="data" aria-labelledby="val-items-h">
              <thead>
                <tr>
                  <th>{t('inv.item')}</th>
                  <th className="num">{t('inv.onHand')}</th>
                  <th className="num">{t('inv.value')}</th>
                </tr>
              </thead>
              <tbody>
                {here.map((i) => {
                  const item = byId.get(i.stockItemId);
                  return (
                    <tr key={i.stockItemId}>
                      <td>{i.name}</td>
                      <td className="num">{item ? showQty(i.qty, item) : i.qty}</td>
                      <td className="num">{office.money(i.value)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <section className="panel table-panel" aria-labelledby="val-outlets-h">
          <h2 id="val-outlets-h">{t('inv.byOutlet')}</h2>
          <table className="data" aria-labelledby="val-outlets-h">
            <thead>
              <tr>
                <th>{t('app.outlet')}</th>
                <th className="num">{t('inv.value')}</th>
              </tr>
            </thead>
            <tbody>
              {(valuation?.outlets ?? []).map((o) => (
                <tr key={o.outletId}>
                  <td>{name(o.outletId)}</td>
                  <td className="num">{office.money(o.value)}</td>
                </tr>
              ))}
              <tr>
                <td className="muted">{t('inv.inTransit')}</td>
                <td className="num">{office.money(valuation?.inTransit ?? 0)}</td>
              </tr>
            </tbody>
            <tfoot>
              <tr>
                <th>{t('reports.total')}</th>
                <td className="num">{office.money((valuation?.total ?? 0) + (valuation?.inTransit ?? 0))}</td>
              </tr>
            </tfoot>
          </table>
        </section>
      </div>
    </div>
  );
}
