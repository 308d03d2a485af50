import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PricingResult } from '../shared/pricing.ts';
import { Button, PercentIcon } from '../shared/ui/ui.tsx';
import { CartHeader } from './CartHeader.tsx';
import { useRegister } from './context.ts';
import type { OrderActions } from './open-order.ts';
import type { OrderLine } from './order-api.ts';
import { newSale, type Sale } from './sale.ts';

// Not needed for the first paint: loaded on first use (or when the browser is idle).
export const loadDiscountDialog = () => import('./DiscountDialog.tsx');
export const loadLineDialog = () => import('./LineDialog.tsx');
const DiscountDialog = lazy(loadDiscountDialog);
const LineDialog = lazy(loadLineDialog);

type SetSale = (s: Sale | ((s: Sale) => Sale)) => void;

/** The bill: lines, discounts, service charge, tax, rounding and the total, then one big Bayar. */
export function CartPanel({
  sale,
  setSale,
  priced,
  error,
  actions,
  onEditLine,
  onPay,
  onSave,
}: {
  sale: Sale;
  setSale: SetSale;
  priced: PricingResult | null;
  error: string | null;
  actions: OrderActions;
  onEditLine: (line: Sale['cart']['lines'][number]) => void;
  onPay: () => void;
  /** Keep the sale as an open order (on the server) and start a new one. */
  onSave: () => void;
}) {
  const { t } = useTranslation();
  const { menu, money } = useRegister();
  const [discountOpen, setDiscountOpen] = useState(false);
  const [lineOpen, setLineOpen] = useState<OrderLine | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const order = sale.order;

  useEffect(() => {
    // The newest line in view: scroll the list itself (scrollIntoView would scroll the page too).
    const ul = list.current;
    if (ul) {
      ul.scrollTop = ul.scrollHeight;
    }
  }, [sale.cart.lines.length, order?.lines.length]);

  const names = new Map(menu.items.map((i) => [i.id, i]));
  const options = new Map(menu.modifierGroups.flatMap((g) => g.options.map((o) => [o.id, o.name] as const)));
  const lineTotals = new Map(priced?.lines.map((l) => [l.id, l]) ?? []);

  // Figures: the server's once the order exists there, otherwise the same engine here.
  const totals = order
    ? {
        subtotal: order.subtotal,
        discount: order.discountTotal,
        service: order.serviceChargeTotal,
        taxes: order.taxes.map((x) => ({ id: x.taxRateId, name: x.name, amount: x.amount })),
        total: order.total,
      }
    : priced
      ? {
          subtotal: priced.subtotal,
          discount: priced.discountTotal,
          service: priced.serviceChargeTotal,
          taxes: priced.taxes.map((x) => ({ id: x.taxRateId, name: x.name, amount: x.amount })),
          total: priced.total,
        }
      : null;
  const due = order ? order.balanceAmount : (priced?.total ?? 0);
  const empty = order ? order.lines.every((l) => l.status !== 'active') : sale.cart.lines.length === 0;
  const editable = !order || order.status === 'open' || order.status === 'sent';
  const unsent = order && editable ? order.lines.some((l) => l.status === 'active' && !l.sent) : false;

  return (
    <aside className="cart" aria-label={t('cart.title')}>
      <div className="cart-head">
        <h2 className="h2">{order ? t('cart.order', { number: order.number }) : t('cart.title')}</h2>
        {order ? (
          <Button variant="ghost" onClick={() => setSale(newSale())}>
            {t('cart.park')}
          </Button>
        ) : null}
        {!order && sale.cart.lines.length ? (
          <Button
            variant="ghost"
            onClick={() => {
              if (window.confirm(t('cart.clearConfirm'))) {
                setSale(newSale());
              }
            }}
          >
            {t('cart.clear')}
          </Button>
        ) : null}
      </div>
      {order && !editable ? (
        <div aria-hidden="true" /> /* keeps the cart's grid rows: lines above, totals at the bottom */
      ) : (
        <CartHeader
          key={order ? `${order.id}:${order.version}` : 'new'}
          sale={sale}
          setSale={setSale}
          actions={actions}
        />
      )}
      <ul ref={list} className="lines" aria-label={t('cart.title')}>
        {order
          ? order.lines
              .filter((l) => l.status === 'active')
              .map((l) => (
                <li key={l.id} className={`line ${l.sent ? 'line-sent' : 'line-new'}`}>
                  <button
                    type="button"
                    className="line-main line-button"
                    disabled={!editable}
                    onClick={() => setLineOpen(l)}
                  >
                    <span className="line-qty">{l.quantity}×</span>
                    <span className="line-name">
                      {l.name}
                      {l.variantName && l.variantName !== 'Porsi' ? ` · ${l.variantName}` : ''}
                      {l.modifiers.length ? <small>{l.modifiers.map((m) => m.name).join(', ')}</small> : null}
                      {l.notes ? <small className="note">“{l.notes}”</small> : null}
                    </span>
                    {l.sent ? (
                      <span className="line-badge" title={t('line.sent')}>
                        {t('line.sentShort')}
                      </span>
                    ) : null}
                    <span className="line-total">{money(l.total)}</span>
                  </button>
                </li>
              ))
          : sale.cart.lines.map((l) => {
              const item = names.get(l.itemId);
              const variant = item?.variants.find((v) => v.id === l.variantId);
              const priced = lineTotals.get(l.id);
              return (
                <li key={l.id} className="line line-new">
                  <button type="button" className="line-main line-button" onClick={() => onEditLine(l)}>
                    <span className="line-qty">{l.quantity}×</span>
                    <span className="line-name">
                      {item?.name ?? '?'}
                      {item && item.variants.length > 1 ? ` · ${variant?.name ?? ''}` : ''}
                      {l.modifierOptionIds.length ? (
                        <small>{l.modifierOptionIds.map((id) => options.get(id) ?? '').join(', ')}</small>
                      ) : null}
                      {l.notes ? <small className="note">“{l.notes}”</small> : null}
                    </span>
                    <span className="line-total">{money(priced?.gross ?? 0)}</span>
                  </button>
                </li>
              );
            })}
        {empty ? <li className="cart-empty muted">{t('cart.empty')}</li> : null}
      </ul>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <div className="cart-foot">
        {!order ? (
          <Button
            variant="ghost"
            className="discount-btn"
            disabled={empty}
            onClick={() => setDiscountOpen(true)}
          >
            <PercentIcon /> {t('cart.addDiscount')}
            {sale.cart.discounts.length
              ? `: ${sale.cart.discounts.map((d) => menu.discounts.find((x) => x.id === d.discountId)?.name).join(', ')}`
              : ''}
          </Button>
        ) : null}
        {totals ? (
          <dl className="totals">
            <div>
              <dt>{t('cart.subtotal')}</dt>
              <dd>{money(totals.subtotal)}</dd>
            </div>
            {totals.discount ? (
              <div>
                <dt>{t('cart.discount')}</dt>
                <dd>-{money(totals.discount)}</dd>
              </div>
            ) : null}
            {totals.service ? (
              <div>
                <dt>{t('cart.service')}</dt>
                <dd>{money(totals.service)}</dd>
              </div>
            ) : null}
            {totals.taxes.map((x) => (
              <div key={x.id}>
                <dt>{x.name}</dt>
                <dd>{money(x.amount)}</dd>
              </div>
            ))}
            <div className="total-row">
              <dt>{t('cart.total')}</dt>
              <dd data-testid="cart-total">{money(totals.total)}</dd>
            </div>
            {order && order.paidAmount ? (
              <>
                <div>
                  <dt>{t('cart.paid')}</dt>
                  <dd>{money(order.paidAmount)}</dd>
                </div>
                <div className="total-row">
                  <dt>{t('cart.balance')}</dt>
                  <dd>{money(order.balanceAmount)}</dd>
                </div>
              </>
            ) : null}
          </dl>
        ) : null}
        <div className="cart-actions">
          {!order ? (
            <Button size="lg" disabled={empty || !!error} onClick={onSave}>
              {t('cart.save')}
            </Button>
          ) : unsent ? (
            <Button size="lg" disabled={actions.busy} onClick={() => void actions.send()}>
              {t('cart.send')}
            </Button>
          ) : null}
          <Button
            variant="pay"
            size="xl"
            className="pay-btn"
            disabled={empty || !!error || due <= 0 || actions.busy}
            onClick={onPay}
          >
            {t('cart.pay', { amount: money(due) })}
          </Button>
        </div>
      </div>
      <Suspense fallback={null}>
        {discountOpen ? (
          <DiscountDialog sale={sale} setSale={setSale} onClose={() => setDiscountOpen(false)} />
        ) : null}
        {lineOpen ? <LineDialog line={lineOpen} actions={actions} onClose={() => setLineOpen(null)} /> : null}
      </Suspense>
    </aside>
  );
}
