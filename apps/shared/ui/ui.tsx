// Kasir's small design system, on Radix UI primitives (dialogs, toasts: focus trap, Escape,
// aria wiring). Touch targets are at least 44 px (pay and tender keys 56 px); everything works by
// keyboard and has an accessible name, so tests find elements by role and name.
import * as DialogPrimitive from '@radix-ui/react-dialog';
import * as ToastPrimitive from '@radix-ui/react-toast';
import {
  createContext,
  useCallback,
  useContext,
  useState,
  type ButtonHTMLAttributes,
  type ReactNode,
} from 'react';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger' | 'pay';
export function Button({
  variant = 'secondary',
  size = 'md',
  className = '',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: 'md' | 'lg' | 'xl' }) {
  return <button type="button" className={`btn btn-${variant} btn-${size} ${className}`} {...props} />;
}

/** A 3×4 numeric keypad; `onKey` gets a digit, '00', or 'back'. */
export function Numpad({
  onKey,
  label,
  extra = '00',
}: {
  onKey: (key: string) => void;
  label: string;
  extra?: '00' | 'clear';
}) {
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', extra, '0', 'back'];
  return (
    <div className="numpad" role="group" aria-label={label}>
      {keys.map((k) => (
        <button
          key={k}
          type="button"
          className="numpad-key"
          aria-label={k === 'back' ? 'Backspace' : k === 'clear' ? 'Clear' : k}
          onClick={() => onKey(k)}
        >
          {k === 'back' ? '⌫' : k === 'clear' ? 'C' : k}
        </button>
      ))}
    </div>
  );
}

/** Appends a numpad key to a digit string. */
export function applyKey(value: string, key: string, maxLength = 12): string {
  if (key === 'back') {
    return value.slice(0, -1);
  }
  if (key === 'clear') {
    return '';
  }
  const next = (value + key).replace(/^0+(?=\d)/, '');
  return next.length > maxLength ? value : next;
}

export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  size = 'md',
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  children: ReactNode;
  size?: 'md' | 'lg' | 'full';
}) {
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="dialog-overlay" />
        <DialogPrimitive.Content
          className={`dialog dialog-${size}`}
          {...(description ? {} : { 'aria-describedby': undefined })}
        >
          <header className="dialog-header">
            <DialogPrimitive.Title className="dialog-title">{title}</DialogPrimitive.Title>
            <DialogPrimitive.Close className="btn btn-ghost btn-md dialog-close" aria-label="Close">
              ✕
            </DialogPrimitive.Close>
          </header>
          {description ? (
            <DialogPrimitive.Description className="dialog-description">
              {description}
            </DialogPrimitive.Description>
          ) : null}
          <div className="dialog-body">{children}</div>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}

type Toast = { id: number; title: string; tone: 'info' | 'error' | 'success' };
const ToastContext = createContext<(title: string, tone?: Toast['tone']) => void>(() => undefined);
export const useToast = () => useContext(ToastContext);

export function Toasts({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push = useCallback((title: string, tone: Toast['tone'] = 'info') => {
    setToasts((t) => [...t.slice(-1), { id: Date.now() + Math.random(), title, tone }]);
  }, []);
  return (
    <ToastContext.Provider value={push}>
      <ToastPrimitive.Provider swipeDirection="right" duration={4000}>
        {children}
        {toasts.map((t) => (
          <ToastPrimitive.Root
            key={t.id}
            className={`toast toast-${t.tone}`}
            type={t.tone === 'error' ? 'foreground' : 'background'}
            duration={t.tone === 'success' ? 2500 : undefined}
            onOpenChange={(open) => {
              if (!open) {
                setToasts((all) => all.filter((x) => x.id !== t.id));
              }
            }}
          >
            <ToastPrimitive.Title>{t.title}</ToastPrimitive.Title>
          </ToastPrimitive.Root>
        ))}
        <ToastPrimitive.Viewport className="toast-viewport" />
      </ToastPrimitive.Provider>
    </ToastContext.Provider>
  );
}

export function StatusPill({ status, label }: { status: 'live' | 'connecting' | 'offline'; label: string }) {
  return (
    <span className={`pill pill-${status}`} role="status" aria-label={label}>
      <span className="pill-dot" aria-hidden="true" />
      {label}
    </span>
  );
}

/** A row of mutually exclusive choices (radio group semantics). */
export function Segmented<T extends string>({
  value,
  options,
  onChange,
  label,
}: {
  value: T;
  /** `disabled`: shown but not choosable (e.g. a gateway tender offline); `title` says why. */
  options: { value: T; label: string; disabled?: boolean; title?: string }[];
  onChange: (v: T) => void;
  label: string;
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={o.value === value}
          disabled={o.disabled}
          title={o.title}
          className={`segment ${o.value === value ? 'segment-on' : ''}`}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

const icon = (d: string) =>
  function Icon() {
    return (
      <svg
        width="20"
        height="20"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
      >
        <path d={d} />
      </svg>
    );
  };
export const LockIcon = icon('M6 11h12v10H6zM8 11V7a4 4 0 0 1 8 0v4');
export const PercentIcon = icon(
  'M19 5 5 19M7 5a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM17 15a2 2 0 1 1 0 4 2 2 0 0 1 0-4z',
);
export const QrIcon = icon(
  'M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h2v2h-2zM18 18h2v2h-2zM14 18h2M18 14h2',
);
