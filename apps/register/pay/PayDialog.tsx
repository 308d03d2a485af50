import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roundToIncrement } from '../../../src/platform/money/rounding.ts';
import { majorToMinor } from '../../shared/money.ts';
import type { PricingResult } from '../../shared/pricing.ts';
import { Button, Dialog, Segmented } from '../../shared/ui/ui.tsx';
import { useRegister } from '../context.ts';
import { useOfflinePay } from '../offline/offline-pay.ts';
import { OfflineReceiptDialog } from '../offline/OfflineReceipt.tsx';
import { cardLabelOf, cashDueOf } from '../offline/offline-sale.ts';
import { Receipt } from '../Receipt.tsx';
import { ReceiptActions } from '../receipt/ReceiptActions.tsx';
import { getOrder, type Order, type Sale } from '../sale.ts';
import { AmountPad } from './AmountPad.tsx';
import { CardPanel } from './CardPanel.tsx';
import { CashPanel } from './CashPanel.tsx';
import { amountToPay, shownParts } from './due.ts';
import { usePayIntent } from './pay-intent.ts';
import { QrisPanel, QrScreen, type ShownQr } from './QrisPanel.tsx';
import { SplitDialog } from './SplitDialog.tsx';

type Method = 'cash' | 'card' | 'qris';

/**
 * Pay: the balance (or the next part of a split), a tender method, then the receipt with a new
 * sale in one tap. Each method is its own panel; how a tender reaches the server is sale.ts's.
 */
