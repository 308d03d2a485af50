// Registers › Z reports: every close of a register's drawer, newest first (GET
// /v1/registers/{id}/z-reports), and one opened in full as it was stored at the close (GET
// /v1/registers/{id}/z-reports/{number}): cash in the drawer, sales, taxes, payments, voids.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { useLatest } from '../shared/latest.ts';
import { Button } from '../shared/ui/ui.tsx';
import { useOffice, useTenantTime } from './context.ts';
import { SelectField, useFail } from './forms.tsx';
import { call } from './session.ts';

type Register = Ok<'/v1/registers', 'get'>['items'][number];
type Page = Ok<'/v1/registers/{id}/z-reports', 'get'>;
type Report = Ok<'/v1/registers/{id}/z-reports/{number}', 'get'>;

export function ZReports({
  registers,
  outletName,
}: {
  registers: Register[];
  outletName: (id: string) => string;
}) {
  const { t } = useTranslation();
  const { money } = useOffice();
  const time = useTenantTime();
  const fail = useFail();
  const [registerId, setRegisterId] = useState(registers[0]?.id ?? '');
  const [rows, setRows] = useState<Page['items'] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [open, setOpen] = useState<Report | null>(null);
  const register = registers.find((r) => r.id === registerId);

  const begin = useLatest(); // another register chosen while a page loads: the newest shows
  const read = async (id: string, cursor?: string) => {
    const latest = begin();
    const page = await call((api) =>
      api.GET('/v1/registers/{id}/z-reports', {
        params: { path: { id }, query: { limit: 30, ...(cursor ? { cursor } : {}) } },
      }),
    );
    if (!latest()) {
      return;
    }
    setRows((list) => (cursor ? [...(list ?? []), ...page.items] : page.items));
    setNext(page.nextCursor);
  };
  useEffect(() => {
    setRows(null);
    setOpen(null);
    if (registerId) {
      void read(registerId).catch(fail);
    }
  }, [registerId]);
  useEffect(() => {
    if (!registerId && registers[0]) {
      setRegisterId(registers[0].id);
    }
  }, [registers]);

  const show = async (number: number) => {
    try {
      setOpen(
        await call((api) =>
          api.GET('/v1/registers/{id}/z-reports/{number}', { params: { path: { id: registerId, number } } }),
        ),
      );
    } catch (err) {
      fail(err);
    }
  };
  const variance = (v: number | null) =>
    v === null ? '—' : <span className={v < 0 ? 'down' : v > 0 ? 'up' : ''}>{money(v)}</span>;

  return (
    <section className="panel z-reports" aria-labelledby="z-h">
      <div className="item-head">
        <div>
          <h2 id="z-h">{t('zrep.title')}</h2>
          <p className="muted small-text">{t('zrep.lead')}</p>
        </div>
        <div className="push-right">
          <SelectField
            label={t('zrep.register')}
            value={registerId}
            onChange={setRegisterId}
            options={registers.map((r) => ({ value: r.id, label: `${outletName(r.outletId)} · ${r.name}` }))}
          />
        </div>
      </div>
      {rows !== null && rows.length === 0 && <p className="muted">{t('zrep.none')}</p>}
      {rows !== null && rows.length > 0 && (
        <div className="table-panel">
          <table className="data" aria-label={t('zrep.title')}>
            <thead>
              <tr>
                <th scope="col">{t('zrep.number')}</th>
                <th scope="col">{t('zrep.closed')}</th>
                <th scope="col" className="num">
                  {t('zrep.orders')}
                </th>
                <th scope="col" className="num">
                  {t('zrep.sales')}
                </th>
                <th scope="col" className="num">
                  {t('zrep.expected')}
                </th>
                <th scope="col" className="num">
                  {t('zrep.counted')}
                </th>
                <th scope="col" className="num">
                  {t('zrep.variance')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('zrep.open', { number: '' })}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((z) => (
                <tr
                  key={z.id}
                  aria-label={`Z ${z.number}`}
                  className={open?.number === z.number ? 'selected' : ''}
                >
                  <th scope="row">Z {z.number}</th>
                  <td>{z.closedAt ? time(z.closedAt) : '—'}</td>
                  <td className="num">{z.orders}</td>
                  <td className="num">{money(z.salesTotal)}</td>
                  <td className="num">{money(z.expectedCash)}</td>
                  <td className="num">{z.countedCash === null ? '—' : money(z.countedCash)}</td>
                  <td className="num">{variance(z.variance)}</td>
                  <td className="num">
                    <Button variant="ghost" onClick={() => void show(z.number)}>
                      {t('zrep.open', { number: z.number })}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {next && (
            <Button variant="ghost" onClick={() => void read(registerId, next).catch(fail)}>
              {t('zrep.more')}
            </Button>
          )}
        </div>
      )}
      {open && register && (
        <ZReportView report={open} register={register.name} onClose={() => setOpen(null)} />
      )}
    </section>
  );
}

function ZReportView({
  report,
  register,
  onClose,
}: {
  report: Report;
  register: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { money } = useOffice();
  const time = useTenantTime();
  const out = (v: number) => money(v ? -v : 0);
  const title = t('zrep.report', { number: report.number, register });
  return (
    <article className="z-report" aria-label={title}>
      <div className="item-head">
        <div>
          <h3>{title}</h3>
          <p className="muted small-text">
            {t('zrep.period', {
              from: time(report.openedAt),
              to: report.closedAt ? time(report.closedAt) : '…',
            })}
          </p>
        </div>
        <Button variant="ghost" className="push-right" onClick={onClose}>
          {t('zrep.close')}
        </Button>
      </div>
      <div className="grid-3">
        <section>
          <h4>{t('zrep.cash')}</h4>
          <dl className="facts z-facts">
            <dt>{t('zrep.float')}</dt>
            <dd>{money(report.cash.float)}</dd>
            <dt>{t('zrep.cashSales')}</dt>
            <dd>{money(report.cash.sales)}</dd>
            <dt>{t('zrep.refunds')}</dt>
            <dd>{out(report.cash.refunds)}</dd>
            <dt>{t('zrep.paidIn')}</dt>
            <dd>{money(report.cash.paidIn)}</dd>
            <dt>{t('zrep.paidOut')}</dt>
            <dd>{out(report.cash.paidOut)}</dd>
            <dt>{t('zrep.drops')}</dt>
            <dd>{out(report.cash.drops)}</dd>
            <dt>{t('zrep.expected')}</dt>
            <dd>
              <strong>{money(report.cash.expected)}</strong>
            </dd>
            <dt>{t('zrep.counted')}</dt>
            <dd>{report.cash.counted === null ? '—' : money(report.cash.counted)}</dd>
            <dt>{t('zrep.variance')}</dt>
            <dd
              className={
                (report.cash.variance ?? 0) < 0 ? 'down' : (report.cash.variance ?? 0) > 0 ? 'up' : ''
              }
            >
              {report.cash.variance === null ? '—' : money(report.cash.variance)}
            </dd>
            <dt>{t('zrep.noSales')}</dt>
            <dd>{report.cash.noSales}</dd>
          </dl>
        </section>
        <section>
          <h4>{t('zrep.salesSection')}</h4>
          <dl className="facts z-facts">
            <dt>{t('zrep.orders')}</dt>
            <dd>{report.sales.orders}</dd>
            <dt>{t('zrep.gross')}</dt>
            <dd>{money(report.sales.gross)}</dd>
            <dt>{t('zrep.discounts')}</dt>
            <dd>{out(report.sales.discounts)}</dd>
            <dt>{t('zrep.service')}</dt>
            <dd>{money(report.sales.serviceCharge)}</dd>
            {report.taxes.map((x) => (
              <div key={x.taxRateId} className="facts-row">
                <dt>{`${x.name} · ${x.ratePpm / 10_000}%`}</dt>
                <dd>{money(x.amount)}</dd>
              </div>
            ))}
            <dt>{t('zrep.total')}</dt>
            <dd>
              <strong>{money(report.sales.total)}</strong>
            </dd>
            <dt>{t('zrep.tips')}</dt>
            <dd>{money(report.tips)}</dd>
            <dt>{t('zrep.rounding')}</dt>
            <dd>{money(report.rounding.cash)}</dd>
          </dl>
        </section>
        <section>
          <h4>{t('zrep.tenders')}</h4>
          <dl className="facts z-facts">
            {report.tenders.map((x) => (
              <div key={`${x.method}-${x.gateway ?? ''}`} className="facts-row">
                <dt className="capitalize">
                  {x.gateway ? `${x.method} · ${x.gateway}` : x.method} ({x.count})
                </dt>
                <dd>{money(x.amount)}</dd>
              </div>
            ))}
            <dt>{t('zrep.voids')}</dt>
            <dd>
              {report.voids.lines} · {out(report.voids.lineAmount)}
            </dd>
            <dt>{t('zrep.canceled')}</dt>
            <dd>
              {report.voids.canceledOrders} · {out(report.voids.canceledAmount)}
            </dd>
          </dl>
        </section>
      </div>
    </article>
  );
}
