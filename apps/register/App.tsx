import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accessToken, credentials, onSessionEnd, staffApi } from '../shared/api.ts';
import { hasOwnLanguage, languageOf } from '../shared/i18n.ts';
import { formatMoney } from '../shared/money.ts';
import type { KasirEvent, RealtimeStatus } from '../shared/realtime.ts';
import { Toasts, useToast } from '../shared/ui/ui.tsx';
import { ApprovalProvider } from './ApprovalDialog.tsx';
import {
  catchUpRegisterData,
  keepRegisterData,
  refreshMenu,
  takeRegisterData,
  type RegisterData,
} from './boot.ts';
import { RegisterCtx, type RegisterContext } from './context.ts';
import { useOffline } from './offline/use-offline.ts';
import { SellScreen } from './SellScreen.tsx';

// A signed-in register opens on the sale screen: pairing and the lock screen are chunks of their own.
const PairScreen = lazy(() => import('./PairScreen.tsx').then((m) => ({ default: m.PairScreen })));
const LockScreen = lazy(() => import('./LockScreen.tsx').then((m) => ({ default: m.LockScreen })));

export function App() {
  const [device, setDevice] = useState(credentials.device);
  const [session, setSession] = useState(credentials.session);
  useEffect(() => onSessionEnd(() => setSession(null)), []);
  return (
    <Toasts>
      <Suspense fallback={<main className="center-screen" aria-busy="true" />}>
        {!device ? (
          <PairScreen onPaired={() => setDevice(credentials.device)} />
        ) : !session ? (
          <LockScreen
            device={device}
            onSignedIn={() => setSession(credentials.session)}
            onUnpaired={() => setDevice(null)}
          />
        ) : (
          <Signed key={session.membershipId} onLock={() => setSession(null)} />
        )}
      </Suspense>
    </Toasts>
  );
}

/** Loads what the register needs for the signed-in person, keeps it live, renders the sale screen. */
function Signed({ onLock }: { onLock: () => void }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const device = credentials.device!;
  const session = credentials.session!;
  const [data, setData] = useState<RegisterData | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [status, setStatus] = useState<RealtimeStatus>('connecting');
  const listeners = useRef(new Set<(e: KasirEvent) => void>());

  // The menu held now, for catching up by delta (realtime and back online).
  const held = useRef<RegisterData | null>(null);
  held.current = data;
  const reloadMenu = useCallback(async () => {
    const now = held.current;
    return now ? refreshMenu(device.outletId, now.menu) : null;
  }, [device.outletId]);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const loaded = await takeRegisterData(device.outletId, session.membershipId);
        const { tenant } = loaded;
        localStorage.setItem('kasir.locale', tenant.locale);
        if (!hasOwnLanguage(session.membershipId)) {
          void i18n.changeLanguage(languageOf(tenant.locale)); // the tenant's language by default
        }
        if (live) {
          setData(loaded);
        }
      } catch (err) {
        if (live) {
          setFailure(err instanceof Error ? err.message : String(err));
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [device.outletId, session.membershipId, i18n]);

  // Realtime: catalog changes reload the menu (sold out greys at once); payments and orders go to
  // whichever screen listens. Stopped cleanly when this person locks the register.
  const tenantId = device.tenantId;
  useEffect(() => {
    // socket.io is not needed for the first paint: its chunk loads right after.
    let conn: { stop(): void } | null = null;
    let stopped = false;
    void import('../shared/realtime.ts').then(({ connectRealtime }) => {
      if (stopped) {
        return;
      }
      conn = connectRealtime({
        token: accessToken,
        seqKey: `kasir.seq.${tenantId}.${device.id}`,
        // Default rooms: the whole tenant (or, for outlet-limited staff, their outlets) — the tenant
        // room also carries tenant-wide events such as catalog.changed.
        onStatus: setStatus,
        onEvent: (e) => {
          if (e.topic === 'catalog') {
            void reloadMenu().then((menu) =>
              setData((d) => {
                if (!d || !menu) {
                  return d;
                }
                const next = { ...d, menu, loadedAt: Date.now() };
                void keepRegisterData(session.membershipId, next).catch(() => undefined);
                return next;
              }),
            );
          }
          listeners.current.forEach((fn) => fn(e));
        },
      });
    });
    return () => {
      stopped = true;
      conn?.stop();
    };
  }, [tenantId, device.id, device.outletId, reloadMenu, session.membershipId]);

  const sync = useOffline(device.id, status);
  // Back from an offline period (or started on the device's copy): the server's catalog and
  // settings win for what comes next: tenant and outlet are read again, the menu catches up by its
  // version (the whole menu only when the server says a delta is unsafe).
  const offline = sync.offline;
  const stale = data?.cached === true;
  const wasOffline = useRef(false);
  useEffect(() => {
    if (offline) {
      wasOffline.current = true;
      return;
    }
    if (!wasOffline.current && !stale) {
      return;
    }
    wasOffline.current = false;
    let live = true;
    const now = held.current;
    if (!now) {
      return;
    }
    void catchUpRegisterData(device.outletId, session.membershipId, now).then(
      (fresh) => live && setData(fresh),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [offline, stale, device.outletId, session.membershipId]);

  const ctx = useMemo<RegisterContext | null>(() => {
    if (!data) {
      return null;
    }
    return {
      ...data,
      device,
      session,
      // Money reads the tenant's way (Rp 25.000) whatever the screen language.
      money: (minor: number) => formatMoney(minor, data.tenant.currency, data.tenant.locale),
      onEvent: (fn) => {
        listeners.current.add(fn);
        return () => listeners.current.delete(fn);
      },
      can: (p: string) => data.me.permissions.includes(p),
      sync,
    };
  }, [data, device, session, sync]);

  const pending = sync.pending;
  const lock = useCallback(async () => {
    // Signing out offline would leave nobody able to sign in (a PIN needs the server), and the
    // queue must be uploaded by a session on this device: refused while sales wait.
    if (pending > 0) {
      toast(t('sync.lockRefused', { count: pending }), 'error');
      return;
    }
    await staffApi.POST('/v1/auth/logout').catch(() => undefined);
    credentials.setSession(null);
    onLock();
  }, [onLock, pending, toast, t]);

  if (failure) {
    return (
      <main className="center-screen">
        <p role="alert">{t('errors.generic', { message: failure })}</p>
        <button className="btn btn-primary" type="button" onClick={() => void lock()}>
          {t('top.lock')}
        </button>
      </main>
    );
  }
  if (!ctx) {
    return (
      <main className="center-screen" aria-busy="true">
        <div className="spinner" aria-label={t('connecting')} />
      </main>
    );
  }
  return (
    <RegisterCtx.Provider value={ctx}>
      <ApprovalProvider>
        <SellScreen status={sync.offline ? 'offline' : status} onLock={() => void lock()} />
      </ApprovalProvider>
    </RegisterCtx.Provider>
  );
}