export default function PayDialog({
  sale,
  setSale,
  priced,
  onClose,
  onNewSale,
  onOpenOrder,
}: {
  sale: Sale;
  setSale: (s: Sale | ((s: Sale) => Sale)) => void;
  priced: PricingResult;
  onClose: () => void;
  onNewSale: () => void;
  /** Continue with another order (the rest of a bill split by items). */
  onOpenOrder: (order: Order) => void;
}) {
  const { t } = useTranslation();
  const { tenant, money, sync } = useRegister();
  const [method, setMethod] = useState<Method>('cash');
  const [amountEntry, setAmountEntry] = useState('');
  const [qr, setQr] = useState<ShownQr | null>(null);
  const [splitting, setSplitting] = useState(false);

  const order = sale.order;
  // Without the network a new sale is recorded on this device (cash, external cards, or card
  // parts then cash for the rest); an order already on the server waits for the connection.
  const offlinePay = useOfflinePay(sale, priced);
  const balance = order ? order.balanceAmount : priced.total - offlinePay.paid;
  const { pay, busy: payBusy, payments, refresh } = usePayIntent(sale, setSale, balance);
  // Card parts taken offline belong to a sale recorded on this device: it stays on the offline
  // path (cash or a card for the rest) even if the connection comes back meanwhile.
  const offline = (sync.offline || offlinePay.parts.length > 0) && !offlinePay.recorded;
  const busy = payBusy || offlinePay.busy;
  useEffect(() => {
    if (offline && method === 'qris') {
      setMethod('cash');
    }
  }, [offline, method]);
  const parts = sale.parts ?? [];
  // Offline, cash settles the rest: an amount typed for a card part does not apply to it.
  const entry = amountEntry && !(offline && method === 'cash') ? amountEntry : '';
  const part = amountToPay(parts, entry ? majorToMinor(Number(entry), tenant.currency) : null, balance);
  const cashDue = roundToIncrement(part, tenant.cashRoundingIncrement, 'half_up');
  const dueNow = part < balance ? part : cashDue;
  // The QR settled (paid, failed or canceled): show the order as the server has it now, trying
  // again while the server cannot answer (the QR screen is gone, nothing else would ask).
  const settleQr = useCallback(() => {
    setQr(null);
    const load = (attempt: number) =>
      void refresh().catch(() => attempt < 5 && setTimeout(() => load(attempt + 1), 1000 * attempt));
    load(1);
  }, [refresh]);

  if (offlinePay.recorded) {
    return <OfflineReceiptDialog sale={offlinePay.recorded} onNewSale={onNewSale} />;
  }
  if (order?.status === 'completed') {
    return (
      <ReceiptDialog
        order={order}
        payments={payments}
        restOrderId={sale.restOrderId}
        onNewSale={onNewSale}
        onOpenOrder={onOpenOrder}
      />
    );
  }
  if (qr) {
    return <QrScreen qr={qr} onSettled={settleQr} />;
  }

  const partNo = parts.length ? t('split.partOf', { count: parts.length }) : null;
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && !busy && offlinePay.parts.length === 0 && onClose()}
      title={t('pay.title')}
      size="lg"
    >
      <div className="pay-summary">
        <div>
          <div className="muted">
            {partNo ?? ((order && order.paidAmount) || offlinePay.paid ? t('pay.balance') : t('pay.due'))}
          </div>
          <div className="amount-xl" data-testid="pay-due">
            {money(method === 'cash' ? dueNow : part)}
          </div>
          {method === 'cash' && cashDue !== part && part >= balance ? (
            <div className="muted small">{t('pay.cashRoundingNote', { amount: money(cashDue) })}</div>
          ) : null}
          {parts.length ? (
            <ol className="split-parts" aria-label={t('split.parts')}>
              {shownParts(parts, balance).map((p, i) => (
                <li key={i} className={i === 0 ? 'split-next' : ''}>
                  {money(p)}
                </li>
              ))}
            </ol>
          ) : null}
        </div>
        {offlinePay.parts.length ? (
          <div className="paid-so-far">
            <div className="muted">{t('pay.paidSoFar')}</div>
            <ul className="offline-parts" aria-label={t('sync.cardParts')}>
              {offlinePay.parts.map((p) =>
                p.method === 'card' ? (
                  <li key={p.id}>
                    {t('sync.externalCard', { card: cardLabelOf(p.card) })} · {money(p.amount)}
                  </li>
                ) : null,
              )}
            </ul>
            <Button
              size="md"
              variant="ghost"
              className="drop-parts"
              disabled={busy}
              onClick={offlinePay.dropParts}
            >
              {t('sync.dropCardParts')}
            </Button>
          </div>
        ) : null}
        {order && order.paidAmount ? (
          <div className="paid-so-far">
            <div className="muted">{t('pay.paidSoFar')}</div>
            <div className="amount-md">{money(order.paidAmount)}</div>
            <div className="muted small">
              {t('pay.balance')}: {money(balance)}
            </div>
          </div>
        ) : null}
        <Button
          variant="secondary"
          disabled={busy || offline}
          title={offline ? t('sync.splitOffline') : undefined}
          onClick={() => setSplitting(true)}
        >
          {t('split.button')}
        </Button>
      </div>
      <Segmented
        label={t('pay.method')}
        value={method}
        onChange={setMethod}
        options={[
          { value: 'cash', label: t('pay.cash') },
          { value: 'card', label: t('pay.card') },
          {
            value: 'qris',
            label: t('pay.qris'),
            disabled: offline,
            ...(offline ? { title: t('sync.gatewayOffline') } : {}),
          },
        ]}
      />
      {offline ? (
        <p className="offline-pay-note" role="note">
          {order
            ? t('sync.savedOrderOffline')
            : offlinePay.parts.length
              ? t('sync.gatewayOffline')
              : `${t('sync.gatewayOffline')} ${t('sync.splitOffline')}`}
        </p>
      ) : null}
      {offline && !order && sync.numbersLeft === 0 ? (
        <p className="offline-pay-refused" role="alert">
          {t('sync.noNumbersPay')}
        </p>
      ) : null}
      {(offline && order) || (offline && sync.numbersLeft === 0) ? null : offline && method === 'cash' ? (
        <CashPanel
          due={cashDueOf(balance, tenant.cashRoundingIncrement)}
          busy={busy}
          part={{ value: '', onChange: () => undefined, balance, fixed: true }}
          onPay={(tendered) => void offlinePay.pay({ method: 'cash', tendered })}
        />
      ) : offline ? (
        <div className="pay-body">
          <CardPanel
            amount={part}
            busy={busy}
            onPay={(input) =>
              input.method === 'card' && input.card && input.amount !== undefined
                ? void offlinePay
                    .pay({
                      method: 'card',
                      amount: input.amount,
                      ...(input.tipAmount ? { tipAmount: input.tipAmount } : {}),
                      card: input.card,
                    })
                    .then(() => setAmountEntry(''))
                : undefined
            }
          />
          <AmountPad value={amountEntry} onChange={setAmountEntry} balance={balance} fixed={false} />
        </div>
      ) : method === 'cash' ? (
        <CashPanel
          due={dueNow}
          busy={busy}
          part={{
            value: parts.length ? String(part / majorToMinor(1, tenant.currency)) : amountEntry,
            onChange: setAmountEntry,
            balance,
            fixed: parts.length > 0,
          }}
          onPay={(tendered) =>
            void pay({ method: 'cash', tendered, ...(part < balance ? { amount: part } : {}) }).then(() =>
              setAmountEntry(''),
            )
          }
        />
      ) : (
        <div className="pay-body">
          {method === 'card' ? (
            <CardPanel
              amount={part}
              busy={busy}
              onPay={(input) => void pay(input).then((p) => p && setAmountEntry(''))}
            />
          ) : (
            <QrisPanel amount={part} busy={busy} pay={pay} onShown={setQr} />
          )}
          <AmountPad
            value={parts.length ? String(part / majorToMinor(1, tenant.currency)) : amountEntry}
            onChange={setAmountEntry}
            balance={balance}
            fixed={parts.length > 0}
          />
        </div>
      )}
      {splitting ? (
        <SplitDialog sale={sale} setSale={setSale} priced={priced} onClose={() => setSplitting(false)} />
      ) : null}
    </Dialog>
  );
}

function ReceiptDialog({
  order,
  payments,
  restOrderId,
  onNewSale,
  onOpenOrder,
}: {
  order: Order;
  payments: Parameters<typeof Receipt>[0]['payments'];
  restOrderId: string | undefined;
  onNewSale: () => void;
  onOpenOrder: (order: Order) => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog open onOpenChange={(open) => !open && onNewSale()} title={t('receipt.title')} size="lg">
      <Receipt order={order} payments={payments}>
        <ReceiptActions orderId={order.id} />
      </Receipt>
      {restOrderId ? (
        <Button
          variant="pay"
          size="xl"
          autoFocus
          onClick={() => void getOrder(restOrderId).then(onOpenOrder)}
        >
          {t('split.payRest')}
        </Button>
      ) : (
        <Button variant="pay" size="xl" autoFocus onClick={onNewSale}>
          {t('receipt.newSale')}
        </Button>
      )}
    </Dialog>
  );
}
