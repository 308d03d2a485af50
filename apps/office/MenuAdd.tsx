import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { majorToMinor } from '../shared/money.ts';
import { Button } from '../shared/ui/ui.tsx';
import { useOffice } from './context.ts';
import { type ModifierGroup } from './ModifierGroups.tsx';
import { ImageField } from './ImageField.tsx';
import { FormSection, TextField } from './forms.tsx';
import { call } from './session.ts';

export type Item = Ok<'/v1/catalog/items', 'get'>['items'][number];
export type Category = Ok<'/v1/catalog/categories', 'get'>['items'][number];

/** The menu screen's forms for a new item (with picture and modifier groups) and a new category. */
export function AddItem({
  categories,
  groups,
  onAdded,
  onError,
}: {
  categories: Category[];
  groups: ModifierGroup[];
  onAdded: (i: Item) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const office = useOffice();
  const [name, setName] = useState('');
  const [price, setPrice] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [image, setImage] = useState<{ id: string; url: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const item = await call((api) =>
        api.POST('/v1/catalog/items', {
          body: {
            name,
            ...(categoryId ? { categoryId } : {}),
            modifierGroupIds: groupIds,
            ...(image ? { imageId: image.id } : {}),
            variants: [{ name: 'Regular', price: majorToMinor(Number(price), office.tenant.currency) }],
          },
        }),
      );
      onAdded(item);
      setName('');
      setPrice('');
      setGroupIds([]);
      setImage(null);
    } catch (err) {
      onError(err);
    }
  };
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} aria-labelledby="add-item-h">
      <h2 id="add-item-h">{t('menu.addItem')}</h2>
      <label className="field">
        <span>{t('menu.name')}</span>
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('menu.price')}</span>
        <input
          required
          inputMode="numeric"
          value={price}
          onChange={(e) => setPrice(e.target.value.replace(/[^\d.]/g, ''))}
        />
      </label>
      <label className="field">
        <span>{t('menu.category')}</span>
        <select value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
          <option value="">{t('menu.noCategory')}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {groups.length > 0 && (
        <fieldset className="options">
          <legend>{t('mods.title')}</legend>
          {groups.map((g) => (
            <label key={g.id} className="check">
              <input
                type="checkbox"
                checked={groupIds.includes(g.id)}
                onChange={(e) =>
                  setGroupIds((ids) => (e.target.checked ? [...ids, g.id] : ids.filter((x) => x !== g.id)))
                }
              />
              <span>{g.name}</span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="field">
        <span>{t('media.picture')}</span>
        <ImageField
          label={t('media.newPicture')}
          url={image?.url ?? null}
          onUploaded={(i) => setImage(i)}
          onError={onError}
        />
      </div>
      <Button type="submit" variant="primary">
        {t('menu.add')}
      </Button>
    </form>
  );
}

/** The menu's categories: add one, rename one in place, or remove (archive) it. */
export function Categories({
  categories,
  onSaved,
  onError,
}: {
  categories: Category[];
  onSaved: (c: Category) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Category | null>(null);
  const [name, setName] = useState('');
  const edit = (c: Category | null) => {
    setEditing(c);
    setName(c?.name ?? '');
  };
  const save = async (body: { name?: string; archived?: boolean }, c: Category | null) => {
    try {
      onSaved(
        c
          ? await call((api) =>
              api.PATCH('/v1/catalog/categories/{id}', { params: { path: { id: c.id } }, body }),
            )
          : await call((api) => api.POST('/v1/catalog/categories', { body: { name } })),
      );
      edit(null);
    } catch (err) {
      onError(err);
    }
  };
  const live = categories.filter((c) => !c.archived);
  return (
    <FormSection
      id="cat-h"
      title={editing ? t('connect.editOf', { name: editing.name }) : t('menu.addCategory')}
      submit={editing ? t('settings.save') : t('menu.add')}
      onSubmit={() => save({ name }, editing)}
    >
      {live.length > 0 && (
        <ul className="rule-list" aria-label={t('menu.categories')}>
          {live.map((c) => (
            <li key={c.id} className="rule-row" aria-label={c.name}>
              <strong>{c.name}</strong>
              <div className="rule-actions">
                <Button
                  variant="ghost"
                  onClick={() => edit(c)}
                  aria-label={t('connect.editOf', { name: c.name })}
                >
                  {t('settings.edit')}
                </Button>
                <Button
                  variant="ghost"
                  onClick={() => void save({ archived: true }, c)}
                  aria-label={t('pricing.archiveOf', { name: c.name })}
                >
                  {t('pricing.archive')}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <TextField label={t('menu.name')} value={name} onChange={setName} required maxLength={100} />
    </FormSection>
  );
}
