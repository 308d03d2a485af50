import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createKasirClient } from '../../packages/client/index.ts';
import { ApiError, credentials, deviceApi, unwrap } from '../shared/api.ts';
import { Button, Segmented, useToast } from '../shared/ui/ui.tsx';
import type { Ok } from '../shared/api-types.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

type Outlets = Ok<'/v1/outlets', 'get'>;
type Registers = Ok<'/v1/registers', 'get'>;

/** First run: pair this device with a register, by a manager's code or by a manager signing in here. */
export function PairScreen({ onPaired }: { onPaired: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [mode, setMode] = useState<'code' | 'manager'>('code');
  const [code, setCode] = useState('');
  const [name, setName] = useState(t('pair.defaultName'));
  const [busy, setBusy] = useState(false);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [manager, setManager] = useState<{ token: string; outlets: Outlets; registers: Registers } | null>(
    null,
  );

  async function pair(pairingCode: string) {
    const res = await unwrap(
      deviceApi.POST('/v1/devices/pair', { body: { code: pairingCode.trim(), name } }),
    );
    credentials.setDevice({ ...res.device, token: res.deviceToken });
    toast(t('pair.paired'), 'success');
    onPaired();
  }

  async function run(fn: () => Promise<void>) {
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      toast(err instanceof ApiError ? err.message : String(err), 'error');
    } finally {
      setBusy(false);
    }
  }

  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    void run(() => pair(code));
  };

  const signIn = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const login = await unwrap(deviceApi.POST('/v1/auth/login', { body: { email, password } }));
      const as = createKasirClient({ baseUrl: location.origin, token: () => login.accessToken });
      const [outlets, registers] = await Promise.all([
        unwrap(as.GET('/v1/outlets')),
        unwrap(as.GET('/v1/registers')),
      ]);
      setManager({ token: login.accessToken, outlets, registers });
    });
  };

  const choose = (registerId: string) =>
    void run(async () => {
      const as = createKasirClient({ baseUrl: location.origin, token: () => manager?.token });
      const issued = await unwrap(
        as.POST('/v1/registers/{id}/pairing-codes', { params: { path: { id: registerId } } }),
      );
      await pair(issued.code);
      await as.POST('/v1/auth/logout').catch(() => undefined); // the manager's session ends here
    });

  return (
    <main className="pair-screen">
      <section className="pair-card" aria-labelledby="pair-title">
        <div className="brand-mark" aria-hidden="true">
          K
        </div>
        <h1 id="pair-title">{t('pair.title')}</h1>
        <p className="muted">{t('pair.intro')}</p>
        <Segmented
          label={t('pair.title')}
          value={mode}
          onChange={setMode}
          options={[
            { value: 'code', label: t('pair.codeTab') },
            { value: 'manager', label: t('pair.managerTab') },
          ]}
        />
        <label className="field">
          {t('pair.deviceName')}
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
        </label>
        {mode === 'code' ? (
          <form onSubmit={submitCode} className="stack">
            <label className="field">
              {t('pair.code')}
              <input
                className="input input-code"
                value={code}
                onChange={(e) => setCode(e.target.value.toUpperCase())}
                autoCapitalize="characters"
                autoComplete="off"
                required
                minLength={4}
                maxLength={20}
              />
            </label>
            <Button type="submit" variant="primary" size="lg" disabled={busy || code.trim().length < 4}>
              {t('pair.submit')}
            </Button>
          </form>
        ) : !manager ? (
          <form onSubmit={signIn} className="stack">
            <label className="field">
              {t('pair.email')}
              <input
                className="input"
                type="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                autoComplete="username"
                required
              />
            </label>
            <label className="field">
              {t('pair.password')}
              <input
                className="input"
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoComplete="current-password"
                required
              />
            </label>
            <Button type="submit" variant="primary" size="lg" disabled={busy}>
              {t('pair.signIn')}
            </Button>
          </form>
        ) : (
          <div className="stack" role="group" aria-label={t('pair.chooseRegister')}>
            <h2 className="h2">{t('pair.chooseRegister')}</h2>
            {manager.outlets.map((o) => (
              <div key={o.id} className="stack-sm">
                <div className="muted small">{o.name}</div>
                {manager.registers
                  .filter((r) => r.outletId === o.id)
                  .map((r) => (
                    <Button key={r.id} size="lg" disabled={busy} onClick={() => choose(r.id)}>
                      {o.name} · {r.name}
                    </Button>
                  ))}
              </div>
            ))}
          </div>
        )}
        <LanguageSwitch />
      </section>
    </main>
  );
}
