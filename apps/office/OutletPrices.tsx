import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { majorToMinor } from '../shared/money.ts';
import { currencyExponent } from '../../src/platform/money/currency.ts';
import { Button } from '../shared/ui/ui.tsx';
import { useOffice, type Outlet } from './context.ts';
import { call } from './session.ts';

type Item = Ok<'/v1/catalog/items', 'get'>['items'][number];

/**
 * An item's prices at one outlet: empty = the menu price; a number overrides it there.
 * `overrides` is the outlet's current price per variant (null = none).
 */
export function OutletPrices({
  item,
  outlet,
  overrides,
  onSaved,
  onError,
}: {
  item: Item;
  outlet: Outlet;
  overrides: Record<string, number | null>;
  onSaved: (prices: Record<string, number | null>) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const office = useOffice();
  const currency = office.tenant.currency;
  const field = (minor: number | null | undefined) =>
    minor === null || minor === undefined ? '' : String(minor / 10 ** currencyExponent(currency));
  const [values, setValues] = useState(() => item.variants.map((v) => field(overrides[v.id])));
  const dirty = values.some((x, i) => x !== field(overrides[item.variants[i]!.id]));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const variantPrices = item.variants.map((v, i) => ({
      variantId: v.id,
      price: values[i] ? majorToMinor(Number(values[i]), currency) : null,
    }));
    try {
      await call((api) =>
        api.PATCH('/v1/outlets/{outletId}/items/{itemId}', {
          params: { path: { outletId: outlet.id, itemId: item.id } },
          body: { variantPrices },
        }),
      );
      onSaved(Object.fromEntries(variantPrices.map((p) => [p.variantId, p.price])));
    } catch (err) {
      onError(err);
    }
  };
  return (
    // A group, not a named form: the item's own form keeps the item's name to itself.
    <form className="variants outlet-prices" onSubmit={(e) => void save(e)}>
      <div
        role="group"
        aria-label={t('menu.pricesAt', { name: item.name, outlet: outlet.name })}
        className="variants"
      >
        {item.variants.map((v, i) => (
          <label key={v.id} className="field price">
            <span>{t('menu.atOutlet', { outlet: outlet.name })}</span>
            <input
              inputMode="numeric"
              placeholder={field(v.price)}
              aria-label={t('menu.priceAt', {
                name: item.variants.length > 1 ? `${item.name} ${v.name}` : item.name,
                outlet: outlet.name,
              })}
              value={values[i]}
              onChange={(e) =>
                setValues((p) => p.map((x, j) => (j === i ? e.target.value.replace(/[^\d.]/g, '') : x)))
              }
            />
            <span className="muted small-text">
              {typeof overrides[v.id] === 'number' ? office.money(overrides[v.id]!) : t('menu.samePrice')}
            </span>
          </label>
        ))}
        <Button
          type="submit"
          disabled={!dirty}
          aria-label={t('menu.saveAtFor', { name: item.name, outlet: outlet.name })}
        >
          {t('menu.saveAt', { outlet: outlet.name })}
        </Button>
      </div>
    </form>
  );
}
