import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roundRatio, roundToIncrement } from '../../../src/platform/money/rounding.ts';
import { majorToMinor, practicalIncrement } from '../../shared/money.ts';
import { Button } from '../../shared/ui/ui.tsx';
import { useRegister } from '../context.ts';
import type { PaymentInput } from '../sale.ts';

const BRANDS = ['Visa', 'Mastercard', 'JCB', 'Amex', 'GPN'];
const TIP_PERCENTS = [5, 10, 15];

/**
 * Card on an external terminal: the cashier records brand, last 4 and the approval code the
 * terminal printed, and the tip the customer added there.
 */
export function CardPanel({
  amount,
  busy,
  onPay,
}: {
  amount: number;
  busy: boolean;
  onPay: (input: PaymentInput) => void;
}) {
  const { t } = useTranslation();
  const { money, tenant } = useRegister();
  const [card, setCard] = useState({ brand: 'Visa', last4: '', approvalCode: '' });
  const [tipEntry, setTipEntry] = useState('');
  const tip = tipEntry ? majorToMinor(Number(tipEntry), tenant.currency) : 0;
  const increment = practicalIncrement(tenant.currency);
  // A percentage tip, exact in integers, then to the practical increment (whole rupiah).
  const tipFor = (percent: number) =>
    roundToIncrement(Number(roundRatio(BigInt(amount * percent), 100n, 'half_up')), increment, 'half_up');
  const setTip = (minor: number) =>
    setTipEntry(minor ? String(minor / majorToMinor(1, tenant.currency)) : '');

  return (
    <div className="pay-left">
      <div className="chips" role="radiogroup" aria-label={t('pay.brand')}>
        {BRANDS.map((b) => (
          <button
            key={b}
            type="button"
            role="radio"
            aria-checked={card.brand === b}
            className={`chip chip-lg ${card.brand === b ? 'chip-on' : ''}`}
            onClick={() => setCard((c) => ({ ...c, brand: b }))}
          >
            {b}
          </button>
        ))}
      </div>
      <div className="row">
        <label className="field grow">
          {t('pay.last4')}
          <input
            className="input"
            inputMode="numeric"
            value={card.last4}
            onChange={(e) => setCard((c) => ({ ...c, last4: e.target.value.replace(/\D/g, '').slice(0, 4) }))}
          />
        </label>
        <label className="field grow">
          {t('pay.approvalCode')}
          <input
            className="input"
            value={card.approvalCode}
            onChange={(e) => setCard((c) => ({ ...c, approvalCode: e.target.value.slice(0, 30) }))}
          />
        </label>
      </div>
      <div className="tip-row">
        <label className="field grow">
          {t('pay.tip')}
          <input
            className="input"
            inputMode="numeric"
            value={tipEntry}
            onChange={(e) => setTipEntry(e.target.value.replace(/\D/g, '').slice(0, 12))}
          />
        </label>
        <div className="chips" role="group" aria-label={t('pay.tipQuick')}>
          <button type="button" className={`chip ${tip === 0 ? 'chip-on' : ''}`} onClick={() => setTip(0)}>
            {t('pay.noTip')}
          </button>
          {TIP_PERCENTS.map((p) => (
            <button
              key={p}
              type="button"
              className={`chip ${tip > 0 && tip === tipFor(p) ? 'chip-on' : ''}`}
              onClick={() => setTip(tipFor(p))}
            >
              {p}%
            </button>
          ))}
        </div>
      </div>
      <Button
        variant="pay"
        size="lg"
        disabled={busy || card.last4.length !== 4 || amount <= 0}
        onClick={() =>
          onPay({
            method: 'card',
            amount,
            ...(tip ? { tipAmount: tip } : {}),
            card: {
              brand: card.brand,
              last4: card.last4,
              ...(card.approvalCode ? { approvalCode: card.approvalCode } : {}),
            },
          })
        }
      >
        {t('pay.payCard')} · {money(amount + tip)}
      </Button>
    </div>
  );
}
