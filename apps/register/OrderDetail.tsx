import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, idem, newIdempotencyKey, staff } from '../shared/api.ts';
import { majorToMinor } from '../shared/money.ts';
import { Button, useToast } from '../shared/ui/ui.tsx';
import { useGuarded } from './ApprovalDialog.tsx';
import { useRegister } from './context.ts';
import { ReceiptActions } from './receipt/ReceiptActions.tsx';
import type { Order, Payment } from './sale.ts';

/**
 * One order of today: continue or cancel it while open; once completed, refund chosen lines or an
 * amount (a manager approves with a PIN when the cashier may not refund).
 */
export function OrderDetail({
  order,
  payments,
  onBack,
  onChanged,
  onReopen,
}: {
  order: Order;
  payments: Payment[];
  onBack: () => void;
  onChanged: () => void;
  onReopen: (order: Order) => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const guarded = useGuarded();
  const { money, tenant, sync } = useRegister();
  const [picked, setPicked] = useState<Record<string, boolean>>({});
  const [amountEntry, setAmountEntry] = useState('');
  const [busy, setBusy] = useState(false);
  // Offline, an order on the server cannot be refunded (the refund and its approval need the server).
  const refundable = sync.offline
    ? []
    : payments.filter((p) => p.status === 'completed' && p.refundableAmount > 0);
  const active = order.lines.filter((l) => l.status === 'active');

  async function run(fn: () => Promise<unknown>) {
    setBusy(true);
    try {
      const done = await fn();
      if (done !== null) {
        onChanged();
      }
    } catch (err) {
      toast(err instanceof ApiError ? err.message : String(err), 'error');
    } finally {
      setBusy(false);
    }
  }

  const refundLines = () =>
    run(async () => {
      const lines = active.filter((l) => picked[l.id]).map((l) => ({ lineId: l.id, quantity: l.quantity }));
      const amount = active.filter((l) => picked[l.id]).reduce((s, l) => s + l.total, 0);
      // From the tender that can cover it (largest refundable first).
      const payment = [...refundable].sort((a, b) => b.refundableAmount - a.refundableAmount)[0];
      if (!payment || lines.length === 0) {
        return null;
      }
      const key = newIdempotencyKey();
      const refund = await guarded(
        { type: 'payment', id: payment.id },
        `${t('approval.refund')} ${money(amount)} (#${order.number})`,
        (approvalId) =>
          staff((api) =>
            api.POST('/v1/payments/{id}/refunds', {
              params: { path: { id: payment.id } },
              body: { lines, reason: t('orders.defaultReason'), ...(approvalId ? { approvalId } : {}) },
              headers: idem(approvalId ? `${key}:${approvalId}` : key),
            }),
          ),
      );
      if (refund) {
        toast(t('orders.refunded', { amount: money(refund.amount) }), 'success');
        setPicked({});
      }
      return refund;
    });

  /** A refund of an amount (no lines): from the tender that can cover it. */
  const refundAmount = () =>
    run(async () => {
      const amount = majorToMinor(Number(amountEntry), tenant.currency);
      const payment = refundable.find((p) => p.refundableAmount >= amount);
      if (!payment || amount <= 0) {
        toast(t('orders.refundTooMuch'), 'error');
        return null;
      }
      const key = newIdempotencyKey();
      const refund = await guarded(
        { type: 'payment', id: payment.id },
        `${t('approval.refund')} ${money(amount)} (#${order.number})`,
        (approvalId) =>
          staff((api) =>
            api.POST('/v1/payments/{id}/refunds', {
              params: { path: { id: payment.id } },
              body: { amount, reason: t('orders.defaultReason'), ...(approvalId ? { approvalId } : {}) },
              headers: idem(approvalId ? `${key}:${approvalId}` : key),
            }),
          ),
      );
      if (refund) {
        toast(t('orders.refunded', { amount: money(refund.amount) }), 'success');
        setAmountEntry('');
      }
      return refund;
    });

  const cancel = () =>
    run(async () => {
      const key = newIdempotencyKey();
      return guarded(
        { type: 'order', id: order.id },
        `${t('approval.void')} #${order.number}`,
        (approvalId) =>
          staff((api) =>
            api.POST('/v1/orders/{id}/cancel', {
              params: { path: { id: order.id } },
              body: {
                version: order.version,
                reason: 'Canceled at the register',
                ...(approvalId ? { approvalId } : {}),
              },
              headers: idem(approvalId ? `${key}:${approvalId}` : key),
            }),
          ),
      );
    });

  return (
    <div className="stack">
      <div className="row between">
        <Button variant="ghost" className="btn-back" onClick={onBack}>
          ← {t('orders.back')}
        </Button>
        <span className={`status status-${order.status}`}>{t(`orders.${order.status}`, order.status)}</span>
      </div>
      <h3 className="h2">
        #{order.number} · {money(order.total)}
      </h3>
      <div className="order-meta">
        {order.receiptNumber !== null ? (
          <span data-testid="receipt-number">{t('receipt.number', { number: order.receiptNumber })}</span>
        ) : null}
        <span>
          {new Date(order.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
        </span>
        <span>{order.diningOption === 'dine_in' ? t('cart.dineIn') : t('cart.takeaway')}</span>
        {order.tableRef ? <span>{`${t('cart.table')} ${order.tableRef}`}</span> : null}
        {order.customerName ? <span>{order.customerName}</span> : null}
        {order.guestCount ? <span>{`${t('cart.guests')}: ${order.guestCount}`}</span> : null}
      </div>
      <ul className="refund-lines" aria-label={t('cart.title')}>
        {active.map((l) => (
          <li key={l.id}>
            <label className="refund-line">
              {order.status === 'completed' ? (
                <input
                  type="checkbox"
                  checked={!!picked[l.id]}
                  onChange={(e) => setPicked((p) => ({ ...p, [l.id]: e.target.checked }))}
                  aria-label={`${t('orders.refund')} ${l.name}`}
                />
              ) : null}
              <span className="grow">
                {l.quantity}× {l.name}
                {l.modifiers.length ? <small> ({l.modifiers.map((m) => m.name).join(', ')})</small> : null}
              </span>
              <span>{money(l.total)}</span>
            </label>
          </li>
        ))}
      </ul>
      <ul className="receipt-lines">
        {payments.map((p) => (
          <li key={p.id}>
            <span>
              {p.method === 'gateway' ? (p.channel ?? p.gateway ?? '').toUpperCase() : t(`pay.${p.method}`)}
              {p.card?.last4 ? ` ${p.card.brand ?? ''} •••• ${p.card.last4}` : ''}
              {p.status === 'completed' ? '' : ` · ${p.status}`}
              {p.refundedAmount ? ` · ${t('orders.refunded', { amount: money(p.refundedAmount) })}` : ''}
            </span>
            <span>{money(p.amount)}</span>
          </li>
        ))}
      </ul>
      <div className="row">
        {order.status === 'open' || order.status === 'sent' ? (
          <>
            <Button variant="primary" size="lg" onClick={() => onReopen(order)}>
              {t('orders.reopen')}
            </Button>
            {order.paidAmount === 0 ? (
              <Button variant="danger" size="lg" disabled={busy} onClick={() => void cancel()}>
                {t('orders.cancel')}
              </Button>
            ) : null}
          </>
        ) : null}
        {order.status === 'completed' && refundable.length ? (
          <Button
            variant="danger"
            size="lg"
            disabled={busy || !Object.values(picked).some(Boolean)}
            onClick={() => void refundLines()}
          >
            {t('orders.refundLines')}
          </Button>
        ) : null}
      </div>
      {order.status === 'completed' && refundable.length ? (
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
            onClick={() => void refundAmount()}
          >
            {t('orders.refundAmount')}
          </Button>
        </div>
      ) : null}
      {order.status === 'completed' && sync.offline ? (
        <p className="offline-pay-refused" role="alert">
          {t('sync.onlineRefundOffline')}
        </p>
      ) : null}
      {order.status === 'completed' ? <ReceiptActions orderId={order.id} reprint /> : null}
    </div>
  );
}
