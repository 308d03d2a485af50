import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, Segmented, useToast } from '../shared/ui/ui.tsx';
import { useRegister } from './context.ts';
import { OrderDetail } from './OrderDetail.tsx';
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
