import { useTranslation } from 'react-i18next';
import type { Ok } from '../../shared/api-types.ts';
import { useRegister } from '../context.ts';

export type Report = Ok<'/v1/drawer-sessions/{id}/x-report', 'get'>;

/**
 * An X or Z report on screen, in two columns: the cash in the drawer (float, cash sales,
 * refunds, paid in/out, drops, expected) and the sales (orders, discounts, taxes per rate, each
 * tender). The full document (cashiers, voids, tips, rounding) is in the API and on the print.
 */
export function ReportFigures({ report }: { report: Report }) {
  const { t } = useTranslation();
  const { money } = useRegister();
  const tenderName = (x: Report['tenders'][number]) =>
    x.method === 'cash'
      ? t('pay.cash')
      : x.method === 'card'
        ? t('pay.card')
        : `${t('pay.qris')} · ${x.gateway ?? x.method}`;
  /** Money out of the drawer or off the sales, shown negative (zero as zero). */
  const out = (v: number) => money(v ? -v : 0);
  const refunds = report.refunds.reduce((s, r) => s + r.amount, 0);
  return (
    <div
      className="report-grid"
      role="group"
      aria-label={report.kind === 'X' ? t('drawer.xReport') : `Z ${report.number}`}
    >
      <section className="report-card">
        <h3 className="report-title">{t('drawer.cashSection')}</h3>
        <dl className="drawer-figures">
          <dt>{t('drawer.float')}</dt>
          <dd>{money(report.cash.float)}</dd>
          <dt>{t('drawer.cashSales')}</dt>
          <dd>{money(report.cash.sales)}</dd>
          <dt>{t('drawer.refunds')}</dt>
          <dd>{out(report.cash.refunds)}</dd>
          <dt>{t('drawer.paidIn')}</dt>
          <dd>{money(report.cash.paidIn)}</dd>
          <dt>{t('drawer.paidOut')}</dt>
          <dd>{out(report.cash.paidOut)}</dd>
          <dt>{t('drawer.drops')}</dt>
          <dd>{out(report.cash.drops)}</dd>
          <dt className="report-sum">{t('drawer.expected')}</dt>
          <dd className="report-sum" data-testid="report-expected">
            {money(report.cash.expected)}
          </dd>
        </dl>
      </section>
      <section className="report-card">
        <h3 className="report-title">
          {t('drawer.salesSection')} · {t('drawer.orders', { count: report.sales.orders })}
        </h3>
        <dl className="drawer-figures">
          {report.tenders.map((x) => (
            <div key={`${x.method}/${x.gateway ?? ''}`} className="drawer-tender">
              <dt>
                {tenderName(x)} <span className="muted">×{x.count}</span>
              </dt>
              <dd>{money(x.amount)}</dd>
            </div>
          ))}
          <dt className="report-sum">{t('drawer.sales')}</dt>
          <dd className="report-sum">{money(report.sales.total)}</dd>
          {report.sales.discounts ? (
            <>
              <dt>{t('cart.discount')}</dt>
              <dd>{out(report.sales.discounts)}</dd>
            </>
          ) : null}
          {report.taxes.map((x) => (
            <div key={x.taxRateId} className="drawer-tender">
              <dt>{x.name}</dt>
              <dd>{money(x.amount)}</dd>
            </div>
          ))}
          {refunds ? (
            <>
              <dt>{t('drawer.refunds')}</dt>
              <dd>{out(refunds)}</dd>
            </>
          ) : null}
        </dl>
      </section>
    </div>
  );
}
