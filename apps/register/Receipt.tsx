import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister } from './context.ts';
import type { Order, Payment } from './sale.ts';

/**
 * The receipt on screen: the official receipt number, lines, Subtotal, Diskon, Biaya Layanan, PB1,
 * Pembulatan, Total, payments, change; `children` (print and e-mail) go under the change.
 */
export function Receipt({
  order,
  payments,
  children,
}: {
  order: Order;
  payments: Payment[];
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { money, outlet } = useRegister();
  const completed = payments.filter((p) => p.status === 'completed');
  const change = completed.reduce((s, p) => s + (p.change ?? 0), 0);
  const rounding = completed.reduce((s, p) => s + p.cashRounding, 0);
  return (
    <div className="receipt-wrap">
      <div className="receipt-side">
        {change > 0 ? (
          <div className="change-big" role="status">
            <div className="muted">{t('receipt.change')}</div>
            <div className="amount-xxl" data-testid="change">
              {money(change)}
            </div>
          </div>
        ) : (
          <div className="change-big" role="status">
            <div className="muted">{t('receipt.paid')}</div>
            <div className="amount-xxl">
              {money(completed.reduce((s, p) => s + p.amount + p.tipAmount + p.rounding, 0))}
            </div>
          </div>
        )}
        {children}
      </div>
      <article className="receipt" aria-label={t('receipt.order', { number: order.number })}>
        <header className="receipt-head">
          <strong>{outlet.name}</strong>
          {order.receiptNumber !== null ? (
            <div className="receipt-no" data-testid="receipt-number">
              {t('receipt.number', { number: order.receiptNumber })}
            </div>
          ) : null}
          <div>{t('receipt.order', { number: order.number })}</div>
          <div className="muted small">{new Date(order.updatedAt).toLocaleString()}</div>
        </header>
        <ul className="receipt-lines">
          {order.lines
            .filter((l) => l.status === 'active')
            .map((l) => (
              <li key={l.id}>
                <span>
                  {l.quantity}× {l.name}
                  {l.modifiers.length ? <small> ({l.modifiers.map((m) => m.name).join(', ')})</small> : null}
                </span>
                <span>{money(l.gross)}</span>
              </li>
            ))}
        </ul>
        <dl className="totals">
          <div>
            <dt>{t('cart.subtotal')}</dt>
            <dd>{money(order.subtotal)}</dd>
          </div>
          {order.discountTotal ? (
            <div>
              <dt>{t('cart.discount')}</dt>
              <dd>-{money(order.discountTotal)}</dd>
            </div>
          ) : null}
          {order.serviceChargeTotal ? (
            <div>
              <dt>{t('cart.service')}</dt>
              <dd>{money(order.serviceChargeTotal)}</dd>
            </div>
          ) : null}
          {order.taxes.map((x) => (
            <div key={x.taxRateId}>
              <dt>{x.name}</dt>
              <dd>{money(x.amount)}</dd>
            </div>
          ))}
          {rounding ? (
            <div>
              <dt>{t('cart.rounding')}</dt>
              <dd>{money(rounding)}</dd>
            </div>
          ) : null}
          <div className="total-row">
            <dt>{t('cart.total')}</dt>
            <dd>{money(order.total + rounding)}</dd>
          </div>
        </dl>
        <h3 className="h3">{t('receipt.payments')}</h3>
        <ul className="receipt-lines">
          {completed.map((p) => (
            <li key={p.id}>
              <span>
                {p.method === 'cash'
                  ? t('pay.cash')
                  : p.method === 'card'
                    ? `${p.card?.brand ?? t('pay.card')} •••• ${p.card?.last4 ?? ''}${p.card?.approvalCode ? ` (${p.card.approvalCode})` : ''}`
                    : `QRIS (${p.gateway ?? ''})`}
                {p.tendered !== null ? <small> · {money(p.tendered)}</small> : null}
              </span>
              <span>{money(p.amount + p.cashRounding + p.tipAmount)}</span>
            </li>
          ))}
        </ul>
      </article>
    </div>
  );
}
