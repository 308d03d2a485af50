import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api.ts';
import { Button, useToast } from '../../shared/ui/ui.tsx';
import { emailReceipt, printReceipt } from './receipt-api.ts';

/**
 * Print or e-mail the receipt of a completed order. The first receipt handed out is the original;
 * anything after it (a second print, a print from the orders screen) is a reprint marked as a copy.
 */
export function ReceiptActions({ orderId, reprint = false }: { orderId: string; reprint?: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [issued, setIssued] = useState(reprint);
  const [busy, setBusy] = useState(false);
  const [emailing, setEmailing] = useState(false);
  const [to, setTo] = useState('');

  async function run(fn: () => Promise<void>) {
    setBusy(true);
    try {
      await fn();
      setIssued(true);
    } catch (err) {
      const message =
        err instanceof ApiError && err.code === 'receipts.email_not_configured'
          ? t('receipt.emailUnavailable')
          : err instanceof ApiError
            ? err.message
            : String(err);
      toast(message, 'error');
    } finally {
      setBusy(false);
    }
  }

  const print = () =>
    run(async () => {
      const done = await printReceipt(orderId, issued);
      toast(done.via === 'printer' ? t('receipt.sentToPrinter') : t('receipt.printingInBrowser'), 'success');
    });

  const send = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await emailReceipt(orderId, to.trim(), issued);
      toast(t('receipt.emailed', { to: to.trim() }), 'success');
      setEmailing(false);
      setTo('');
    });
  };

  return (
    <div className="receipt-actions" role="group" aria-label={t('receipt.actions')}>
      <div className="row">
        <Button variant="secondary" size="lg" disabled={busy} onClick={() => void print()}>
          <PrinterIcon /> {issued ? t('receipt.reprint') : t('receipt.print')}
        </Button>
        <Button
          variant="secondary"
          size="lg"
          disabled={busy}
          aria-expanded={emailing}
          onClick={() => setEmailing((v) => !v)}
        >
          <MailIcon /> {t('receipt.email')}
        </Button>
      </div>
      {emailing ? (
        <form className="row receipt-email" onSubmit={send}>
          <input
            className="input grow"
            type="email"
            required
            autoFocus
            autoComplete="email"
            aria-label={t('receipt.emailTo')}
            placeholder={t('receipt.emailTo')}
            value={to}
            onChange={(e) => setTo(e.target.value.slice(0, 254))}
          />
          <Button type="submit" variant="primary" size="lg" disabled={busy || !to.trim()}>
            {t('receipt.send')}
          </Button>
        </form>
      ) : null}
    </div>
  );
}

const PrinterIcon = () => (
  <svg
    width="18"
    height="18"
    viewBox="0 0 24 24"
    aria-hidden="true"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
  >
    <path d="M6 9V3h12v6M6 18H4a2 2 0 0 1-2-2v-5a2 2 0 0 1 2-2h16a2 2 0 0 1 2 2v5a2 2 0 0 1-2 2h-2" />
    <path d="M6 14h12v7H6z" />
  </svg>
);
const MailIcon = () => (
  <svg
    width="18"
    height="18"
    viewBox="0 0 24 24"
    aria-hidden="true"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
  >
    <path d="M4 5h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1z" />
    <path d="m3 7 9 6 9-6" />
  </svg>
);
