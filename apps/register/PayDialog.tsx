import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currencyExponent } from '../../src/platform/money/currency.ts';
import { roundToIncrement } from '../../src/platform/money/rounding.ts';
import { ApiError, idem, newIdempotencyKey, staff } from '../shared/api.ts';
import { majorToMinor, quickTenders } from '../shared/money.ts';
import type { PricingResult } from '../shared/pricing.ts';
import { applyKey, Button, Dialog, Numpad, QrIcon, Segmented, useToast } from '../shared/ui/ui.tsx';
import { useRegister } from './context.ts';
import { Receipt } from './Receipt.tsx';
import {
  getOrder,
  listPayments,
  newId,
  submitSale,
  type Payment,
  type PaymentInput,
  type Sale,
} from './sale.ts';

type Method = 'cash' | 'card' | 'qris';
const BRANDS = ['Visa', 'Mastercard', 'JCB', 'Amex', 'GPN'];
const QR_GATEWAYS = ['midtrans', 'xendit'] as const;

/** One payment intent: its payment id and Idempotency-Key survive retries and double taps. */
const newIntent = () => ({ paymentId: newId(), key: newIdempotencyKey() });

export function PayDialog({
  sale,
  setSale,
  priced,
  onClose,
  onNewSale,
}: {
  sale: Sale;
  setSale: (s: Sale | ((s: Sale) => Sale)) => void;
  priced: PricingResult;
  onClose: () => void;
  onNewSale: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const { device, tenant, money, onEvent } = useRegister();
  const [method, setMethod] = useState<Method>('cash');
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const intent = useRef(newIntent());
  const [tendered, setTendered] = useState('');
  const [amountEntry, setAmountEntry] = useState('');
  const [card, setCard] = useState({ brand: 'Visa', last4: '', approvalCode: '' });
  const [tipEntry, setTipEntry] = useState('');
  const [qr, setQr] = useState<{ payment: Payment; svg: string } | null>(null);
  const [payments, setPayments] = useState<Payment[]>([]);

  const order = sale.order;
  const currency = tenant.currency;
  const balance = order ? order.balanceAmount : priced.total;
  const cashDue = roundToIncrement(balance, tenant.cashRoundingIncrement, 'half_up');
  const part = amountEntry ? Math.min(balance, majorToMinor(Number(amountEntry), currency)) : balance;
  const tip = tipEntry ? majorToMinor(Number(tipEntry), currency) : 0;
  const completed = order?.status === 'completed';

  const refreshOrder = useCallback(async () => {
    const fresh = await getOrder(sale.id);
    setSale((s) => ({ ...s, order: fresh }));
    setPayments(await listPayments(sale.id));
    return fresh;
  }, [sale.id, setSale]);

  /** Runs one payment intent (guarded: one at a time; the same key and id on a retry). */
  async function pay(input: PaymentInput) {
    if (inFlight.current) {
      return null;
    }
    inFlight.current = true;
    setBusy(true);
    try {
      const res = await submitSale(
        sale,
        { outletId: device.outletId, registerId: device.registerId },
        { ...input, id: intent.current.paymentId },
        intent.current.key,
      );
      intent.current = newIntent(); // this intent is done: the next tap is a new payment
      setSale((s) => ({ ...s, order: res.order }));
      setPayments(await listPayments(sale.id));
      setAmountEntry('');
      setTendered('');
      setTipEntry('');
      return res.payment;
    } catch (err) {
      toast(err instanceof ApiError ? err.message : String(err), 'error');
      if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 409) {
        intent.current = newIntent(); // refused: nothing happened, a corrected tap is a new intent
      }
      return null;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  const payCash = (amountTendered: number) =>
    void pay({
      method: 'cash',
      tendered: amountTendered,
      ...(part < balance ? { amount: part } : {}),
    });

  const payCard = () =>
    void pay({
      method: 'card',
      amount: part,
      ...(tip ? { tipAmount: tip } : {}),
      card: {
        brand: card.brand,
        last4: card.last4,
        ...(card.approvalCode ? { approvalCode: card.approvalCode } : {}),
      },
    });

  async function showQr() {
    for (const gateway of QR_GATEWAYS) {
      const payment = await pay({ method: 'gateway', gateway, channel: 'qris', amount: part });
      if (payment) {
        const svg = await staff((api) =>
          api.GET('/v1/payments/{id}/qr.svg', { params: { path: { id: payment.id } }, parseAs: 'text' }),
        );
        setQr({ payment, svg: svg });
        return;
      }
    }
  }

  // QRIS turns paid by itself: the gateway's confirmation arrives as a realtime event. A slow poll
  // covers a dropped socket.
  useEffect(() => {
    if (!qr) {
      return;
    }
    const id = qr.payment.id;
    const settle = (status: string) => {
      if (status === 'completed') {
        setQr(null);
        void refreshOrder();
      } else if (status === 'failed' || status === 'canceled') {
        setQr(null);
        void refreshOrder();
      }
    };
    const off = onEvent((e) => {
      if (e.type.startsWith('payment.') && (e.payload as { id?: string }).id === id) {
        settle(String((e.payload as { status?: string }).status));
      }
    });
    const poll = setInterval(() => {
      void staff((api) => api.GET('/v1/payments/{id}', { params: { path: { id } } })).then((p) =>
        settle(p.status),
      );
    }, 5_000);
    return () => {
      off();
      clearInterval(poll);
    };
  }, [qr, onEvent, refreshOrder]);

  async function cancelQr() {
    if (!qr) {
      return;
    }
    try {
      await staff((api) =>
        api.POST('/v1/payments/{id}/cancel', {
          params: { path: { id: qr.payment.id } },
          headers: idem(newIdempotencyKey()),
        }),
      );
    } catch (err) {
      toast(err instanceof ApiError ? err.message : String(err), 'error');
    }
    setQr(null);
    await refreshOrder();
  }

  if (completed && order) {
    return (
      <Dialog open onOpenChange={(open) => !open && onNewSale()} title={t('receipt.title')} size="lg">
        <Receipt order={order} payments={payments} />
        <Button variant="pay" size="xl" autoFocus onClick={onNewSale}>
          {t('receipt.newSale')}
        </Button>
      </Dialog>
    );
  }

  if (qr) {
    return <QrScreen qr={qr} onCancel={() => void cancelQr()} onExpired={() => void cancelQr()} />;
  }

  const quick = quickTenders(cashDue, currency);
  const typedTender = tendered ? majorToMinor(Number(tendered), currency) : 0;
  const dueNow = part < balance ? part : cashDue;
  return (
    <Dialog open onOpenChange={(open) => !open && !busy && onClose()} title={t('pay.title')} size="lg">
      <div className="pay-summary">
        <div>
          <div className="muted">{order && order.paidAmount ? t('pay.balance') : t('pay.due')}</div>
          <div className="amount-xl" data-testid="pay-due">
            {money(method === 'cash' ? dueNow : part)}
          </div>
          {method === 'cash' && cashDue !== balance && part >= balance ? (
            <div className="muted small">{t('pay.cashRoundingNote', { amount: money(cashDue) })}</div>
          ) : null}
        </div>
        {order && order.paidAmount ? (
          <div className="paid-so-far">
            <div className="muted">{t('pay.paidSoFar')}</div>
            <div className="amount-md">{money(order.paidAmount)}</div>
          </div>
        ) : null}
      </div>
      <Segmented
        label={t('pay.title')}
        value={method}
        onChange={setMethod}
        options={[
          { value: 'cash', label: t('pay.cash') },
          { value: 'card', label: t('pay.card') },
          { value: 'qris', label: t('pay.qris') },
        ]}
      />
      <div className="pay-body">
        <div className="pay-left">
          {method === 'cash' ? (
            <>
              <div className="quick" role="group" aria-label={t('pay.tendered')}>
                {quick.map((amount, i) => (
                  <Button
                    key={amount}
                    variant={i === 0 ? 'primary' : 'secondary'}
                    size="lg"
                    className="tender"
                    disabled={busy || part < balance}
                    onClick={() => payCash(amount)}
                  >
                    {i === 0 ? `${t('pay.exact')} · ${money(amount)}` : money(amount)}
                  </Button>
                ))}
              </div>
              <label className="field">
                {t('pay.tendered')}
                <input
                  className="input input-amount"
                  inputMode="numeric"
                  value={tendered}
                  onChange={(e) => setTendered(e.target.value.replace(/\D/g, '').slice(0, 12))}
                />
              </label>
              {typedTender >= dueNow ? (
                <div className="change-preview">
                  {t('pay.change')}: <strong>{money(typedTender - dueNow)}</strong>
                </div>
              ) : null}
              <Button
                variant="pay"
                size="lg"
                disabled={busy || typedTender < dueNow}
                onClick={() => payCash(typedTender)}
              >
                {t('pay.payCash')}
              </Button>
            </>
          ) : method === 'card' ? (
            <>
              <div className="chips" role="radiogroup" aria-label={t('pay.brand')}>
                {BRANDS.map((b) => (
                  <button
                    key={b}
                    type="button"
                    role="radio"
                    aria-checked={card.brand === b}
                    className={`chip chip-lg ${card.brand === b ? 'chip-on' : ''}`}
                    onClick={() => setCard((c) => ({ ...c, brand: b }))}
                  >
                    {b}
                  </button>
                ))}
              </div>
              <div className="row">
                <label className="field grow">
                  {t('pay.last4')}
                  <input
                    className="input"
                    inputMode="numeric"
                    value={card.last4}
                    onChange={(e) =>
                      setCard((c) => ({ ...c, last4: e.target.value.replace(/\D/g, '').slice(0, 4) }))
                    }
                  />
                </label>
                <label className="field grow">
                  {t('pay.approvalCode')}
                  <input
                    className="input"
                    value={card.approvalCode}
                    onChange={(e) => setCard((c) => ({ ...c, approvalCode: e.target.value.slice(0, 30) }))}
                  />
                </label>
              </div>
              <label className="field">
                {t('pay.tip')}
                <input
                  className="input"
                  inputMode="numeric"
                  value={tipEntry}
                  onChange={(e) => setTipEntry(e.target.value.replace(/\D/g, '').slice(0, 12))}
                />
              </label>
              <Button
                variant="pay"
                size="lg"
                disabled={busy || card.last4.length !== 4 || part <= 0}
                onClick={payCard}
              >
                {t('pay.payCard')} · {money(part + tip)}
              </Button>
            </>
          ) : (
            <Button variant="pay" size="xl" disabled={busy || part <= 0} onClick={() => void showQr()}>
              <QrIcon /> {t('pay.showQr')} · {money(part)}
            </Button>
          )}
        </div>
        <div className="pay-right">
          {method === 'cash' ? (
            <Numpad label={t('pay.tendered')} onKey={(k) => setTendered((v) => applyKey(v, k))} />
          ) : (
            <>
              <label className="field">
                {t('pay.amount')}
                <input
                  className="input input-amount"
                  inputMode="numeric"
                  placeholder={String(balance / 10 ** currencyExponent(currency))}
                  value={amountEntry}
                  onChange={(e) => setAmountEntry(e.target.value.replace(/\D/g, '').slice(0, 12))}
                />
              </label>
              <p className="muted small">{t('pay.splitHint')}</p>
              <Numpad label={t('pay.amount')} onKey={(k) => setAmountEntry((v) => applyKey(v, k))} />
            </>
          )}
        </div>
      </div>
    </Dialog>
  );
}

function QrScreen({
  qr,
  onCancel,
  onExpired,
}: {
  qr: { payment: Payment; svg: string };
  onCancel: () => void;
  onExpired: () => void;
}) {
  const { t } = useTranslation();
  const { money } = useRegister();
  const expires = qr.payment.expiresAt ? Date.parse(qr.payment.expiresAt) : null;
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = expires === null ? null : Math.max(0, Math.round((expires - now) / 1000));
  const expired = left === 0;
  const mmss = left === null ? '' : `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  return (
    <Dialog open onOpenChange={(open) => !open && onCancel()} title={t('pay.qris')} size="full">
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
            <Button variant="primary" size="lg" onClick={onExpired}>
              {t('pay.newQr')}
            </Button>
          ) : null}
          <Button variant="danger" size="lg" onClick={onCancel}>
            {t('pay.cancelQr')}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
