// The email + password sign-in shared by the back office, the kitchen display and the waiter app,
// and the Indonesian / English switch. Each app keeps its own look through the class names it
// passes; the behaviour (busy state, "wrong email or password" on a 401, the error line) is one.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';
import { LANGUAGES, type Language } from '../i18n.ts';
import { Button, Segmented } from './ui.tsx';

/** Indonesian / English; `remember` keeps the choice (per app, or per person on the register). */
export function LanguageSwitch({ label, remember }: { label: string; remember: (lang: Language) => void }) {
  const { i18n } = useTranslation();
  return (
    <Segmented
      label={label}
      value={i18n.language === 'id' ? 'id' : 'en'}
      onChange={(lang) => {
        void i18n.changeLanguage(lang);
        remember(lang);
      }}
      options={LANGUAGES.map((l) => ({ value: l.code, label: l.code.toUpperCase() }))}
    />
  );
}

export interface SignInLook {
  screen: string;
  card: string;
  brand: string;
  field: string;
  input?: string;
  lead: string;
  error: string;
  submit: 'primary' | 'pay';
}

/** Uses the app's strings `signIn.title|lead|email|password|submit|failed`. */
export function PasswordSignIn({
  signIn,
  title,
  look,
  footer,
}: {
  signIn: (email: string, password: string) => Promise<unknown>;
  title?: string;
  look: SignInLook;
  footer: ReactNode;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401 ? t('signIn.failed') : String((err as Error).message),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className={look.screen}>
      <form className={look.card} onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <div className={look.brand} aria-hidden="true">
          K
        </div>
        <h1 id="signin-title">{title ?? t('signIn.title')}</h1>
        <p className={look.lead}>{t('signIn.lead')}</p>
        <label className={look.field}>
          <span>{t('signIn.email')}</span>
          <input
            className={look.input}
            type="email"
            autoComplete="username"
            inputMode="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className={look.field}>
          <span>{t('signIn.password')}</span>
          <input
            className={look.input}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className={look.error}>
            {error}
          </p>
        )}
        <Button type="submit" variant={look.submit} size="lg" disabled={busy}>
          {t('signIn.submit')}
        </Button>
        {footer}
      </form>
    </main>
  );
}
