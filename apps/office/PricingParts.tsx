// The pieces the pricing panels (taxes, service charges, discounts) share: panel, row, form, save and archive.
import { type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { Button } from '../shared/ui/ui.tsx';
import { call } from './session.ts';

type TaxRate = Ok<'/v1/catalog/tax-rates', 'get'>['items'][number];
type ServiceCharge = Ok<'/v1/catalog/service-charges', 'get'>['items'][number];
type Discount = Ok<'/v1/catalog/discounts', 'get'>['items'][number];

export function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function Row({
  name,
  chips,
  onEdit,
  onArchive,
}: {
  name: string;
  chips: string[];
  onEdit: () => void;
  onArchive: () => void;
}) {
  const { t } = useTranslation();
  return (
    <li className="rule-row" aria-label={name}>
      <div>
        <strong>{name}</strong>
        <div className="rule-chips">
          {chips.map((c) => (
            <span key={c} className="chip soft">
              {c}
            </span>
          ))}
        </div>
      </div>
      <div className="rule-actions">
        <Button variant="ghost" aria-label={t('connect.editOf', { name })} onClick={onEdit}>
          {t('settings.edit')}
        </Button>
        <Button variant="ghost" aria-label={t('pricing.archiveOf', { name })} onClick={onArchive}>
          {t('pricing.archive')}
        </Button>
      </div>
    </li>
  );
}

/**
 * The add-or-edit form under a list: "New …" with Add, or "Edit <name>" with Save and Cancel.
 * `onSubmit` resolves true when the rule was stored (the form then empties).
 */
export function RuleForm({
  title,
  editing,
  onSubmit,
  onCancel,
  disabled = false,
  children,
}: {
  title: string;
  editing: string | null;
  onSubmit: () => Promise<boolean>;
  onCancel: () => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const label = editing ? t('connect.editOf', { name: editing }) : title;
  return (
    <form
      className="form sub-form"
      aria-label={label}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void onSubmit().then((ok) => ok && onCancel());
      }}
    >
      <h3>{label}</h3>
      {children}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={disabled}>
          {editing ? t('settings.save') : t('menu.add')}
        </Button>
        {editing && (
          <Button variant="ghost" onClick={onCancel}>
            {t('connect.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}

/** Runs a save: the stored rule goes to `onSaved`, a failure to `onError`; true when stored. */
export function useRun<T>({ onSaved, onError }: Props<T>) {
  return async (f: () => Promise<T>) => {
    try {
      onSaved(await f());
      return true;
    } catch (err) {
      onError(err);
      return false;
    }
  };
}

export interface Props<T> {
  onSaved: (x: T) => void;
  onError: (e: unknown) => void;
}

/** A ppm rate as the percent people type: 110000 → "11", 25000 → "2.5". */
export const ppmText = (ppm: number) => String(ppm / 10_000);
export const decimal = (v: string) => v.replace(/[^\d.]/g, '');

/** Archives a rule by its route; the archived rule comes back to `run`. */
export function archive(path: '/v1/catalog/tax-rates/{id}', id: string): Promise<TaxRate>;
export function archive(path: '/v1/catalog/service-charges/{id}', id: string): Promise<ServiceCharge>;
export function archive(path: '/v1/catalog/discounts/{id}', id: string): Promise<Discount>;
export function archive(
  path: '/v1/catalog/tax-rates/{id}' | '/v1/catalog/service-charges/{id}' | '/v1/catalog/discounts/{id}',
  id: string,
) {
  const req = { params: { path: { id } }, body: { archived: true } };
  return call((api) => api.PATCH(path, req));
}
