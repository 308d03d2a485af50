import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Segmented } from '../shared/ui/ui.tsx';
import type { OrderActions } from './open-order.ts';
import type { Sale, SaleHeader } from './sale.ts';

type Dining = Sale['cart']['diningOption'];
type SetSale = (s: Sale | ((s: Sale) => Sale)) => void;

/**
 * Dining option, customer name, and for dine-in the table and guest count. A new sale keeps them
 * on the device; a saved order changes on the server when a field is left (PATCH with its version).
 */
export function CartHeader({
  sale,
  setSale,
  actions,
}: {
  sale: Sale;
  setSale: SetSale;
  actions: OrderActions;
}) {
  const { t } = useTranslation();
  const order = sale.order;
  const saved: SaleHeader = order
    ? { tableRef: order.tableRef ?? '', guestCount: order.guestCount, customerName: order.customerName ?? '' }
    : sale.header;
  const [draft, setDraft] = useState<SaleHeader>(saved);
  const header = order ? draft : sale.header;
  const dining = (order ? order.diningOption : sale.cart.diningOption) as Dining;

  const edit = (patch: Partial<SaleHeader>) => {
    if (order) {
      setDraft((d) => ({ ...d, ...patch }));
    } else {
      setSale((s) => ({ ...s, header: { ...s.header, ...patch } }));
    }
  };
  const commit = () => {
    if (!order) {
      return;
    }
    if (
      draft.tableRef !== saved.tableRef ||
      draft.customerName !== saved.customerName ||
      draft.guestCount !== saved.guestCount
    ) {
      void actions.header({
        tableRef: draft.tableRef || null,
        customerName: draft.customerName || null,
        guestCount: draft.guestCount,
      });
    }
  };
  const setDining = (v: Dining) => {
    if (order) {
      void actions.header({ diningOption: v });
    } else {
      setSale((s) => ({ ...s, cart: { ...s.cart, diningOption: v } }));
    }
  };

  return (
    <div className="cart-options">
      <Segmented
        label={t('cart.dining')}
        value={dining}
        onChange={setDining}
        options={[
          { value: 'takeaway', label: t('cart.takeaway') },
          { value: 'dine_in', label: t('cart.dineIn') },
        ]}
      />
      <div className="row">
        <input
          className="input input-sm grow"
          aria-label={t('cart.customer')}
          placeholder={t('cart.customer')}
          value={header.customerName}
          maxLength={100}
          onChange={(e) => edit({ customerName: e.target.value })}
          onBlur={commit}
        />
        {dining === 'dine_in' ? (
          <>
            <input
              className="input input-sm input-table"
              aria-label={t('cart.table')}
              placeholder={t('cart.table')}
              value={header.tableRef}
              maxLength={50}
              onChange={(e) => edit({ tableRef: e.target.value })}
              onBlur={commit}
            />
            <input
              className="input input-sm input-guests"
              aria-label={t('cart.guests')}
              placeholder={t('cart.guests')}
              inputMode="numeric"
              value={header.guestCount ?? ''}
              onChange={(e) => {
                const n = Number.parseInt(e.target.value.replace(/\D/g, ''), 10);
                edit({ guestCount: Number.isFinite(n) && n > 0 ? Math.min(n, 1000) : null });
              }}
              onBlur={commit}
            />
          </>
        ) : null}
      </div>
    </div>
  );
}
