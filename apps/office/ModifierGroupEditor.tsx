import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { majorToMinor, minorToMajor } from '../shared/money.ts';
import { Button, Dialog } from '../shared/ui/ui.tsx';
import { useOffice } from './context.ts';
import { EditorActions, TextField } from './forms.tsx';
import type { ModifierGroup } from './ModifierGroups.tsx';
import { call } from './session.ts';

/** How many a customer picks, in words: "pick 1", "up to 3", "1–2", "any". */
export function choiceRule(
  t: (k: string, o?: Record<string, unknown>) => string,
  min: number,
  max: number | null,
): string {
  if (max === null) {
    return min === 0 ? t('mods.any') : t('mods.atLeast', { min });
  }
  if (min === max) {
    return t('mods.exactly', { count: min });
  }
  return min === 0 ? t('mods.upTo', { max }) : t('mods.between', { min, max });
}

interface OptionRow {
  /** Absent for an option added here. */
  id?: string;
  name: string;
  price: string;
}

/**
 * A modifier group in full, in a dialog: name, how many a customer picks (at least / at most), the
 * options with their extra prices (add, rename, reprice, remove) and archive. One PATCH with the
 * full option list: options left out are archived by the server, so old sales keep their names.
 */
export function ModifierGroupEditor({
  group,
  onSaved,
  onClose,
  onError,
}: {
  group: ModifierGroup;
  onSaved: (g: ModifierGroup) => void;
  onClose: () => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const office = useOffice();
  const currency = office.tenant.currency;
  const [name, setName] = useState(group.name);
  const [min, setMin] = useState(String(group.minSelect));
  const [max, setMax] = useState(group.maxSelect === null ? '' : String(group.maxSelect));
  const [options, setOptions] = useState<OptionRow[]>(() =>
    group.options
      .filter((o) => !o.archived)
      .map((o) => ({
        id: o.id,
        name: o.name,
        price: o.price ? String(minorToMajor(o.price, currency)) : '',
      })),
  );
  const [busy, setBusy] = useState(false);
  const setOption = (i: number, patch: Partial<OptionRow>) =>
    setOptions((list) => list.map((o, j) => (j === i ? { ...o, ...patch } : o)));

  const patch = async (body: {
    name?: string;
    minSelect?: number;
    maxSelect?: number | null;
    options?: Array<{ id?: string; name: string; price: number }>;
    archived?: boolean;
  }) => {
    setBusy(true);
    try {
      onSaved(
        await call((api) =>
          api.PATCH('/v1/catalog/modifier-groups/{id}', { params: { path: { id: group.id } }, body }),
        ),
      );
      onClose();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void patch({
      name: name.trim(),
      minSelect: Number(min || 0),
      maxSelect: max ? Number(max) : null,
      options: options.map((o) => ({
        ...(o.id ? { id: o.id } : {}),
        name: o.name.trim(),
        price: majorToMinor(Number(o.price || 0), currency),
      })),
    });
  };
  const rule = choiceRule(t, Number(min || 0), max ? Number(max) : null);

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('edit.editOf', { name: group.name })}>
      <form className="form editor" aria-label={t('edit.editOf', { name: group.name })} onSubmit={submit}>
        <TextField label={t('edit.name')} value={name} onChange={setName} required maxLength={100} />
        <ChoiceLimits className="row-2 even" min={min} max={max} setMin={setMin} setMax={setMax} />
        <p className="muted small-text">
          <span className="chip">{rule}</span>
        </p>
        <fieldset className="options variant-rows">
          <legend>{t('mods.options')}</legend>
          {options.map((o, i) => (
            <div className="variant-row" key={o.id ?? `new-${i}`}>
              <input
                aria-label={t('edit.optionName', { n: i + 1 })}
                required
                maxLength={100}
                value={o.name}
                onChange={(e) => setOption(i, { name: e.target.value })}
              />
              <input
                aria-label={t('edit.optionPrice', { n: i + 1 })}
                placeholder="+0"
                inputMode="numeric"
                value={o.price}
                onChange={(e) => setOption(i, { price: e.target.value.replace(/[^\d.]/g, '') })}
              />
              <span className="muted small-text num">
                +{office.money(majorToMinor(Number(o.price || 0), currency))}
              </span>
              <Button
                variant="ghost"
                disabled={options.length === 1}
                aria-label={t('edit.removeOption', { n: i + 1 })}
                onClick={() => setOptions((list) => list.filter((_, j) => j !== i))}
              >
                ✕
              </Button>
            </div>
          ))}
          <Button
            variant="ghost"
            disabled={options.length >= 100}
            onClick={() => setOptions((list) => [...list, { name: '', price: '' }])}
          >
            {t('edit.addOption')}
          </Button>
        </fieldset>
        <EditorActions
          archiveLabel={t('edit.groupArchive')}
          onArchive={() => void patch({ archived: true })}
          onClose={onClose}
          busy={busy}
        />
      </form>
    </Dialog>
  );
}

/** How many options a guest must and may choose: digits only, an empty maximum is "no limit". */
export function ChoiceLimits(p: {
  min: string;
  max: string;
  setMin: (v: string) => void;
  setMax: (v: string) => void;
  className?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className={p.className ?? 'row-2'}>
      <label className="field">
        <span>{t('mods.min')}</span>
        <input
          inputMode="numeric"
          value={p.min}
          onChange={(e) => p.setMin(e.target.value.replace(/\D/g, ''))}
        />
      </label>
      <label className="field">
        <span>{t('mods.max')}</span>
        <input
          inputMode="numeric"
          placeholder={t('mods.noMax')}
          value={p.max}
          onChange={(e) => p.setMax(e.target.value.replace(/\D/g, ''))}
        />
      </label>
    </div>
  );
}
