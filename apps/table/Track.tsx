// The customer's order status, live: received → accepted → preparing → ready → served, read with
// the customer token whenever the order changes (realtime, `live.ts`) and every 15 s should the
// socket be down (the token reads this order only); the table's bill with
// QRIS (the code from the business's gateway, turned paid only by the server's answer — the
// gateway's notification — never by the phone) or "pay at the counter".
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../shared/ui/ui.tsx';
import { api, CallError, type PayResult, type Tracked } from './api.ts';
import { followOrders } from './live.ts';
import { MyItems } from './MyItems.tsx';

const STEPS = ['received', 'accepted', 'preparing', 'ready', 'served'] as const;
/** The fallback re-read; live changes come over realtime. */
const POLL_MS = 15_000;

export function Track({
  tokens,
  money,
  onOrderMore,
}: {
  tokens: string[];
  money: (minor: number) => string;
  onOrderMore: () => void;
}) {
  const { t } = useTranslation();
  const [orders, setOrders] = useState<Tracked[]>([]);
  // The QR shown, and what the bill had paid when it was made: once more is paid (that QR, e.g. for
  // my items only), the pay options come back for the rest.
  const [qr, setQr] = useState<(PayResult & { paidBefore: number }) | null>(null);
  const [counter, setCounter] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let alive = true;
    const read = async () => {
      const got = await Promise.all(tokens.map((tk) => api.track(tk).catch(() => null)));
      if (alive) {
        setOrders(got.filter((o): o is Tracked => o !== null));
      }
    };
    void read();
    const timer = setInterval(() => void read(), POLL_MS);
    const stop = followOrders(tokens, () => void read());
    return () => {
      alive = false;
      clearInterval(timer);
      stop();
    };
  }, [tokens]);

  const latest = orders[0];
  const bill = orders.find((o) => o.bill)?.bill ?? null;
  const paid = bill !== null && (bill.paymentStatus === 'paid' || bill.status === 'completed');
  const payToken = tokens[orders.findIndex((o) => o.bill)] ?? null;
  useEffect(() => {
    if (qr && bill && bill.paid > qr.paidBefore) {
      setQr(null);
    }
  }, [qr, bill]);

  async function pay(method: 'qris' | 'counter', mine?: { token: string; lineIds: string[] }) {
    if (!payToken) {
      return;
    }
    setBusy(true);
    try {
      const r = mine
        ? await api.pay(mine.token, 'qris', crypto.randomUUID(), mine.lineIds)
        : await api.pay(payToken, method, crypto.randomUUID());
      if (method === 'qris') {
        setQr({ ...r, paidBefore: bill?.paid ?? 0 });
      } else {
        setCounter(true);
      }
    } catch (err) {
      alert(err instanceof CallError ? err.message : t('failed'));
    } finally {
      setBusy(false);
    }
  }

  if (!latest) {
    return <main className="t-track muted">…</main>;
  }
  const step = STEPS.indexOf(latest.tracking as (typeof STEPS)[number]);
  return (
    <main className="t-track">
      <section className="t-card" aria-labelledby="t-status">
        <h1 id="t-status" className="t-status-title">
          {t(`status.${latest.tracking}`)}
        </h1>
        <p className="muted">{t(`statusLead.${latest.tracking}`)}</p>
        {latest.tracking === 'rejected' && latest.rejectReason && (
          <p className="t-error">{latest.rejectReason}</p>
        )}
        {latest.tracking !== 'rejected' && (
          <ol className="t-steps" aria-label={t('yourOrder')}>
            {STEPS.map((s, i) => (
              <li key={s} className={i <= step ? 'done' : ''} aria-current={i === step ? 'step' : undefined}>
                {t(`status.${s}`)}
              </li>
            ))}
          </ol>
        )}
        <ul className="t-lines">
          {latest.lines.map((l, i) => (
            <li key={i}>
              <span>
                {l.quantity}× {l.name}
                {l.variantName ? ` (${l.variantName})` : ''}
              </span>
              <span>{money(l.total)}</span>
            </li>
          ))}
        </ul>
      </section>

      {bill && (
        <section className="t-card" aria-labelledby="t-bill">
          <h2 id="t-bill">{t('bill')}</h2>
          <dl className="t-bill">
            <dt>{t('billTotal')}</dt>
            <dd>{money(bill.total)}</dd>
            <dt>{t('billPaid')}</dt>
            <dd>{money(bill.paid)}</dd>
            <dt>{t('billDue')}</dt>
            <dd>
              <strong>{money(bill.balance)}</strong>
            </dd>
          </dl>
          {paid ? (
            <p className="t-paid" role="status">
              {t('paid')}
            </p>
          ) : qr?.qrSvg ? (
            <div className="t-qris">
              <h3>{t('qrisTitle')}</h3>
              <div
                className="t-qris-code"
                role="img"
                aria-label={`QRIS ${money(qr.amount)}`}
                dangerouslySetInnerHTML={{ __html: qr.qrSvg }}
              />
              <p className="t-amount">{money(qr.amount)}</p>
              <p role="status">{t('qrisWaiting')}</p>
              <p className="muted small">{t('qrisHint')}</p>
            </div>
          ) : counter ? (
            <p role="status">{t('counterAsked')}</p>
          ) : (
            <div className="t-pay">
              <Button
                variant="pay"
                size="xl"
                className="t-wide"
                disabled={busy}
                onClick={() => void pay('qris')}
              >
                {t('payQris', { amount: money(bill.balance) })}
              </Button>
              <Button size="lg" className="t-wide" disabled={busy} onClick={() => void pay('counter')}>
                {t('payCounter')}
              </Button>
              <MyItems
                orders={orders}
                tokens={tokens}
                balance={bill.balance}
                money={money}
                busy={busy}
                onPay={(token, lineIds) => void pay('qris', { token, lineIds })}
              />
            </div>
          )}
        </section>
      )}
      {!bill && latest.tracking === 'received' && <p className="muted small">{t('payAfterAccept')}</p>}
      {!paid && (
        <Button size="lg" className="t-wide" onClick={onOrderMore}>
          {t('orderMore')}
        </Button>
      )}
    </main>
  );
}
