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
        <ReceiptFigures
          lines={order.lines
            .filter((l) => l.status === 'active')
            .map((l) => ({ ...l, modifiers: l.modifiers.map((m) => m.name) }))}
          subtotal={order.subtotal}
          discountTotal={order.discountTotal}
          serviceChargeTotal={order.serviceChargeTotal}
          taxes={order.taxes.map((x) => ({ id: x.taxRateId, name: x.name, amount: x.amount }))}
          rounding={rounding}
          total={order.total}
        />
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

export interface ReceiptFiguresProps {
  lines: { id: string; quantity: number; name: string; modifiers: string[]; gross: number }[];
  subtotal: number;
  discountTotal: number;
  serviceChargeTotal: number;
  taxes: { id: string; name: string; amount: number }[];
  rounding: number;
  /** Before cash rounding. */
  total: number;
}

/** A receipt's lines and its Subtotal … Total block: the same for an online and an offline sale. */
export function ReceiptFigures(r: ReceiptFiguresProps) {
  const { t } = useTranslation();
  const { money } = useRegister();
  return (
    <>
      <ul className="receipt-lines">
        {r.lines.map((l) => (
          <li key={l.id}>
            <span>
              {l.quantity}× {l.name}
              {l.modifiers.length ? <small> ({l.modifiers.join(', ')})</small> : null}
            </span>
            <span>{money(l.gross)}</span>
          </li>
        ))}
      </ul>
      <dl className="totals">
        <div>
          <dt>{t('cart.subtotal')}</dt>
          <dd>{money(r.subtotal)}</dd>
        </div>
        {r.discountTotal ? (
          <div>
            <dt>{t('cart.discount')}</dt>
            <dd>-{money(r.discountTotal)}</dd>
          </div>
        ) : null}
        {r.serviceChargeTotal ? (
          <div>
            <dt>{t('cart.service')}</dt>
            <dd>{money(r.serviceChargeTotal)}</dd>
          </div>
        ) : null}
        {r.taxes.map((x) => (
          <div key={x.id}>
            <dt>{x.name}</dt>
            <dd>{money(x.amount)}</dd>
          </div>
        ))}
        {r.rounding ? (
          <div>
            <dt>{t('cart.rounding')}</dt>
            <dd>{money(r.rounding)}</dd>
          </div>
        ) : null}
        <div className="total-row">
          <dt>{t('cart.total')}</dt>
          <dd>{money(r.total + r.rounding)}</dd>
        </div>
      </dl>
    </>
  );
}
