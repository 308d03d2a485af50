import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { majorToMinor } from '../shared/money.ts';
import type { PricingResult } from '../shared/pricing.ts';
import { applyKey, Button, Dialog, Numpad, PercentIcon, Segmented } from '../shared/ui/ui.tsx';
import { useApproval } from './ApprovalDialog.tsx';
import { useRegister } from './context.ts';
import { newSale, type Sale } from './sale.ts';

type SetSale = (s: Sale | ((s: Sale) => Sale)) => void;

/** The bill: lines, discounts, service charge, tax, rounding and the total, then one big Bayar. */
export function CartPanel({
  sale,
  setSale,
  priced,
  error,
  onEditLine,
  onPay,
}: {
  sale: Sale;
  setSale: SetSale;
  priced: PricingResult | null;
  error: string | null;
  onEditLine: (line: Sale['cart']['lines'][number]) => void;
  onPay: () => void;
}) {
  const { t } = useTranslation();
  const { menu, money } = useRegister();
  const [discountOpen, setDiscountOpen] = useState(false);
  const listEnd = useRef<HTMLLIElement>(null);
  const order = sale.order;

  useEffect(() => {
    listEnd.current?.scrollIntoView({ block: 'nearest' });
  }, [sale.cart.lines.length]);

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
  const empty = order ? false : sale.cart.lines.length === 0;

  return (
    <aside className="cart" aria-label={t('cart.title')}>
      <div className="cart-head">
        <h2 className="h2">{order ? t('cart.order', { number: order.number }) : t('cart.title')}</h2>
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
      {!order ? (
        <div className="cart-options">
          <Segmented
            label="Dining option"
            value={sale.cart.diningOption}
            onChange={(v) => setSale((s) => ({ ...s, cart: { ...s.cart, diningOption: v } }))}
            options={[
              { value: 'takeaway', label: t('cart.takeaway') },
              { value: 'dine_in', label: t('cart.dineIn') },
            ]}
          />
          {sale.cart.diningOption === 'dine_in' ? (
            <div className="row">
              <input
                className="input input-sm"
                aria-label={t('cart.table')}
                placeholder={t('cart.table')}
                value={sale.header.tableRef}
                maxLength={50}
                onChange={(e) =>
                  setSale((s) => ({ ...s, header: { ...s.header, tableRef: e.target.value } }))
                }
              />
              <input
                className="input input-sm"
                aria-label={t('cart.guests')}
                placeholder={t('cart.guests')}
                inputMode="numeric"
                value={sale.header.guestCount ?? ''}
                onChange={(e) => {
                  const n = Number.parseInt(e.target.value.replace(/\D/g, ''), 10);
                  setSale((s) => ({
                    ...s,
                    header: { ...s.header, guestCount: Number.isFinite(n) && n > 0 ? n : null },
                  }));
                }}
              />
            </div>
          ) : null}
        </div>
      ) : null}
      <ul className="lines" aria-label={t('cart.title')}>
        {order
          ? order.lines
              .filter((l) => l.status === 'active')
              .map((l) => (
                <li key={l.id} className="line">
                  <div className="line-main">
                    <span className="line-qty">{l.quantity}×</span>
                    <span className="line-name">
                      {l.name}
                      {l.variantName && l.variantName !== 'Porsi' ? ` · ${l.variantName}` : ''}
                      {l.modifiers.length ? <small>{l.modifiers.map((m) => m.name).join(', ')}</small> : null}
                    </span>
                    <span className="line-total">{money(l.total)}</span>
                  </div>
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
        <li ref={listEnd} aria-hidden="true" />
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
        <Button
          variant="pay"
          size="xl"
          className="pay-btn"
          disabled={empty || !!error || due <= 0}
          onClick={onPay}
        >
          {t('cart.pay', { amount: money(due) })}
        </Button>
      </div>
      {discountOpen ? (
        <DiscountDialog sale={sale} setSale={setSale} onClose={() => setDiscountOpen(false)} />
      ) : null}
    </aside>
  );
}

function DiscountDialog({ sale, setSale, onClose }: { sale: Sale; setSale: SetSale; onClose: () => void }) {
  const { t } = useTranslation();
  const { menu, money, tenant, can } = useRegister();
  const ask = useApproval();
  const discounts = menu.discounts.filter((d) => !d.archived && d.scope === 'order');
  const [chosen, setChosen] = useState<string | null>(
    sale.cart.discounts[0]?.discountId ?? discounts[0]?.id ?? null,
  );
  const [entry, setEntry] = useState('');
  const d = discounts.find((x) => x.id === chosen);
  const value =
    d?.value ??
    (entry
      ? d?.kind === 'percentage'
        ? Number(entry) * 10_000
        : majorToMinor(Number(entry), tenant.currency)
      : null);
  const show = (x: (typeof discounts)[number], v: number | null) =>
    v === null ? '…' : x.kind === 'percentage' ? t('discount.percent', { value: v / 10_000 }) : money(v);

  async function apply() {
    if (!d || value === null) {
      return;
    }
    let approvalId = sale.approvalId;
    if (d.approvalThreshold !== null && value > d.approvalThreshold && !can('orders:discount_over_limit')) {
      approvalId = await ask({
        permission: 'orders:discount_over_limit',
        target: { type: 'order', id: sale.id },
        what: `${t('approval.discount')}: ${d.name} ${show(d, value)}`,
      });
      if (!approvalId) {
        return;
      }
    }
    setSale((s) => ({
      ...s,
      approvalId,
      cart: { ...s.cart, discounts: [{ discountId: d.id, ...(d.value === null ? { value } : {}) }] },
    }));
    onClose();
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={t('discount.title')}>
      {discounts.length === 0 ? <p className="muted">{t('discount.none')}</p> : null}
      <div className="chips" role="radiogroup" aria-label={t('discount.title')}>
        {discounts.map((x) => (
          <button
            key={x.id}
            type="button"
            role="radio"
            aria-checked={chosen === x.id}
            className={`chip chip-lg ${chosen === x.id ? 'chip-on' : ''}`}
            onClick={() => {
              setChosen(x.id);
              setEntry('');
            }}
          >
            {x.name}
            {x.value !== null ? <span className="chip-price">{show(x, x.value)}</span> : null}
          </button>
        ))}
      </div>
      {d && d.value === null ? (
        <>
          <label className="field">
            {t('discount.value')} ({d.kind === 'percentage' ? '%' : tenant.currency})
            <input
              className="input input-amount"
              inputMode="numeric"
              value={entry}
              onChange={(e) => setEntry(e.target.value.replace(/\D/g, '').slice(0, 12))}
            />
          </label>
          <Numpad label={t('discount.value')} onKey={(k) => setEntry((v) => applyKey(v, k))} />
        </>
      ) : null}
      {d && d.approvalThreshold !== null ? (
        <p className="muted small">{t('discount.needsApproval', { amount: show(d, d.approvalThreshold) })}</p>
      ) : null}
      <div className="row">
        {sale.cart.discounts.length ? (
          <Button
            variant="danger"
            onClick={() => {
              setSale((s) => ({ ...s, cart: { ...s.cart, discounts: [] } }));
              onClose();
            }}
          >
            {t('discount.remove')}
          </Button>
        ) : null}
        <Button
          variant="primary"
          size="lg"
          className="grow"
          disabled={!d || value === null}
          onClick={() => void apply()}
        >
          {t('discount.apply')}
        </Button>
      </div>
    </Dialog>
  );
}
