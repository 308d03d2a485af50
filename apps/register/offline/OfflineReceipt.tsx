import { useTranslation } from 'react-i18next';
import { Button, Dialog } from '../../shared/ui/ui.tsx';
import { useRegister } from '../context.ts';
import { ReceiptFigures } from '../Receipt.tsx';
import type { LocalReceipt, QueuedSale } from './db.ts';

type Tender = NonNullable<LocalReceipt['tenders']>[number];

/** A sale recorded before split tenders: its one tender, from the receipt's figures. */
const legacyTender = (r: LocalReceipt): Tender => ({
  id: 'only',
  method: r.method,
  amount: r.total + r.rounding,
  tendered: r.tendered,
  tip: r.tip,
  cardLabel: r.cardLabel,
});

/** The receipt of a sale recorded offline: its official number (from the device's block), lines, totals, change. */
export function OfflineReceiptDialog({ sale, onNewSale }: { sale: QueuedSale; onNewSale: () => void }) {
  const { t, i18n } = useTranslation();
  const { money, outlet } = useRegister();
  const r = sale.receipt;
  return (
    <Dialog open onOpenChange={(open) => !open && onNewSale()} title={t('receipt.title')} size="lg">
      <div className="receipt-wrap">
        <div className="receipt-side">
          <div className="change-big" role="status">
            <div className="muted">{r.change > 0 ? t('receipt.change') : t('receipt.paid')}</div>
            <div className="amount-xxl" data-testid={r.change > 0 ? 'change' : undefined}>
              {money(r.change > 0 ? r.change : r.total + r.rounding + r.tip)}
            </div>
          </div>
          <p className="offline-note" role="note">
            {t('sync.offlineSale')}
          </p>
        </div>
        <article className="receipt" aria-label={t('receipt.number', { number: sale.sale.receiptNumber })}>
          <header className="receipt-head">
            <strong>{outlet.name}</strong>
            <div className="receipt-no" data-testid="receipt-number">
              {t('receipt.number', { number: sale.sale.receiptNumber })}
            </div>
            <div className="muted small">{new Date(sale.createdAt).toLocaleString(i18n.language)}</div>
          </header>
          <ReceiptFigures {...r} />
          <h3 className="h3">{t('receipt.payments')}</h3>
          <ul className="receipt-lines" aria-label={t('receipt.payments')}>
            {(r.tenders ?? [legacyTender(r)]).map((p) => (
              <li key={p.id}>
                <span>
                  {p.method === 'cash' ? t('pay.cash') : t('sync.externalCard', { card: p.cardLabel })}
                  {p.tendered !== null ? <small> · {money(p.tendered)}</small> : null}
                </span>
                <span>{money(p.amount + p.tip)}</span>
              </li>
            ))}
          </ul>
        </article>
      </div>
      <Button variant="pay" size="xl" autoFocus onClick={onNewSale}>
        {t('receipt.newSale')}
      </Button>
    </Dialog>
  );
}
