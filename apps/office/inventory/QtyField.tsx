import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { unitsFor, type Units } from './qty.ts';

/**
 * A quantity as people say it: a decimal and one of the item's units (its dimension's units and
 * its purchase unit). The text stays as typed; callers convert with `toBaseQty`.
 */
export function QtyField({
  label,
  item,
  value,
  unit,
  onChange,
  onUnit,
  big = false,
  units,
}: {
  label: string;
  item: Units;
  value: string;
  unit: string;
  onChange: (v: string) => void;
  onUnit: (u: string) => void;
  big?: boolean;
  /** Restrict the units offered (default: all of the item's). */
  units?: string[];
}) {
  const { t } = useTranslation();
  const id = useId();
  const options = units ?? unitsFor(item);
  return (
    <div className={`field qty-field ${big ? 'big' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="qty-input">
        <input
          id={id}
          inputMode="decimal"
          autoComplete="off"
          value={value}
          onChange={(e) => onChange(e.target.value.replace(/[^\d.,-]/g, ''))}
        />
        <select aria-label={t('inv.unitOf', { label })} value={unit} onChange={(e) => onUnit(e.target.value)}>
          {options.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** The stock item of a numbered form line (purchase order, transfer); `onPick` gets the item chosen. */
export function StockItemPick<T extends { id: string; name: string }>({
  n,
  items,
  value,
  onPick,
}: {
  n: number;
  items: T[];
  value: string;
  onPick: (item: T | undefined, id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span>{t('inv.itemOfLine', { n })}</span>
      <select
        aria-label={t('inv.itemOfLine', { n })}
        value={value}
        onChange={(e) =>
          onPick(
            items.find((x) => x.id === e.target.value),
            e.target.value,
          )
        }
      >
        {items.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name}
          </option>
        ))}
      </select>
    </label>
  );
}
