import { useTranslation } from 'react-i18next';
import { currencyExponent } from '../../../src/platform/money/currency.ts';
import { applyKey, Numpad } from '../../shared/ui/ui.tsx';
import { useRegister } from '../context.ts';

/**
 * "Amount to pay" for a card or QRIS tender: empty pays the balance; less pays part of it (split
 * tender, part payment). Fixed (read only) while a bill is split evenly: the part is the amount.
 */
export function AmountPad({
  value,
  onChange,
  balance,
  fixed,
}: {
  value: string;
  onChange: (v: string) => void;
  balance: number;
  fixed: boolean;
}) {
  const { t } = useTranslation();
  const { tenant } = useRegister();
  return (
    <div className="pay-right">
      <label className="field">
        {t('pay.amount')}
        <input
          className="input input-amount"
          inputMode="numeric"
          readOnly={fixed}
          placeholder={String(balance / 10 ** currencyExponent(tenant.currency))}
          value={value}
          onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 12))}
        />
      </label>
      {fixed ? null : (
        <>
          <p className="muted small">{t('pay.splitHint')}</p>
          <Numpad label={t('pay.amount')} onKey={(k) => onChange(applyKey(value, k))} />
        </>
      )}
    </div>
  );
}
