import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { useOffice } from './context.ts';

type Settlements = Ok<'/v1/reports/settlements', 'get'>;

/** Settlements: per tender beside the previous period, then per business day. */
export function SettlementsTable({ r }: { r: Settlements }) {
  const { t } = useTranslation();
  const { money } = useOffice();
  const head = (
    <>
      <th scope="col" className="num">
        {t('settle.payments')}
      </th>
      <th scope="col" className="num">
        {t('settle.gross')}
      </th>
      <th scope="col" className="num">
        {t('settle.tips')}
      </th>
      <th scope="col" className="num">
        {t('settle.refunded')}
      </th>
      <th scope="col" className="num">
        {t('settle.fees')}
      </th>
      <th scope="col" className="num">
        {t('settle.net')}
      </th>
    </>
  );
  const cells = (f: Settlements['current']) => (
    <>
      <td className="num">{f.payments}</td>
      <td className="num">{money(f.gross)}</td>
      <td className="num">{money(f.tips)}</td>
      <td className="num">{money(f.refunded)}</td>
      <td className="num">{money(f.platformFees + f.processingFees)}</td>
      <td className="num strong">{money(f.net)}</td>
    </>
  );
  return (
    <>
      <table className="data" aria-label={t('reports.kinds.settlements')}>
        <thead>
          <tr>
            <th scope="col">{t('settle.tender')}</th>
            {head}
            <th scope="col" className="num">
              {t('settle.previous')}
            </th>
          </tr>
        </thead>
        <tbody>
          {r.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {cells(row.current)}
              <td className="num muted">{money(row.previous.net)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('settle.total')}</th>
            {cells(r.current)}
            <td className="num muted">{money(r.previous.net)}</td>
          </tr>
        </tfoot>
      </table>
      <h2 id="settle-by-day-h" className="table-title">
        {t('settle.byDay')}
      </h2>
      <table className="data" aria-labelledby="settle-by-day-h">
        <thead>
          <tr>
            <th scope="col">{t('settle.date')}</th>
            {head}
          </tr>
        </thead>
        <tbody>
          {r.days.map((d) => (
            <tr key={d.date}>
              <th scope="row">{d.date}</th>
              {cells(d)}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
