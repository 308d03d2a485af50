import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { majorToMinor, quickTenders } from '../../shared/money.ts';
import { applyKey, Button, Numpad } from '../../shared/ui/ui.tsx';
import { useRegister } from '../context.ts';

/**
 * Cash: quick-tender buttons (exact, then the next round notes), or the amount received typed on
 * the numpad with the change shown before paying. `due` is what this tender pays (the cash-rounded
 * balance, or one part of a split).
 */
export function CashPanel({
  due,
  busy,
  onPay,
  part,
}: {
  due: number;
  busy: boolean;
  onPay: (tendered: number) => void;
  /** A part payment's amount (typed; empty = the whole balance), read only during an even split. */
  part: { value: string; onChange: (v: string) => void; balance: number; fixed: boolean };
}) {
  const { t } = useTranslation();
  const { money, tenant } = useRegister();
  const [tendered, setTendered] = useState('');
  const quick = quickTenders(due, tenant.currency);
  const typed = tendered ? majorToMinor(Number(tendered), tenant.currency) : 0;
  const pay = (amount: number) => {
    setTendered('');
    onPay(amount);
  };
  return (
    <div className="pay-body">
      <div className="pay-left">
        <div className="quick" role="group" aria-label={t('pay.tendered')}>
          {quick.map((amount, i) => (
            <Button
              key={amount}
              variant={i === 0 ? 'primary' : 'secondary'}
              size="lg"
              className="tender"
              disabled={busy}
              onClick={() => pay(amount)}
            >
              {i === 0 ? `${t('pay.exact')} · ${money(amount)}` : money(amount)}
            </Button>
          ))}
        </div>
        <label className="field">
          {t('pay.tendered')}
          <input
            className="input input-amount"
            inputMode="numeric"
            value={tendered}
            onChange={(e) => setTendered(e.target.value.replace(/\D/g, '').slice(0, 12))}
          />
        </label>
        <div className="change-preview" aria-live="polite">
          {typed >= due ? (
            <>
              {t('pay.change')}: <strong>{money(typed - due)}</strong>
            </>
          ) : null}
        </div>
        <Button variant="pay" size="lg" disabled={busy || typed < due} onClick={() => pay(typed)}>
          {t('pay.payCash')}
        </Button>
      </div>
      <div className="pay-right">
        <Numpad label={t('pay.tendered')} onKey={(k) => setTendered((v) => applyKey(v, k))} />
        <label className="field">
          {t('pay.amount')}
          <input
            className="input"
            inputMode="numeric"
            readOnly={part.fixed}
            placeholder={String(part.balance / majorToMinor(1, tenant.currency))}
            value={part.value}
            onChange={(e) => part.onChange(e.target.value.replace(/\D/g, '').slice(0, 12))}
          />
        </label>
      </div>
    </div>
  );
}
