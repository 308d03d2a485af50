// The table bill's ways to pay from the phone, as the business offers them (`payMethods`): QRIS (the
// code on screen), GoPay / ShopeePay (the deeplink opens the e-wallet app), card (the form; Stripe
// confirms it from the phone), or "pay at the counter"; and "pay for my items" by any of them. The
// bill turns paid only by the server's answer (the gateway's notification), never by the phone.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../shared/ui/ui.tsx';
import { api, CallError, type PayResult, type Tracked } from './api.ts';
import { CardForm } from './CardForm.tsx';
import { MyItems } from './MyItems.tsx';

export type OnlineMethod = 'qris' | 'gopay' | 'shopeepay' | 'card';
type Bill = NonNullable<Tracked['bill']>;
/** Who pays what: the whole bill (the first accepted order's token), or my ticked lines. */
interface Target {
  token: string;
  lineIds?: string[];
  amount: number;
}

export function PayPanel({
  bill,
  orders,
  tokens,
  payToken,
  money,
}: {
  bill: Bill;
  orders: Tracked[];
  tokens: string[];
  payToken: string;
  money: (minor: number) => string;
}) {
  const { t } = useTranslation();
  const methods = orders.find((o) => o.bill)?.payMethods ?? ['counter'];
  const online = methods.filter((m): m is OnlineMethod => m !== 'counter');
  // What was started, and what the bill had paid then: once more is paid, the options come back.
  const [started, setStarted] = useState<(PayResult & { paidBefore: number }) | null>(null);
  const [card, setCard] = useState<(Target & { paidBefore: number; confirmed: boolean }) | null>(null);
  const [counter, setCounter] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (started && bill.paid > started.paidBefore) {
      setStarted(null);
    }
    if (card && bill.paid > card.paidBefore) {
      setCard(null);
    }
  }, [started, card, bill]);

  async function pay(method: OnlineMethod | 'counter', target: Target) {
    if (method === 'card') {
      setCard({ ...target, paidBefore: bill.paid, confirmed: false });
      return;
    }
    setBusy(true);
    try {
      const r = await api.pay(target.token, method, crypto.randomUUID(), target.lineIds);
      if (method === 'counter') {
        setCounter(true);
      } else {
        setStarted({ ...r, paidBefore: bill.paid });
      }
    } catch (err) {
      alert(err instanceof CallError ? err.message : t('failed'));
    } finally {
      setBusy(false);
    }
  }

  if (card) {
    return card.confirmed ? (
      <div className="t-qris">
        <p className="t-amount">{money(card.amount)}</p>
        <p role="status">{t('cardConfirming')}</p>
      </div>
    ) : (
      <CardForm
        amount={card.amount}
        money={money}
        testMode={orders.find((o) => o.bill)?.cardTestMode ?? false}
        start={() => api.pay(card.token, 'card', crypto.randomUUID(), card.lineIds)}
        onConfirmed={() => setCard({ ...card, confirmed: true })}
        onCancel={() => setCard(null)}
      />
    );
  }
  if (started?.qrSvg) {
    return (
      <div className="t-qris">
        <h3>{t('qrisTitle')}</h3>
        <div
          className="t-qris-code"
          role="img"
          aria-label={`QRIS ${money(started.amount)}`}
          dangerouslySetInnerHTML={{ __html: started.qrSvg }}
        />
        <p className="t-amount">{money(started.amount)}</p>
        <p role="status">{t('qrisWaiting')}</p>
        <p className="muted small">{t('qrisHint')}</p>
      </div>
    );
  }
  if (started && (started.method === 'gopay' || started.method === 'shopeepay')) {
    const name = t(`method.${started.method}`);
    return (
      <div className="t-qris">
        <h3>{t('walletTitle', { wallet: name })}</h3>
        <p className="t-amount">{money(started.amount)}</p>
        {started.actionUrl && (
          <a className="btn btn-pay btn-xl t-wide" href={started.actionUrl}>
            {t('walletOpen', { wallet: name })}
          </a>
        )}
        <p role="status">{t('qrisWaiting')}</p>
        <p className="muted small">{t('walletHint', { wallet: name })}</p>
      </div>
    );
  }
  if (counter) {
    return <p role="status">{t('counterAsked')}</p>;
  }
  const whole: Target = { token: payToken, amount: bill.balance };
  const others = online.filter((m) => m !== 'qris');
  return (
    <div className="t-pay">
      {online.includes('qris') && (
        <Button
          variant="pay"
          size="xl"
          className="t-wide"
          disabled={busy}
          onClick={() => void pay('qris', whole)}
        >
          {t('payQris', { amount: money(bill.balance) })}
        </Button>
      )}
      {others.length > 0 && (
        <div className="t-methods">
          {others.map((m) => (
            <Button
              key={m}
              size="lg"
              disabled={busy}
              aria-label={t('payWith', { method: t(`method.${m}`), amount: money(bill.balance) })}
              onClick={() => void pay(m, whole)}
            >
              {t(`method.${m}`)}
            </Button>
          ))}
        </div>
      )}
      <Button size="lg" className="t-wide" disabled={busy} onClick={() => void pay('counter', whole)}>
        {t('payCounter')}
      </Button>
      {online.length > 0 && (
        <MyItems
          orders={orders}
          tokens={tokens}
          balance={bill.balance}
          methods={online}
          money={money}
          busy={busy}
          onPay={(token, lineIds, amount, method) => void pay(method, { token, lineIds, amount })}
        />
      )}
    </div>
  );
}
