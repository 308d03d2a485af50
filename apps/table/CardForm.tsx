// Paying by card from the phone: the card form. Sending it asks the server for a PaymentIntent
// (server-priced: the whole balance or the ticked lines) and confirms it with Stripe from the phone
// (stripe.ts); a decline shows why and the next try is a new payment. Paid shows once Stripe's
// webhook reached the server (the tracking's bill), never on the phone's word.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../shared/ui/ui.tsx';
import { CallError, type PayResult } from './api.ts';
import { confirmCardPayment } from './stripe.ts';

const DECLINES = new Set([
  'card_declined',
  'incorrect_number',
  'invalid_expiry_month',
  'invalid_cvc',
  'expired_card',
]);

export function CardForm({
  amount,
  money,
  testMode,
  start,
  onConfirmed,
  onCancel,
}: {
  amount: number;
  money: (minor: number) => string;
  /** Stripe test mode: show the test card numbers. */
  testMode: boolean;
  /** Creates the card payment on the server (a new one per try). */
  start: () => Promise<PayResult>;
  onConfirmed: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const started = await start();
      if (!started.card) {
        setError(t('failed'));
        return;
      }
      const r = await confirmCardPayment(started.card, { number, expiry, cvc });
      if (r.ok) {
        onConfirmed();
        return;
      }
      const key =
        r.declineCode === 'insufficient_funds'
          ? 'cardInsufficient'
          : DECLINES.has(r.code)
            ? `cardError.${r.code}`
            : 'cardFailed';
      setError(t(key));
    } catch (err) {
      setError(err instanceof CallError ? err.message : t('failed'));
    } finally {
      setBusy(false);
    }
  }

  const expiryInput = (v: string) => {
    const digits = v.replace(/\D/g, '').slice(0, 4);
    setExpiry(digits.length > 2 ? `${digits.slice(0, 2)}/${digits.slice(2)}` : digits);
  };
  return (
    <form className="t-cardform" onSubmit={(e) => void submit(e)} aria-labelledby="t-card-title">
      <h3 id="t-card-title">{t('cardTitle')}</h3>
      <p className="t-amount">{money(amount)}</p>
      <label>
        {t('cardNumber')}
        <input
          inputMode="numeric"
          autoComplete="cc-number"
          placeholder="1234 1234 1234 1234"
          required
          maxLength={23}
          value={number}
          onChange={(e) => setNumber(e.target.value.replace(/[^\d ]/g, ''))}
        />
      </label>
      <div className="t-cardrow">
        <label>
          {t('cardExpiry')}
          <input
            inputMode="numeric"
            autoComplete="cc-exp"
            placeholder={t('cardExpiryHint')}
            required
            pattern="\d{2}/\d{2}"
            value={expiry}
            onChange={(e) => expiryInput(e.target.value)}
          />
        </label>
        <label>
          CVC
          <input
            inputMode="numeric"
            autoComplete="cc-csc"
            placeholder="123"
            required
            pattern="\d{3,4}"
            maxLength={4}
            value={cvc}
            onChange={(e) => setCvc(e.target.value.replace(/\D/g, ''))}
          />
        </label>
      </div>
      {error && (
        <p className="t-error" role="alert">
          {error}
        </p>
      )}
      <Button type="submit" variant="pay" size="xl" className="t-wide" disabled={busy}>
        {busy ? t('cardPaying') : t('cardPay', { amount: money(amount) })}
      </Button>
      <Button size="lg" className="t-wide" disabled={busy} onClick={onCancel}>
        {t('cardBack')}
      </Button>
      <p className="muted small">
        {t('cardSecure')}
        {testMode && ` ${t('cardTestHint')}`}
      </p>
    </form>
  );
}
