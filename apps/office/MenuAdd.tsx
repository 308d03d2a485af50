import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { majorToMinor } from '../shared/money.ts';
import { Button } from '../shared/ui/ui.tsx';
import { useOffice } from './context.ts';
import { type ModifierGroup } from './ModifierGroups.tsx';
import { ImageField } from './ImageField.tsx';
import { call } from './session.ts';

export type Item = Ok<'/v1/catalog/items', 'get'>['items'][number];
import type { Category } from './MenuCategories.tsx';

/** The menu screen's form for a new item (with picture and modifier groups). */
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
