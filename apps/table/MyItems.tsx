// "Pay for my items": the lines this phone ordered (one of its orders at a time — a payment is for
// one customer token), ticked to pay by QRIS; the server prices them (their totals, at most the
// balance) and the rest stays on the table's bill.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../shared/ui/ui.tsx';
import type { Tracked } from './api.ts';

export function MyItems({
  orders,
  tokens,
  balance,
  money,
  busy,
  onPay,
}: {
  orders: Tracked[];
  tokens: string[];
  balance: number;
  money: (minor: number) => string;
  busy: boolean;
  onPay: (token: string, lineIds: string[]) => void;
}) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<{ order: number; lineIds: string[] } | null>(null);
  const toggle = (order: number, lineId: string) =>
    setPicked((p) => {
      const ids = p && p.order === order ? p.lineIds : []; // another order's ticks are cleared
      const next = ids.includes(lineId) ? ids.filter((x) => x !== lineId) : [...ids, lineId];
      return next.length ? { order, lineIds: next } : null;
    });
  const amount = picked
    ? Math.min(
        balance,
        orders[picked.order]!.lines.reduce(
          (sum, l, i) => sum + (picked.lineIds.includes(orders[picked.order]!.lineIds[i]!) ? l.total : 0),
          0,
        ),
      )
    : 0;
  return (
    <fieldset className="t-mine">
      <legend>{t('payMine')}</legend>
      <p className="muted small">{t('payMineLead')}</p>
      <ul className="t-lines">
        {orders.flatMap((o, oi) =>
          o.status === 'accepted'
            ? o.lines.map((l, i) => {
                const id = o.lineIds[i]!;
                return (
                  <li key={id}>
                    <label>
                      <input
                        type="checkbox"
                        checked={picked?.order === oi && picked.lineIds.includes(id)}
                        onChange={() => toggle(oi, id)}
                      />{' '}
                      {l.quantity}× {l.name}
                    </label>
                    <span>{money(l.total)}</span>
                  </li>
                );
              })
            : [],
        )}
      </ul>
      <Button
        variant="pay"
        size="lg"
        className="t-wide"
        disabled={busy || !picked}
        onClick={() => picked && onPay(tokens[picked.order]!, picked.lineIds)}
      >
        {t('payMineQris', { amount: money(amount) })}
      </Button>
    </fieldset>
  );
}
