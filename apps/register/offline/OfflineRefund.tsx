import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { majorToMinor } from '../../shared/money.ts';
import { Button, Dialog, useToast } from '../../shared/ui/ui.tsx';
import { useRegister } from '../context.ts';
import { newId } from '../sale.ts';
import type { QueuedSale } from './db.ts';
import { refundAmountOf, refundableTenders, refundedQuantities, tenderFor } from './offline-refund.ts';
import { addRefund, OfflineRefusal } from './queue.ts';

/**
 * Refund a sale made offline (still queued or already synced), by lines or an amount. A manager's
 * PIN is checked by the server (`POST /v1/approvals`), which cannot be reached offline: so offline
 * a refund needs a manager (`payments:refund`) signed in on this register. The refund is queued
 * with its sale and uploaded once.
 */
export function OfflineRefundDialog({ sale, onClose }: { sale: QueuedSale; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { can, money, tenant } = useRegister();
  const [picked, setPicked] = useState<Record<string, boolean>>({});
  const [amountEntry, setAmountEntry] = useState('');
  const [busy, setBusy] = useState(false);
  const allowed = can('payments:refund');
  const done = refundedQuantities(sale);
  const lines = sale.receipt.lines.filter((l) => (done.get(l.id) ?? 0) < l.quantity);
  const left = refundableTenders(sale).reduce((s, x) => s + x.refundable, 0);

  async function queue(body: { lines?: { lineId: string; quantity: number }[]; amount?: number }) {
    const amount = refundAmountOf(sale, body);
    const tender = tenderFor(sale, amount);
    if (!tender || amount <= 0) {
      toast(t('orders.refundTooMuch'), 'error');
      return;
    }
    setBusy(true);
    try {
      await addRefund(sale.clientId, {
        id: newId(),
        paymentId: tender.id,
        ...body,
        reason: t('orders.defaultReason'),
        deviceTime: new Date().toISOString(),
      });
      toast(t('sync.refundQueued', { amount: money(amount) }), 'success');
      onClose();
    } catch (err) {
      toast(err instanceof OfflineRefusal || err instanceof Error ? err.message : String(err), 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && !busy && onClose()}
      title={t('sync.refundTitle', { number: sale.sale.receiptNumber })}
    >
      <p className="muted">{t('sync.refundLeft', { amount: money(left) })}</p>
      {!allowed ? (
        <p className="offline-pay-refused" role="alert">
          {t('sync.refundNeedsManager')}
        </p>
      ) : (
        <>
          <ul className="refund-lines" aria-label={t('cart.title')}>
            {lines.map((l) => (
              <li key={l.id}>
                <label className="refund-line">
                  <input
                    type="checkbox"
                    checked={!!picked[l.id]}
                    onChange={(e) => setPicked((p) => ({ ...p, [l.id]: e.target.checked }))}
                    aria-label={`${t('orders.refund')} ${l.name}`}
                  />
                  <span className="grow">
                    {l.quantity - (done.get(l.id) ?? 0)}× {l.name}
                  </span>
                  <span>{money(l.gross)}</span>
                </label>
              </li>
            ))}
          </ul>
          <Button
            variant="danger"
            size="lg"
            disabled={busy || !Object.values(picked).some(Boolean)}
            onClick={() =>
              void queue({
                lines: lines
                  .filter((l) => picked[l.id])
                  .map((l) => ({ lineId: l.id, quantity: l.quantity - (done.get(l.id) ?? 0) })),
              })
            }
          >
            {t('orders.refundLines')}
          </Button>
          <div className="row refund-amount">
            <input
              className="input grow"
              inputMode="numeric"
              aria-label={t('orders.refundAmountLabel')}
              placeholder={t('orders.refundAmountLabel')}
              value={amountEntry}
              onChange={(e) => setAmountEntry(e.target.value.replace(/\D/g, '').slice(0, 12))}
            />
            <Button
              variant="danger"
              size="lg"
              disabled={busy || !amountEntry}
              onClick={() => void queue({ amount: majorToMinor(Number(amountEntry), tenant.currency) })}
            >
              {t('orders.refundAmount')}
            </Button>
          </div>
        </>
      )}
      <Button variant="secondary" onClick={onClose}>
        {t('sync.close')}
      </Button>
    </Dialog>
  );
}
