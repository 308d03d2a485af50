// The menu's categories: add one with the taxes its items carry (PB1 on food, none on retail…),
// change its name and taxes in place, put the categories in the order the registers show them,
// or remove (archive) one and restore it later.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { Button } from '../shared/ui/ui.tsx';
import { FormSection, PickField, TextField } from './forms.tsx';
import type { TaxRate } from './ItemEditor.tsx';
import { call } from './session.ts';

export type Category = Ok<'/v1/catalog/categories', 'get'>['items'][number];
type Change = { name?: string; taxRateIds?: string[]; sortOrder?: number; archived?: boolean };

/** The live categories in the registers' order (sortOrder, then name: the server's order). */
const ordered = (categories: Category[]) =>
  categories.filter((c) => !c.archived).sort((a, b) => a.sortOrder - b.sortOrder);

export function Categories({
  categories,
  taxes,
  onSaved,
  onError,
}: {
  categories: Category[];
  taxes: TaxRate[];
  onSaved: (c: Category) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Category | null>(null);
  const [name, setName] = useState('');
  const [taxIds, setTaxIds] = useState<string[]>([]);
  const [moving, setMoving] = useState(false);
  const edit = (c: Category | null) => {
    setEditing(c);
    setName(c?.name ?? '');
    setTaxIds(c?.taxRateIds ?? []);
  };
  const patch = (c: Category, body: Change) =>
    call((api) => api.PATCH('/v1/catalog/categories/{id}', { params: { path: { id: c.id } }, body }));
  const save = async () => {
    try {
      const live = ordered(categories);
      onSaved(
        editing
          ? await patch(editing, { name, taxRateIds: taxIds })
          : await call((api) =>
              api.POST('/v1/catalog/categories', {
                body: {
                  name,
                  taxRateIds: taxIds,
                  sortOrder: live.length ? live[live.length - 1]!.sortOrder + 10 : 0,
                },
              }),
            ),
      );
      edit(null);
    } catch (err) {
      onError(err);
    }
  };
  const archive = async (c: Category) => {
    try {
      onSaved(await patch(c, { archived: true }));
      if (editing?.id === c.id) {
        edit(null);
      }
    } catch (err) {
      onError(err);
    }
  };
  // Moving one category renumbers the list 0, 10, 20…; only the categories whose number changes are saved.
  const move = async (index: number, by: -1 | 1) => {
    const list = ordered(categories);
    const [c] = list.splice(index, 1);
    list.splice(index + by, 0, c!);
    setMoving(true);
    try {
      for (const [i, cat] of list.entries()) {
        if (cat.sortOrder !== i * 10) {
          onSaved(await patch(cat, { sortOrder: i * 10 }));
        }
      }
    } catch (err) {
      onError(err);
    } finally {
      setMoving(false);
    }
  };
  const taxName = (id: string) => {
    const x = taxes.find((r) => r.id === id);
    return x ? `${x.name} · ${x.ratePpm / 10_000}%` : '';
  };
  const live = ordered(categories);
  const archived = categories.filter((c) => c.archived);
  return (
    <FormSection
      id="cat-h"
      title={editing ? t('connect.editOf', { name: editing.name }) : t('menu.addCategory')}
      submit={editing ? t('settings.save') : t('menu.add')}
      onSubmit={save}
    >
      {live.length > 0 && (
        <ol className="rule-list" aria-label={t('menu.categories')}>
          {live.map((c, i) => (
            <li key={c.id} className="rule-row" aria-label={c.name}>
              <div>
                <strong>{c.name}</strong>
                <div className="muted small-text">
                  {c.taxRateIds.map(taxName).filter(Boolean).join(', ') || t('edit.noTaxes')}
                </div>
              </div>
              <div className="rule-actions">
                <Button
                  variant="ghost"
                  disabled={moving || i === 0}
                  onClick={() => void move(i, -1)}
                  aria-label={t('cats.moveUp', { name: c.name })}
                  title={t('cats.moveUp', { name: c.name })}
                >
                  ↑
                </Button>
                <Button
                  variant="ghost"
                  disabled={moving || i === live.length - 1}
                  onClick={() => void move(i, 1)}
                  aria-label={t('cats.moveDown', { name: c.name })}
                  title={t('cats.moveDown', { name: c.name })}
                >
                  ↓
                </Button>
                <Button
                  variant="ghost"
                  onClick={() => edit(c)}
                  aria-label={t('connect.editOf', { name: c.name })}
                >
                  {t('settings.edit')}
                </Button>
                <Button
                  variant="ghost"
                  onClick={() => void archive(c)}
                  aria-label={t('pricing.archiveOf', { name: c.name })}
                >
                  {t('pricing.archive')}
                </Button>
              </div>
            </li>
          ))}
        </ol>
      )}
      {archived.length > 0 && (
        <details className="archived-list">
          <summary>
            {t('cats.archivedTitle')} ({archived.length})
          </summary>
          <p className="muted small-text">{t('cats.archivedLead')}</p>
          <ul className="item-list" aria-label={t('cats.archivedTitle')}>
            {archived.map((c) => (
              <li key={c.id}>
                <span>{c.name}</span>
                <Button
                  variant="ghost"
                  aria-label={t('edit.restoreOf', { name: c.name })}
                  onClick={() => void patch(c, { archived: false }).then(onSaved).catch(onError)}
                >
                  {t('edit.restore')}
                </Button>
              </li>
            ))}
          </ul>
        </details>
      )}
      <TextField label={t('menu.name')} value={name} onChange={setName} required maxLength={100} />
      <PickField
        legend={t('edit.taxes')}
        hint={t('cats.taxesHint')}
        options={taxes
          .filter((x) => !x.archived || taxIds.includes(x.id))
          .map((x) => ({ value: x.id, label: taxName(x.id) }))}
        picked={taxIds}
        onChange={setTaxIds}
        className="options rule-chips"
      />
      {editing && (
        <Button variant="ghost" onClick={() => edit(null)}>
          {t('connect.cancel')}
        </Button>
      )}
    </FormSection>
  );
}
