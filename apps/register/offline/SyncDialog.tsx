import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staff } from '../../shared/api.ts';
import type { Ok } from '../../shared/api-types.ts';
import { Button, Dialog } from '../../shared/ui/ui.tsx';
import { useRegister } from '../context.ts';
import type { QueuedSale } from './db.ts';
import { refundAmountOf } from './offline-refund.ts';
import { OfflineRefundDialog } from './OfflineRefund.tsx';
import { recentSales } from './queue.ts';
import { ago, useNow } from './SyncStatus.tsx';

type Report = Ok<'/v1/sync/reports', 'get'>['items'][number];
type Reason = Report['reasons'][number];

/**
 * The sync panel: what waits, the receipt numbers left, the last sync (and "Sync now"), this
 * register's offline sales with the server's answer for each, and, for a manager, the outlet's
 * conflict reports (sales that stood at an old price, sales the server refused).
 */
export default function SyncDialog({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { sync, device, can, money } = useRegister();
  const now = useNow(15_000);
  const [sales, setSales] = useState<QueuedSale[]>([]);
  const [reports, setReports] = useState<Report[] | null>(null);
  const [refunding, setRefunding] = useState<QueuedSale | null>(null);
  const manager = can('reports:read');

  useEffect(() => {
    const sub = liveQuery(() => recentSales(device.id, 50)).subscribe({
      next: setSales,
      error: () => undefined,
    });
    return () => sub.unsubscribe();
  }, [device.id]);

  const { offline, lastSyncAt } = sync;
  useEffect(() => {
    if (!manager || offline) {
      return;
    }
    let live = true;
    void staff((api) =>
      api.GET('/v1/sync/reports', { params: { query: { outletId: device.outletId, limit: 50 } } }),
    ).then(
      (page) => live && setReports(page.items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [manager, offline, device.outletId, lastSyncAt]);

  const reason = (r: Reason) =>
    r.paid !== undefined && r.current !== undefined
      ? `${r.message} (${t('sync.paidWas', { paid: money(r.paid), current: money(r.current) })})`
      : r.message;

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={t('sync.title')} size="lg">
      <dl className="sync-figures">
        <div>
          <dt>{t('sync.waiting')}</dt>
          <dd data-testid="sync-pending">{sync.pending}</dd>
        </div>
        <div>
          <dt>{t('sync.numbersLeft')}</dt>
          <dd>{sync.numbersLeft}</dd>
        </div>
        <div>
          <dt>{t('sync.lastSync')}</dt>
          <dd>{lastSyncAt ? ago(now - lastSyncAt, i18n.language, t('sync.justNow')) : t('sync.never')}</dd>
        </div>
        <Button
          variant="primary"
          size="lg"
          disabled={offline || sync.syncing}
          onClick={() => void sync.syncNow()}
        >
          {t('sync.syncNow')}
        </Button>
      </dl>
      {offline ? <p className="muted">{t('sync.offlineHint')}</p> : null}
      {sync.error ? (
        <p className="sync-error" role="alert">
          {sync.error}
        </p>
      ) : null}
      <h3 className="h3">{t('sync.recent')}</h3>
      {sales.length === 0 ? (
        <p className="muted">{t('sync.noneRecent')}</p>
      ) : (
        <ul className="sync-list" aria-label={t('sync.recent')}>
          {sales.map((s) => (
            <li key={s.clientId} className={`sync-row sync-${s.state}`}>
              <div className="sync-row-head">
                <strong>{t('sync.receiptNo', { number: s.sale.receiptNumber })}</strong>
                <span className="muted small">{new Date(s.createdAt).toLocaleTimeString(i18n.language)}</span>
                <span>{money(s.sale.total)}</span>
                <span className={`badge badge-${s.state}`}>
                  {s.state === 'pending'
                    ? t('sync.statePending')
                    : s.state === 'synced'
                      ? t('sync.stateSynced')
                      : t('sync.stateConflict')}
                </span>
                {s.state !== 'conflict' ? (
                  <Button
                    variant="secondary"
                    aria-label={t('sync.refundTitle', { number: s.sale.receiptNumber })}
                    onClick={() => setRefunding(s)}
                  >
                    {t('orders.refund')}
                  </Button>
                ) : null}
              </div>
              {s.sale.refunds?.length ? (
                <p className="small">
                  {t('sync.refunded', {
                    amount: money(s.sale.refunds.reduce((sum, f) => sum + refundAmountOf(s, f), 0)),
                  })}
                  {s.state === 'pending' ? ` · ${t('sync.statePending')}` : ''}
                </p>
              ) : null}
              {(s.result?.refunds ?? [])
                .filter((f) => f.status === 'conflict')
                .map((f) => (
                  <ul key={f.id} className="sync-reasons">
                    {f.reasons.map((r, i) => (
                      <li key={i}>{reason(r)}</li>
                    ))}
                  </ul>
                ))}
              {s.result?.reasons.length ? (
                <ul className="sync-reasons">
                  {s.result.reasons.map((r, i) => (
                    <li key={i}>{reason(r)}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {manager ? (
        <>
          <h3 className="h3">{t('sync.reports')}</h3>
          {reports === null ? (
            <p className="muted">{offline ? t('sync.reportsOffline') : null}</p>
          ) : reports.length === 0 ? (
            <p className="muted">{t('sync.noReports')}</p>
          ) : (
            <ul className="sync-list" aria-label={t('sync.reports')}>
              {reports.map((r) => (
                <li
                  key={r.id}
                  className={`sync-row sync-${r.outcome === 'accepted' ? 'synced' : 'conflict'}`}
                >
                  <div className="sync-row-head">
                    <strong>
                      {r.receiptNumber ? t('sync.receiptNo', { number: r.receiptNumber }) : '—'}
                    </strong>
                    <span className="muted small">{new Date(r.createdAt).toLocaleString(i18n.language)}</span>
                    <span className={`badge badge-${r.outcome === 'accepted' ? 'synced' : 'conflict'}`}>
                      {r.outcome === 'accepted' ? t('sync.accepted') : t('sync.refused')}
                    </span>
                  </div>
                  <ul className="sync-reasons">
                    {r.reasons.map((x, i) => (
                      <li key={i}>{reason(x)}</li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      <Button variant="secondary" onClick={onClose}>
        {t('sync.close')}
      </Button>
      {refunding ? <OfflineRefundDialog sale={refunding} onClose={() => setRefunding(null)} /> : null}
    </Dialog>
  );
}
