import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { majorToMinor } from '../shared/money.ts';
import { applyKey, Button, Dialog, Numpad } from '../shared/ui/ui.tsx';
import { useApproval } from './ApprovalDialog.tsx';
import { useRegister } from './context.ts';
import type { Sale } from './sale.ts';

type SetSale = (s: Sale | ((s: Sale) => Sale)) => void;

/** An order discount chosen from the catalog's; over its threshold a manager approves in place. */
export default function DiscountDialog({
  sale,
  setSale,
  onClose,
}: {
  sale: Sale;
  setSale: SetSale;
  onClose: () => void;
}) {
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
