import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { majorToMinor } from '../shared/money.ts';
import { Button } from '../shared/ui/ui.tsx';
import { useOffice } from './context.ts';
import { call } from './session.ts';
import { ChoiceLimits, choiceRule, ModifierGroupEditor } from './ModifierGroupEditor.tsx';

export type ModifierGroup = Ok<'/v1/catalog/modifier-groups', 'get'>['items'][number];

/** The modifier groups (toppings, sugar level…) with their priced options, and a form for a new one. */
export function ModifierGroups({
  groups,
  onSaved,
  onError,
}: {
  groups: ModifierGroup[];
  /** A group added, edited, archived or restored. */
  onSaved: (g: ModifierGroup) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const office = useOffice();
  const [editing, setEditing] = useState<ModifierGroup | null>(null);
  const live = groups.filter((g) => !g.archived);
  const archived = groups.filter((g) => g.archived);
  const restore = (g: ModifierGroup) =>
    void call((api) =>
      api.PATCH('/v1/catalog/modifier-groups/{id}', {
        params: { path: { id: g.id } },
        body: { archived: false },
      }),
    )
      .then(onSaved)
      .catch(onError);
  return (
    <section className="panel" aria-labelledby="mods-h">
      <h2 id="mods-h">{t('mods.title')}</h2>
      {live.length === 0 && <p className="muted">{t('mods.none')}</p>}
      <ul className="group-list">
        {live.map((g) => (
          <li key={g.id} aria-label={g.name}>
            <div className="item-head">
              <strong>{g.name}</strong>
              <span className="chip">{choiceRule(t, g.minSelect, g.maxSelect)}</span>
              <Button
                variant="ghost"
                className="push-right"
                onClick={() => setEditing(g)}
                aria-label={t('edit.editOf', { name: g.name })}
              >
                {t('edit.edit')}
              </Button>
            </div>
            <p className="muted small-text">
              {g.options
                .filter((o) => !o.archived)
                .map((o) => (o.price ? `${o.name} +${office.money(o.price)}` : o.name))
                .join(' · ')}
            </p>
          </li>
        ))}
      </ul>
      {archived.length > 0 && (
        <details className="archived-list">
          <summary>
            {t('edit.archivedGroups')} ({archived.length})
          </summary>
          <ul className="item-list" aria-label={t('edit.archivedGroups')}>
            {archived.map((g) => (
              <li key={g.id}>
                <span>{g.name}</span>
                <Button
                  variant="ghost"
                  aria-label={t('edit.restoreOf', { name: g.name })}
                  onClick={() => restore(g)}
                >
                  {t('edit.restore')}
                </Button>
              </li>
            ))}
          </ul>
        </details>
      )}
      <AddGroup onAdded={onSaved} onError={onError} />
      {editing && (
        <ModifierGroupEditor
          group={editing}
          onSaved={onSaved}
          onClose={() => setEditing(null)}
          onError={onError}
        />
      )}
    </section>
  );
}

interface OptionRow {
  name: string;
  price: string;
}

function AddGroup({
  onAdded,
  onError,
}: {
  onAdded: (g: ModifierGroup) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const office = useOffice();
  const [name, setName] = useState('');
  const [min, setMin] = useState('0');
  const [max, setMax] = useState('1');
  const [options, setOptions] = useState<OptionRow[]>([{ name: '', price: '' }]);
  const setOption = (i: number, patch: Partial<OptionRow>) =>
    setOptions((list) => list.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const group = await call((api) =>
        api.POST('/v1/catalog/modifier-groups', {
          body: {
            name,
            minSelect: Number(min || 0),
            maxSelect: max ? Number(max) : null,
            options: options
              .filter((o) => o.name.trim())
              .map((o) => ({
                name: o.name.trim(),
                price: majorToMinor(Number(o.price || 0), office.tenant.currency),
              })),
          },
        }),
      );
      onAdded(group);
      setName('');
      setMin('0');
      setMax('1');
      setOptions([{ name: '', price: '' }]);
    } catch (err) {
      onError(err);
    }
  };
  return (
    <form className="form sub-form" onSubmit={(e) => void submit(e)} aria-labelledby="add-group-h">
      <h3 id="add-group-h">{t('mods.add')}</h3>
      <label className="field">
        <span>{t('menu.name')}</span>
        <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <ChoiceLimits min={min} max={max} setMin={setMin} setMax={setMax} />
      <fieldset className="options">
        <legend>{t('mods.options')}</legend>
        {options.map((o, i) => (
          <div className="row-2" key={i}>
            <label className="field">
              <span className="visually-hidden">{t('mods.optionName', { n: i + 1 })}</span>
              <input
                aria-label={t('mods.optionName', { n: i + 1 })}
                placeholder={t('mods.optionName', { n: i + 1 })}
                required={i === 0}
                maxLength={100}
                value={o.name}
                onChange={(e) => setOption(i, { name: e.target.value })}
              />
            </label>
            <label className="field">
              <span className="visually-hidden">{t('mods.optionPrice', { n: i + 1 })}</span>
              <input
                aria-label={t('mods.optionPrice', { n: i + 1 })}
                placeholder="+0"
                inputMode="numeric"
                value={o.price}
                onChange={(e) => setOption(i, { price: e.target.value.replace(/[^\d.]/g, '') })}
              />
            </label>
          </div>
        ))}
        <Button
          type="button"
          variant="ghost"
          onClick={() => setOptions((l) => [...l, { name: '', price: '' }])}
        >
          {t('mods.addOption')}
        </Button>
      </fieldset>
      <Button type="submit" variant="primary">
        {t('mods.create')}
      </Button>
    </form>
  );
}

type Item = Ok<'/v1/catalog/items', 'get'>['items'][number];

/** Which modifier groups an item offers: ticking one saves it at once. */
export function ItemGroups({
  item,
  groups,
  onSaved,
  onError,
}: {
  item: Item;
  groups: ModifierGroup[];
  onSaved: (i: Item) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const set = async (groupId: string, on: boolean) => {
    const modifierGroupIds = on
      ? [...item.modifierGroupIds, groupId]
      : item.modifierGroupIds.filter((id) => id !== groupId);
    try {
      onSaved(
        await call((api) =>
          api.PATCH('/v1/catalog/items/{id}', {
            params: { path: { id: item.id } },
            body: { modifierGroupIds },
          }),
        ),
      );
    } catch (err) {
      onError(err);
    }
  };
  return (
    <details className="item-groups">
      <summary>{t('mods.ofItem', { name: item.name })}</summary>
      <div role="group" aria-label={t('mods.ofItem', { name: item.name })} className="rule-chips">
        {groups.map((g) => (
          <label key={g.id} className="check">
            <input
              type="checkbox"
              checked={item.modifierGroupIds.includes(g.id)}
              onChange={(e) => void set(g.id, e.target.checked)}
            />
            <span>{g.name}</span>
          </label>
        ))}
      </div>
    </details>
  );
}
