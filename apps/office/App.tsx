import { LanguageSwitch as SharedLanguageSwitch, PasswordSignIn } from '../shared/ui/sign-in.tsx';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../shared/money.ts';
import { Button, Toasts } from '../shared/ui/ui.tsx';
import { dayIn, OfficeCtx, type OfficeContext, type Outlet } from './context.ts';
import { Dashboard } from './Dashboard.tsx';
import { Inventory } from './inventory/Inventory.tsx';
import { MenuScreen } from './MenuScreen.tsx';
import { Pricing } from './Pricing.tsx';
import { Registers } from './Registers.tsx';
import { Reports } from './Reports.tsx';
import { Restaurant } from './Restaurant.tsx';
import { call, onSessionChange, session, signIn, signOut } from './session.ts';
import { Settings } from './Settings.tsx';
import { Staff } from './Staff.tsx';

export function App() {
  const [signedIn, setSignedIn] = useState(session() !== null);
  useEffect(() => onSessionChange(() => setSignedIn(session() !== null)), []);
  return <Toasts>{signedIn ? <Shell /> : <SignIn />}</Toasts>;
}

function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <SharedLanguageSwitch
      label={t('app.language')}
      remember={(l) => localStorage.setItem('kasir.office.lang', l)}
    />
  );
}

function SignIn() {
  return (
    <PasswordSignIn
      signIn={signIn}
      look={{
        screen: 'signin',
        card: 'signin-card',
        brand: 'brand-mark',
        field: 'field',
        lead: 'muted',
        error: 'error',
        submit: 'primary',
      }}
      footer={
        <div className="signin-lang">
          <LanguageSwitch />
        </div>
      }
    />
  );
}

type Section =
  'dashboard' | 'reports' | 'menu' | 'pricing' | 'inventory' | 'floor' | 'registers' | 'staff' | 'settings';

function Shell() {
  const { t } = useTranslation();
  const [tenant, setTenant] = useState<OfficeContext['tenant'] | null>(null);
  const [outlets, setOutlets] = useState<Outlet[]>([]);
  const [outletId, setOutletId] = useState<string | null>(null);
  const [section, setSection] = useState<Section>('dashboard');
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      try {
        const [tn, os] = await Promise.all([
          call((api) => api.GET('/v1/tenant')),
          call((api) => api.GET('/v1/outlets', { params: { query: { limit: 100 } } })),
        ]);
        setTenant({ name: tn.name, currency: tn.currency, timezone: tn.timezone, locale: tn.locale });
        setOutlets(os.items.map((o) => ({ id: o.id, name: o.name, timezone: o.timezone ?? null })));
      } catch (err) {
        setFailure((err as Error).message);
      }
    })();
  }, []);

  const ctx = useMemo<OfficeContext | null>(
    () =>
      tenant && {
        tenant,
        outlets,
        outletId,
        money: (minor) => formatMoney(minor, tenant.currency, tenant.locale),
        today: () => dayIn(outlets.find((o) => o.id === outletId)?.timezone ?? tenant.timezone),
      },
    [tenant, outlets, outletId],
  );

  if (failure) {
    return (
      <main className="center">
        <p role="alert">{t('error.generic', { message: failure })}</p>
        <Button onClick={() => void signOut()}>{t('app.signOut')}</Button>
      </main>
    );
  }
  if (!ctx) {
    return <main className="center" aria-busy="true" />;
  }
  const sections: Section[] = [
    'dashboard',
    'reports',
    'menu',
    'pricing',
    'inventory',
    'floor',
    'registers',
    'staff',
    'settings',
  ];
  return (
    <OfficeCtx.Provider value={ctx}>
      <div className="office">
        <header className="topbar">
          <div className="topbar-brand">
            <span className="brand-mark small" aria-hidden="true">
              K
            </span>
            <div>
              <strong>{ctx.tenant.name}</strong>
              <span className="muted small-text">{t('app.title')}</span>
            </div>
          </div>
          <nav aria-label={t('nav.label')} className="tabs">
            {sections.map((s) => (
              <button
                key={s}
                type="button"
                className={`tab ${section === s ? 'active' : ''}`}
                aria-current={section === s ? 'page' : undefined}
                onClick={() => setSection(s)}
              >
                {t(`nav.${s}`)}
              </button>
            ))}
          </nav>
          <div className="topbar-tools">
            <label className="select">
              <span className="visually-hidden">{t('app.outlet')}</span>
              <select
                value={outletId ?? ''}
                onChange={(e) => setOutletId(e.target.value || null)}
                aria-label={t('app.outlet')}
              >
                <option value="">{t('app.allOutlets')}</option>
                {outlets.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </label>
            <LanguageSwitch />
            <Button variant="ghost" onClick={() => void signOut()}>
              {t('app.signOut')}
            </Button>
          </div>
        </header>
        <main className="content">
          {section === 'dashboard' && <Dashboard key={outletId ?? 'all'} />}
          {section === 'reports' && <Reports />}
          {section === 'menu' && <MenuScreen />}
          {section === 'pricing' && <Pricing />}
          {section === 'inventory' && <Inventory />}
          {section === 'floor' && <Restaurant />}
          {section === 'registers' && <Registers />}
          {section === 'staff' && <Staff />}
          {section === 'settings' && <Settings />}
        </main>
      </div>
    </OfficeCtx.Provider>
  );
}
