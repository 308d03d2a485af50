import { useTranslation } from 'react-i18next';
import { useRegister } from '../context.ts';
import { countTotal } from './denominations.ts';

/** One input per note and coin, and the total they make. */
export function DenominationCount({
  denominations,
  counts,
  onChange,
  label,
}: {
  denominations: number[];
  counts: Record<number, string>;
  onChange: (counts: Record<number, string>) => void;
  label: string;
}) {
  const { t } = useTranslation();
  const { money } = useRegister();
  return (
    <fieldset className="drawer-count">
      <legend>{label}</legend>
      <div className="drawer-count-grid">
        {denominations.map((value) => (
          <label key={value} className="drawer-count-row">
            <span>{money(value)}</span>
            <input
              type="number"
              inputMode="numeric"
              min={0}
              max={100000}
              aria-label={t('drawer.count', { value: money(value) })}
              value={counts[value] ?? ''}
              onChange={(e) => onChange({ ...counts, [value]: e.target.value.replace(/\D/g, '') })}
            />
          </label>
        ))}
      </div>
      <p className="drawer-total" aria-live="polite">
        {t('drawer.total')}: <strong>{money(countTotal(counts))}</strong>
      </p>
    </fieldset>
  );
}
