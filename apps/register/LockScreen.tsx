import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, credentials, deviceApi, unwrap, type PairedDevice } from '../shared/api.ts';
import { preferredLanguage, rememberLanguage, takePendingLanguage } from '../shared/i18n.ts';
import { applyKey, Button, Numpad, useToast } from '../shared/ui/ui.tsx';
import type { DeviceStaff } from './context.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { dropBlocks, pendingCount } from './offline/queue.ts';

/** The lock screen: who is selling? Tap your name, type your PIN. */
export function LockScreen({
  device,
  onSignedIn,
  onUnpaired,
}: {
  device: PairedDevice;
  onSignedIn: () => void;
  onUnpaired: () => void;
}) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const [people, setPeople] = useState<DeviceStaff | null>(null);
  const [chosen, setChosen] = useState<DeviceStaff[number] | null>(null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => new Date());

  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 15_000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    unwrap(deviceApi.GET('/v1/device/staff')).then(
      (page) => setPeople(page.items),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) {
          credentials.setDevice(null); // revoked: pair again
          onUnpaired();
          return;
        }
        toast(err instanceof Error ? err.message : String(err), 'error');
      },
    );
  }, [onUnpaired, toast]);

  async function submit(value: string) {
    if (!chosen || value.length < 4) {
      return;
    }
    setBusy(true);
    try {
      const res = await unwrap(
        deviceApi.POST('/v1/auth/pin', { body: { membershipId: chosen.id, pin: value } }),
      );
      credentials.setSession({
        accessToken: res.accessToken,
        refreshToken: res.refreshToken,
        expiresAt: Date.now() + res.expiresIn * 1000,
        membershipId: res.membershipId,
        userId: res.userId,
        displayName: chosen.displayName,
        role: chosen.role,
      });
      const picked = takePendingLanguage();
      if (picked) {
        rememberLanguage(res.membershipId, picked);
      }
      void i18n.changeLanguage(preferredLanguage(res.membershipId, localStorage.getItem('kasir.locale')));
      onSignedIn();
    } catch (err) {
      setPin('');
      toast(err instanceof ApiError ? err.message : String(err), 'error');
    } finally {
      setBusy(false);
    }
  }

  const press = (key: string) => {
    const next = applyKey(pin, key, 8);
    setPin(next);
  };

  return (
    <main className="lock-screen">
      <header className="lock-header">
        <div>
          <div className="lock-time">
            {now.toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' })}
          </div>
          <div className="muted">{device.name}</div>
        </div>
        <LanguageSwitch />
      </header>
      {!chosen ? (
        <section className="lock-people" aria-labelledby="lock-title">
          <h1 id="lock-title">{t('lock.title')}</h1>
          <ul className="people" aria-busy={people === null}>
            {(people ?? []).map((p) => (
              <li key={p.id}>
                <button type="button" className="person" onClick={() => setChosen(p)}>
                  <span className="avatar" aria-hidden="true">
                    {p.displayName.slice(0, 1)}
                  </span>
                  <span className="person-name">{p.displayName}</span>
                  <span className="muted small">{p.role}</span>
                </button>
              </li>
            ))}
          </ul>
          <Button
            variant="ghost"
            onClick={() =>
              void pendingCount(device.id).then((pending) => {
                // Unsynced sales would be lost with the pairing: refused until they are uploaded.
                if (pending > 0) {
                  toast(t('sync.unpairRefused', { count: pending }), 'error');
                } else if (window.confirm(t('lock.unpairConfirm'))) {
                  // Its numbers stay held until a manager revokes the device (which voids them).
                  void dropBlocks(device.id);
                  credentials.setDevice(null);
                  onUnpaired();
                }
              })
            }
          >
            {t('lock.unpair')}
          </Button>
        </section>
      ) : (
        <section className="lock-pin" aria-labelledby="pin-title">
          <h1 id="pin-title">{t('lock.enterPin', { name: chosen.displayName })}</h1>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void submit(pin);
            }}
          >
            <label className="visually-hidden" htmlFor="pin">
              PIN
            </label>
            <input
              id="pin"
              className="pin-input"
              type="password"
              inputMode="numeric"
              autoComplete="off"
              autoFocus
              value={pin}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
              aria-describedby="pin-title"
            />
          </form>
          <div className="pin-dots" aria-hidden="true">
            {Array.from({ length: Math.max(4, pin.length) }, (_, i) => (
              <span key={i} className={i < pin.length ? 'dot dot-on' : 'dot'} />
            ))}
          </div>
          <Numpad label="PIN" onKey={press} extra="clear" />
          <div className="row">
            <Button
              size="lg"
              onClick={() => {
                setChosen(null);
                setPin('');
              }}
            >
              {t('lock.back')}
            </Button>
            <Button
              size="lg"
              variant="primary"
              disabled={busy || pin.length < 4}
              onClick={() => void submit(pin)}
            >
              OK
            </Button>
          </div>
        </section>
      )}
    </main>
  );
}
