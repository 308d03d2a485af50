import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { majorToMinor, minorToMajor } from '../shared/money.ts';
import { Button, Dialog } from '../shared/ui/ui.tsx';
import { useOffice } from './context.ts';
import { CheckField, EditorActions, SelectField, TextField } from './forms.tsx';
import { ImageField } from './ImageField.tsx';
import type { Item } from './MenuAdd.tsx';
import type { Category } from './MenuCategories.tsx';
import { call } from './session.ts';

export type TaxRate = Ok<'/v1/catalog/tax-rates', 'get'>['items'][number];

interface VariantRow {
  /** Absent for a variant added here. */
  id?: string;
  name: string;
  price: string;
}

/** The item without its archived variants: what the office shows and sends back as the full list. */
export function liveVariants(item: Item): Item {
  return { ...item, variants: item.variants.filter((v) => !v.archived) };
}

/**
 * An item in full, in a dialog: name, category, description, picture, taxes (the category's or its
 * own), variants (add, rename, reprice, remove) and archive. Saving sends one PATCH with the full
 * variant list: the server archives the variants left out, so sales that used them keep their name.
 */
export function ItemEditor({
  item,
  categories,
  taxes,
  onSaved,
  onClose,
  onError,
}: {
  item: Item;
  categories: Category[];
  taxes: TaxRate[];
  onSaved: (i: Item) => void;
  onClose: () => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const office = useOffice();
  const currency = office.tenant.currency;
  const [name, setName] = useState(item.name);
  const [categoryId, setCategoryId] = useState(item.categoryId ?? '');
  const [description, setDescription] = useState(item.description ?? '');
  const [own, setOwn] = useState(item.overrideCategoryTaxes);
  const [taxIds, setTaxIds] = useState<string[]>(item.taxRateIds);
  const [image, setImage] = useState<{ id: string; url: string } | null>(
    item.imageId && item.imageUrl ? { id: item.imageId, url: item.imageUrl } : null,
  );
  const [variants, setVariants] = useState<VariantRow[]>(() =>
    item.variants
      .filter((v) => !v.archived)
      .map((v) => ({ id: v.id, name: v.name, price: String(minorToMajor(v.price, currency)) })),
  );
  const [busy, setBusy] = useState(false);
  const setVariant = (i: number, patch: Partial<VariantRow>) =>
    setVariants((list) => list.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  const category = categories.find((c) => c.id === categoryId);
  const taxName = (id: string) => taxes.find((x) => x.id === id)?.name ?? '';

  const patch = async (body: Parameters<typeof send>[0]) => {
    setBusy(true);
    try {
      onSaved(await send(body));
      onClose();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  const send = (body: {
    name?: string;
    categoryId?: string | null;
    description?: string | null;
    imageId?: string | null;
    overrideCategoryTaxes?: boolean;
    taxRateIds?: string[];
    variants?: Array<{ id?: string; name: string; price: number }>;
    archived?: boolean;
  }) => call((api) => api.PATCH('/v1/catalog/items/{id}', { params: { path: { id: item.id } }, body }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void patch({
      name: name.trim(),
      categoryId: categoryId || null,
      description: description.trim() || null,
      ...(image?.id !== item.imageId ? { imageId: image?.id ?? null } : {}),
      overrideCategoryTaxes: own,
      ...(own ? { taxRateIds: taxIds } : {}),
      variants: variants.map((v) => ({
        ...(v.id ? { id: v.id } : {}),
        name: v.name.trim(),
        price: majorToMinor(Number(v.price || 0), currency),
      })),
    });
  };

  return (
    <Dialog
      open
      size="lg"
      onOpenChange={(o) => !o && onClose()}
      title={t('edit.editOf', { name: item.name })}
    >
      <form className="form editor" aria-label={t('edit.editOf', { name: item.name })} onSubmit={submit}>
        <div className="editor-grid">
          <div className="form">
            <TextField label={t('edit.name')} value={name} onChange={setName} required maxLength={200} />
            <SelectField
              label={t('edit.category')}
              value={categoryId}
              onChange={setCategoryId}
              options={[
                { value: '', label: t('menu.noCategory') },
                ...categories
                  .filter((c) => !c.archived || c.id === item.categoryId)
                  .map((c) => ({ value: c.id, label: c.name })),
              ]}
            />
            <TextField
              label={t('edit.description')}
              value={description}
              onChange={setDescription}
              rows={2}
              maxLength={2000}
            />
          </div>
          <div className="field">
            <span>{t('media.picture')}</span>
            <ImageField
              label={t('media.pictureOf', { name: item.name })}
              url={image?.url ?? null}
              onUploaded={(i) => setImage(i)}
              onError={onError}
            />
          </div>
        </div>
        <fieldset className="options">
          <legend>{t('edit.taxes')}</legend>
          <CheckField label={t('edit.ownTaxes')} checked={own} onChange={setOwn} />
          {own ? (
            <div role="group" aria-label={t('edit.taxes')} className="rule-chips">
              {taxes
                .filter((x) => !x.archived || taxIds.includes(x.id))
                .map((x) => (
                  <CheckField
                    key={x.id}
                    label={`${x.name} · ${x.ratePpm / 10_000}%`}
                    checked={taxIds.includes(x.id)}
                    onChange={(on) => setTaxIds((l) => (on ? [...l, x.id] : l.filter((y) => y !== x.id)))}
                  />
                ))}
            </div>
          ) : (
            <p className="muted small-text">
              {t('edit.categoryTaxes')}:{' '}
              {(category?.taxRateIds ?? []).map(taxName).filter(Boolean).join(', ') || t('edit.noTaxes')}
            </p>
          )}
        </fieldset>
        <fieldset className="options variant-rows">
          <legend>{t('edit.variants')}</legend>
          {variants.map((v, i) => (
            <div className="variant-row" key={v.id ?? `new-${i}`}>
              <input
                aria-label={t('edit.variantName', { n: i + 1 })}
                required
                maxLength={100}
                value={v.name}
                onChange={(e) => setVariant(i, { name: e.target.value })}
              />
              <input
                aria-label={t('edit.variantPrice', { n: i + 1 })}
                required
                inputMode="numeric"
                value={v.price}
                onChange={(e) => setVariant(i, { price: e.target.value.replace(/[^\d.]/g, '') })}
              />
              <span className="muted small-text num">
                {office.money(majorToMinor(Number(v.price || 0), currency))}
              </span>
              <Button
                variant="ghost"
                disabled={variants.length === 1}
                aria-label={t('edit.removeVariant', { n: i + 1 })}
                title={variants.length === 1 ? t('edit.oneVariant') : undefined}
                onClick={() => setVariants((list) => list.filter((_, j) => j !== i))}
              >
                ✕
              </Button>
            </div>
          ))}
          <Button
            variant="ghost"
            disabled={variants.length >= 50}
            onClick={() => setVariants((list) => [...list, { name: '', price: '' }])}
          >
            {t('edit.addVariant')}
          </Button>
        </fieldset>
        <EditorActions
          archiveLabel={t('edit.archive')}
          onArchive={() => void patch({ archived: true })}
          onClose={onClose}
          busy={busy}
        />
      </form>
    </Dialog>
  );
}
