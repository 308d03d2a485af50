import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, idem, newIdempotencyKey, staff } from '../shared/api.ts';
import { Button, Dialog, Segmented, useToast } from '../shared/ui/ui.tsx';
import { useGuarded } from './ApprovalDialog.tsx';
import { useRegister } from './context.ts';
import {
  businessDate,
  getOrder,
  listPayments,
  listTodaysOrders,
  type Order,
  type OrderSummary,
  type Payment,
} from './sale.ts';

/** Today's orders of this outlet: search by number, continue an open one, cancel, refund by line. */
export default function OrdersDialog({
  onClose,
  onReopen,
}: {
  onClose: () => void;
  onReopen: (order: Order) => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const { device, outlet, tenant, money } = useRegister();
  const [orders, setOrders] = useState<OrderSummary[] | null>(null);
  const [number, setNumber] = useState('');
  const [filter, setFilter] = useState<'all' | 'open' | 'completed'>('all');
  const [detail, setDetail] = useState<{ order: Order; payments: Payment[] } | null>(null);
  const timeZone = outlet.timezone ?? tenant.timezone;

  useEffect(() => {
    const n = Number.parseInt(number, 10);
    const timer = setTimeout(() => {
      listTodaysOrders(
        device.outletId,
        businessDate(timeZone),
        Number.isFinite(n) && n > 0 ? n : undefined,
        filter === 'all' ? undefined : filter,
      ).then(
        // "Open" means not finished: open and sent to the kitchen (the list filters one status).
        async (list) =>
          setOrders(
            filter === 'open'
              ? [
                  ...list,
                  ...(await listTodaysOrders(
                    device.outletId,
                    businessDate(timeZone),
                    n || undefined,
                    'sent',
                  )),
                ].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
              : list,
          ),
        (err: unknown) => toast(err instanceof Error ? err.message : String(err), 'error'),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [device.outletId, timeZone, number, filter, toast]);

  const open = async (id: string) => {
    const [order, payments] = await Promise.all([getOrder(id), listPayments(id)]);
    setDetail({ order, payments });
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('orders.title')} size="lg">
      {detail ? (
        <OrderDetail
          key={detail.order.id + detail.order.version}
          order={detail.order}
          payments={detail.payments}
          onBack={() => setDetail(null)}
          onChanged={() => void open(detail.order.id)}
          onReopen={onReopen}
        />
      ) : (
        <>
          <Segmented
            label={t('orders.status')}
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'all', label: t('orders.all') },
              { value: 'open', label: t('orders.open') },
              { value: 'completed', label: t('orders.completed') },
            ]}
          />
          <input
            className="input"
            type="search"
            inputMode="numeric"
            aria-label={t('orders.search')}
            placeholder={t('orders.search')}
            value={number}
            onChange={(e) => setNumber(e.target.value.replace(/\D/g, ''))}
          />
          <ul className="order-list" aria-label={t('orders.title')} aria-busy={orders === null}>
            {(orders ?? []).map((o) => (
              <li key={o.id}>
                <button type="button" className="order-row" onClick={() => void open(o.id)}>
                  <span className="order-no">#{o.number}</span>
                  <span className={`status status-${o.status}`}>{t(`orders.${o.status}`, o.status)}</span>
                  <span className="muted grow">{o.tableRef ?? o.customerName ?? ''}</span>
                  <span className="order-amount">{money(o.total)}</span>
                </button>
              </li>
            ))}
            {orders && orders.length === 0 ? <li className="muted empty">{t('orders.none')}</li> : null}
          </ul>
        </>
      )}
    </Dialog>
  );
}

function OrderDetail({
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
  const { money } = useRegister();
  const guarded = useGuarded();
  const [picked, setPicked] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const refundable = payments.filter((p) => p.status === 'completed' && p.refundableAmount > 0);
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
        <span>
          {new Date(order.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
        </span>
        <span>{order.diningOption === 'dine_in' ? t('cart.dineIn') : t('cart.takeaway')}</span>
        {order.tableRef ? <span>{`${t('cart.table')} ${order.tableRef}`}</span> : null}
        {order.customerName ? <span>{order.customerName}</span> : null}
        {order.guestCount ? <span>{`${t('cart.guests')}: ${order.guestCount}`}</span> : null}
        {order.paidAmount ? <span>{`${t('cart.paid')}: ${money(order.paidAmount)}`}</span> : null}
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
              {p.method} · {p.status}
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
    </div>
  );
}
