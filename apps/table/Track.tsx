// The customer's order status, live: received → accepted → preparing → ready → served, read with
// the customer token whenever the order changes (realtime, `live.ts`) and every 15 s should the
// socket be down (the token reads this order only); the table's bill and its ways to pay
// (PayPanel.tsx).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../shared/ui/ui.tsx';
import { api, type Tracked } from './api.ts';
import { followOrders } from './live.ts';
import { PayPanel } from './PayPanel.tsx';

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
          ) : (
            payToken && (
              <PayPanel bill={bill} orders={orders} tokens={tokens} payToken={payToken} money={money} />
            )
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
