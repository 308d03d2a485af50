// "Pay for my items": the lines this phone ordered (one of its orders at a time — a payment is for
// one customer token), ticked to pay by one of the business's online methods; the server prices
// them (their totals, at most the balance) and the rest stays on the table's bill.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../shared/ui/ui.tsx';
import type { Tracked } from './api.ts';
import type { OnlineMethod } from './PayPanel.tsx';

export function MyItems({
  orders,
  tokens,
  balance,
  methods,
  money,
  busy,
  onPay,
}: {
  orders: Tracked[];
  tokens: string[];
  balance: number;
  methods: OnlineMethod[];
  money: (minor: number) => string;
  busy: boolean;
  onPay: (token: string, lineIds: string[], amount: number, method: OnlineMethod) => void;
}) {
  const { t } = useTranslation();
  const [method, setMethod] = useState<OnlineMethod>(methods[0]!);
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
                const taken = o.paidLineIds.includes(id); // a payment covers it already
                return (
                  <li key={id} className={taken ? 't-line-paid' : ''}>
                    <label>
                      <input
                        type="checkbox"
                        disabled={taken}
                        aria-describedby={taken ? `paid-${id}` : undefined}
                        checked={!taken && picked?.order === oi && picked.lineIds.includes(id)}
                        onChange={() => toggle(oi, id)}
                      />{' '}
                      {l.quantity}× {l.name}
                      {taken && (
                        <span id={`paid-${id}`} className="t-tag">
                          {t('linePaid')}
                        </span>
                      )}
                    </label>
                    <span>{money(l.total)}</span>
                  </li>
                );
              })
            : [],
        )}
      </ul>
      {methods.length > 1 && (
        <div className="t-seg" role="radiogroup" aria-label={t('payMineHow')}>
          {methods.map((m) => (
            <label key={m} className={m === method ? 'on' : ''}>
              <input type="radio" name="t-mine-method" checked={m === method} onChange={() => setMethod(m)} />
              {t(`method.${m}`)}
            </label>
          ))}
        </div>
      )}
      <Button
        variant="pay"
        size="lg"
        className="t-wide"
        disabled={busy || !picked}
        onClick={() => picked && onPay(tokens[picked.order]!, picked.lineIds, amount, method)}
      >
        {t('payMineWith', { amount: money(amount), method: t(`method.${method}`) })}
      </Button>
    </fieldset>
  );
}
