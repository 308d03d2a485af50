// The register's and the waiter's item sheet. Its words are the `item.*` keys of itemStrings
// (apps/shared/item-strings.ts), which both apps' string tables include.
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { saleItem, snapshotCartLine, type CartLine, type MenuShape } from '../pricing.ts';
import { Button, Dialog, Segmented } from './ui.tsx';

/**
 * One dialog for an item: variant, modifier groups (min/max enforced), notes, quantity; `children`
 * go above the quantity (the waiter's seat and course).
 */
export default function ItemDialog({
  menu,
  money,
  itemId,
  line,
  onClose,
  onSave,
  onRemove,
  children,
}: {
  menu: MenuShape;
  money: (minor: number) => string;
  itemId: string;
  line?: CartLine | undefined;
  onClose: () => void;
  onSave: (line: Omit<CartLine, 'id'>) => void;
  onRemove?: (() => void) | undefined;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const item = useMemo(() => saleItem(menu, itemId), [menu, itemId]);
  const [variantId, setVariantId] = useState(line?.variantId ?? item?.variants[0]?.id ?? '');
  const [chosen, setChosen] = useState<string[]>(line?.modifierOptionIds ?? []);
  const [notes, setNotes] = useState(line?.notes ?? '');
  const [quantity, setQuantity] = useState(line?.quantity ?? 1);

  if (!item) {
    return null;
  }
  const draft: Omit<CartLine, 'id'> = {
    itemId,
    variantId,
    quantity,
    modifierOptionIds: chosen,
    notes: notes.trim() || null,
    discounts: line?.discounts ?? [],
  };
  // The server's own check (snapshotLine): the button is enabled exactly when the server would accept.
  let valid = true;
  let unit = 0;
  try {
    const snap = snapshotCartLine(menu, { ...draft, id: line?.id ?? 'draft' });
    unit = snap.unitPrice + snap.modifiers.reduce((s, m) => s + m.price, 0);
  } catch {
    valid = false;
  }

  const toggle = (groupId: string, optionId: string) => {
    const group = item.modifierGroups.find((g) => g.id === groupId)!;
    setChosen((c) => {
      const inGroup = c.filter((id) => group.options.some((o) => o.id === id));
      if (c.includes(optionId)) {
        return c.filter((id) => id !== optionId);
      }
      if (group.maxSelect === 1) {
        return [...c.filter((id) => !inGroup.includes(id)), optionId];
      }
      if (group.maxSelect !== null && inGroup.length >= group.maxSelect) {
        return c;
      }
      return [...c, optionId];
    });
  };

  const rule = (g: (typeof item.modifierGroups)[number]) =>
    g.minSelect > 0 && g.maxSelect === g.minSelect
      ? t('item.chooseExactly', { count: g.minSelect })
      : g.maxSelect !== null && g.minSelect === 0
        ? `${t('item.optional')} · ${t('item.chooseUpTo', { count: g.maxSelect })}`
        : g.maxSelect !== null
          ? `${t('item.chooseAtLeast', { count: g.minSelect })} · ${t('item.chooseUpTo', { count: g.maxSelect })}`
          : t('item.chooseAtLeast', { count: g.minSelect });

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={item.name} size="lg">
      {item.variants.length > 1 ? (
        <div className="group">
          <div className="group-head">{t('item.variant')}</div>
          <Segmented
            label={t('item.variant')}
            value={variantId}
            onChange={setVariantId}
            options={item.variants.map((v) => ({ value: v.id, label: `${v.name} · ${money(v.price)}` }))}
          />
        </div>
      ) : null}
      {item.modifierGroups.map((g) => {
        const count = g.options.filter((o) => chosen.includes(o.id)).length;
        const ok = count >= g.minSelect && (g.maxSelect === null || count <= g.maxSelect);
        return (
          <fieldset key={g.id} className="group">
            <legend className="group-head">
              {g.name} <span className={`rule ${ok ? '' : 'rule-due'}`}>{rule(g)}</span>
            </legend>
            <div className="chips" role={g.maxSelect === 1 ? 'radiogroup' : 'group'} aria-label={g.name}>
              {g.options.map((o) => {
                const on = chosen.includes(o.id);
                return (
                  <button
                    key={o.id}
                    type="button"
                    role={g.maxSelect === 1 ? 'radio' : 'checkbox'}
                    aria-checked={on}
                    className={`chip chip-lg ${on ? 'chip-on' : ''}`}
                    onClick={() => toggle(g.id, o.id)}
                  >
                    {o.name}
                    {o.price ? <span className="chip-price">+{money(o.price)}</span> : null}
                  </button>
                );
              })}
            </div>
          </fieldset>
        );
      })}
      <label className="field">
        {t('item.notes')}
        <input
          className="input"
          value={notes}
          maxLength={500}
          placeholder={t('item.notesPlaceholder')}
          onChange={(e) => setNotes(e.target.value)}
        />
      </label>
      {children}
      <div className="row between">
        <div className="stepper" role="group" aria-label={t('item.quantity')}>
          <Button aria-label={t('item.decrease')} onClick={() => setQuantity((q) => Math.max(1, q - 1))}>
            −
          </Button>
          <output className="stepper-value" aria-live="polite" aria-label={t('item.quantity')}>
            {quantity}
          </output>
          <Button aria-label={t('item.increase')} onClick={() => setQuantity((q) => Math.min(999, q + 1))}>
            +
          </Button>
        </div>
        {onRemove ? (
          <Button variant="danger" onClick={onRemove}>
            {t('item.remove')}
          </Button>
        ) : null}
      </div>
      <Button variant="pay" size="lg" disabled={!valid} onClick={() => onSave(draft)}>
        {t(line ? 'item.update' : 'item.add', { amount: money(unit * quantity) })}
      </Button>
    </Dialog>
  );
}
