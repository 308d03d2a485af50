import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, idem, newIdempotencyKey, staff } from '../../shared/api.ts';
import { Button, Dialog, QrIcon, useToast } from '../../shared/ui/ui.tsx';
import { useRegister } from '../context.ts';
import type { Payment, PaymentInput } from '../sale.ts';

const QR_GATEWAYS = ['midtrans', 'xendit'] as const;
export interface ShownQr {
  payment: Payment;
  svg: string;
}

/** QRIS: asks a gateway for a QR for `amount` (the first one configured that accepts). */
export function QrisPanel({
  amount,
  busy,
  pay,
  onShown,
}: {
  amount: number;
  busy: boolean;
  pay: (input: PaymentInput) => Promise<Payment | null>;
  onShown: (qr: ShownQr) => void;
}) {
  const { t } = useTranslation();
  const { money } = useRegister();
  async function show() {
    for (const gateway of QR_GATEWAYS) {
      const payment = await pay({ method: 'gateway', gateway, channel: 'qris', amount });
      if (payment) {
        const svg = await staff((api) =>
          api.GET('/v1/payments/{id}/qr.svg', { params: { path: { id: payment.id } }, parseAs: 'text' }),
        );
        onShown({ payment, svg });
        return;
      }
    }
  }
  return (
    <div className="pay-left">
      <Button variant="pay" size="xl" disabled={busy || amount <= 0} onClick={() => void show()}>
        <QrIcon /> {t('pay.showQr')} · {money(amount)}
      </Button>
      <p className="muted small">{t('pay.qrHint')}</p>
    </div>
  );
}

/**
 * The QR full screen. It turns paid by itself: the gateway's confirmation arrives as a realtime
 * event (a slow poll covers a dropped socket). Cancel, or a new QR once it expired.
 */
export function QrScreen({ qr, onSettled }: { qr: ShownQr; onSettled: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { money, onEvent } = useRegister();
  const id = qr.payment.id;
  const expires = qr.payment.expiresAt ? Date.parse(qr.payment.expiresAt) : null;
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    const settle = (status: string) => {
      if (status === 'completed' || status === 'failed' || status === 'canceled') {
        onSettled();
      }
    };
    const off = onEvent((e) => {
      if (e.type.startsWith('payment.') && (e.payload as { id?: string }).id === id) {
        settle(String((e.payload as { status?: string }).status));
      }
    });
    const poll = setInterval(() => {
      void staff((api) => api.GET('/v1/payments/{id}', { params: { path: { id } } })).then(
        (p) => settle(p.status),
        () => undefined,
      );
    }, 5_000);
    return () => {
      off();
      clearInterval(poll);
    };
  }, [id, onEvent, onSettled]);

  async function cancel() {
    try {
      await staff((api) =>
        api.POST('/v1/payments/{id}/cancel', {
          params: { path: { id } },
          headers: idem(newIdempotencyKey()),
        }),
      );
    } catch (err) {
      toast(err instanceof ApiError ? err.message : String(err), 'error');
    }
    onSettled();
  }

  const left = expires === null ? null : Math.max(0, Math.round((expires - now) / 1000));
  const expired = left === 0;
  const mmss = left === null ? '' : `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  return (
    <Dialog open onOpenChange={(open) => !open && void cancel()} title={t('pay.qris')} size="full">
      <div className="qr-screen">
        <div className="qr-amount">{t('pay.scan', { amount: money(qr.payment.amount) })}</div>
        <img
          className={`qr-image ${expired ? 'qr-expired' : ''}`}
          alt={`QRIS ${money(qr.payment.amount)}`}
          src={`data:image/svg+xml;utf8,${encodeURIComponent(qr.svg)}`}
        />
        <div className="qr-status" role="status" aria-live="polite">
          {expired ? t('pay.expired') : t('pay.waiting')}
        </div>
        {left !== null && !expired ? <div className="muted">{t('pay.expiresIn', { time: mmss })}</div> : null}
        <div className="row">
          {expired ? (
            <Button variant="primary" size="lg" onClick={() => void cancel()}>
              {t('pay.newQr')}
            </Button>
          ) : null}
          <Button variant="danger" size="lg" onClick={() => void cancel()}>
            {t('pay.cancelQr')}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
