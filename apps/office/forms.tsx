import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, useToast } from '../shared/ui/ui.tsx';

/**
 * One form panel of the back office: a titled section whose submit runs `onSubmit` (errors go to
 * the caller's toast). Screens compose it with the field helpers below, so every form looks and
 * behaves the same (labels, 44 px targets, one primary button).
 */
export function FormSection({
  id,
  title,
  submit,
  onSubmit,
  children,
  busy = false,
  disabled = false,
}: {
  /** Heading id: the form's accessible name. */
  id: string;
  title: string;
  /** The submit button's text. */
  submit: string;
  onSubmit: () => Promise<void>;
  children: ReactNode;
  busy?: boolean;
  disabled?: boolean;
}) {
  return (
    <form
      className="panel form"
      aria-labelledby={id}
      aria-busy={busy || undefined}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      <h2 id={id}>{title}</h2>
      {children}
      <Button type="submit" variant="primary" disabled={busy || disabled}>
        {submit}
      </Button>
    </form>
  );
}

/** A labelled text input (or textarea with `rows`). */
export function TextField({
  label,
  value,
  onChange,
  required = false,
  maxLength,
  rows,
  placeholder,
  type = 'text',
  hint,
  disabled = false,
  inputMode,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  required?: boolean;
  maxLength?: number;
  rows?: number;
  placeholder?: string;
  type?: 'text' | 'url' | 'email' | 'password';
  hint?: string;
  disabled?: boolean;
  inputMode?: 'decimal' | 'numeric';
}) {
  return (
    <label className="field">
      <span>{label}</span>
      {rows ? (
        <textarea
          rows={rows}
          required={required}
          maxLength={maxLength}
          placeholder={placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input
          type={type}
          inputMode={inputMode}
          disabled={disabled}
          required={required}
          maxLength={maxLength}
          placeholder={placeholder}
          autoComplete={type === 'password' ? 'new-password' : undefined}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {hint && <span className="muted small-text">{hint}</span>}
    </label>
  );
}

/** A labelled select over value/label pairs. */
export function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
  disabled = false,
}: {
  label: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (v: T) => void;
  disabled?: boolean;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A labelled checkbox. */
export function CheckField({
  label,
  checked,
  onChange,
  disabled = false,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span>{label}</span>
    </label>
  );
}

/** A fieldset of checkboxes that picks some of `options` (outlets, permissions, dining options). */
export function PickField<T extends string>({
  legend,
  hint,
  options,
  picked,
  onChange,
  className = 'options',
}: {
  legend: string;
  hint?: string;
  options: ReadonlyArray<{ value: T; label: string }>;
  picked: readonly T[];
  onChange: (v: T[]) => void;
  className?: string;
}) {
  return (
    <fieldset className={className}>
      <legend>{legend}</legend>
      {hint && <p className="muted small-text">{hint}</p>}
      {options.map((o) => (
        <CheckField
          key={o.value}
          label={o.label}
          checked={picked.includes(o.value)}
          onChange={(on) => onChange(on ? [...picked, o.value] : picked.filter((x) => x !== o.value))}
        />
      ))}
    </fieldset>
  );
}

/** A saved row put in its list: it replaces the row with its id, or is added at the end. */
export function upsert<T extends { id: string }>(list: readonly T[], saved: T): T[] {
  return list.some((x) => x.id === saved.id)
    ? list.map((x) => (x.id === saved.id ? saved : x))
    : [...list, saved];
}

/** A failed call shown as a toast with the server's message. */
export function useFail(): (err: unknown) => void {
  const { t } = useTranslation();
  const toast = useToast();
  return (err: unknown) => toast(t('error.generic', { message: (err as Error).message }));
}

/** An editor dialog's footer: archive on the left, cancel and save on the right. */
export function EditorActions({
  archiveLabel,
  onArchive,
  onClose,
  busy,
}: {
  archiveLabel: string;
  onArchive: () => void;
  onClose: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="form-actions editor-actions">
      <Button variant="ghost" className="danger-text" disabled={busy} onClick={onArchive}>
        {archiveLabel}
      </Button>
      <span className="push-right" />
      <Button variant="ghost" onClick={onClose}>
        {t('edit.cancel')}
      </Button>
      <Button type="submit" variant="primary" disabled={busy}>
        {t('edit.save')}
      </Button>
    </div>
  );
}
