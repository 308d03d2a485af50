import { LanguageSwitch as SharedLanguageSwitch, PasswordSignIn } from '../shared/ui/sign-in.tsx';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../shared/money.ts';
import type { MenuShape, TenantShape } from '../shared/pricing.ts';
import { connectRealtime, type KasirEvent, type RealtimeStatus } from '../shared/realtime.ts';
import { Button, Toasts } from '../shared/ui/ui.tsx';
import { WaiterCtx, type FloorPlan, type Outlet, type Table, type WaiterContext } from './context.ts';
import { FloorScreen } from './FloorScreen.tsx';
import { OrderScreen } from './OrderScreen.tsx';
import { call, waiter } from './session.ts';

export function App() {
  const [signedIn, setSignedIn] = useState(waiter.session() !== null);
  useEffect(() => waiter.onSessionChange(() => setSignedIn(waiter.session() !== null)), []);
  return <Toasts>{signedIn ? <Shell key={waiter.session()?.userId} /> : <SignIn />}</Toasts>;
}

export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <SharedLanguageSwitch
      label={t('language')}
      remember={(l) => localStorage.setItem('kasir.waiter.lang', l)}
    />
  );
}

function SignIn() {
  return (
    <PasswordSignIn
      signIn={(email, password) => waiter.signIn(email, password)}
      look={{
        screen: 'w-signin',
        card: 'w-signin-card',
        brand: 'w-brand',
        field: 'field',
        input: 'input',
        lead: 'muted',
        error: 'w-error',
        submit: 'pay',
      }}
      footer={<LanguageSwitch />}
    />
  );
}

const OUTLET_KEY = 'kasir.waiter.outlet';
const planOf = (outletId: string) =>
  call((api) => api.GET('/v1/outlets/{outletId}/floor-plan', { params: { path: { outletId } } }));

/** The outlet this phone works in: the one chosen before, else the first with a floor plan. */
async function pickOutlet(outlets: Outlet[]): Promise<{ outlet: Outlet; plan: FloorPlan }> {
  const saved = outlets.find((o) => o.id === localStorage.getItem(OUTLET_KEY));
  if (saved) {
    return { outlet: saved, plan: await planOf(saved.id) };
  }
  const plans = await Promise.all(outlets.map((o) => planOf(o.id)));
  const i = Math.max(
    0,
    plans.findIndex((p) => p.floors.some((f) => f.tables.length > 0)),
  );
  return { outlet: outlets[i]!, plan: plans[i]! };
}

/** `#/order/<id>` is an order; anything else the floor plan (the phone's back button works). */
function useRoute(): [string | null, (orderId: string | null) => void] {
  const read = () => /^#\/order\/([0-9a-f-]{36})$/.exec(location.hash)?.[1] ?? null;
  const [orderId, setOrderId] = useState(read);
  useEffect(() => {
    const on = () => setOrderId(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const pushed = useRef(false);
  const go = useCallback((id: string | null) => {
    if (id && read() !== null) {
      // From one order to another (a merge): replace it, so back still leads to the floor.
      location.replace(`#/order/${id}`);
    } else if (id) {
      pushed.current = true;
      location.hash = `#/order/${id}`;
    } else if (pushed.current) {
      pushed.current = false;
      history.back();
    } else {
      // Opened on an order (a reload): back to the floor without leaving the app.
      history.replaceState(null, '', location.pathname + location.search);
      setOrderId(null);
    }
  }, []);
  return [orderId, go];
}

interface Loaded {
  tenant: TenantShape;
  outlets: Outlet[];
  outlet: Outlet;
  menu: MenuShape;
  plan: FloorPlan;
}

/** Loads the outlet's menu and floor plan, keeps them live, shows the floor or an order. */
function Shell() {
  const { t } = useTranslation();
  const [data, setData] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [status, setStatus] = useState<RealtimeStatus>('connecting');
  const [orderId, go] = useRoute();
  const listeners = useRef(new Set<(e: KasirEvent) => void>());
  const session = waiter.session()!;

  const load = useCallback(async (outletId?: string) => {
    try {
      const [tenant, outlets] = await Promise.all([
        call((api) => api.GET('/v1/tenant')),
        call((api) => api.GET('/v1/outlets', { params: { query: { limit: 100 } } })).then((p) => p.items),
      ]);
      if (outlets.length === 0) {
        throw new Error('No outlet');
      }
      const chosen = outlets.find((o) => o.id === outletId);
      const { outlet, plan } = chosen
        ? { outlet: chosen, plan: await planOf(chosen.id) }
        : await pickOutlet(outlets);
      localStorage.setItem(OUTLET_KEY, outlet.id);
      const menu = await call((api) =>
        api.GET('/v1/catalog/menu', { params: { query: { outletId: outlet.id } } }),
      );
      setData({ tenant, outlets, outlet, menu, plan });
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    }
  }, []);
  useEffect(() => void load(), [load]);

  const outletId = data?.outlet.id;
  const reloadPlan = useCallback(async () => {
    if (!outletId) {
      return;
    }
    const plan = await planOf(outletId);
    setData((d) => (d && d.outlet.id === outletId ? { ...d, plan } : d));
  }, [outletId]);

  // Live: a table's new status replaces it on the plan; a tab, or an order closed elsewhere (paid
  // at the register), reloads the plan. Everything goes on to the screen that listens.
  useEffect(() => {
    if (!outletId) {
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void reloadPlan().catch(() => undefined), 200);
    };
    const conn = connectRealtime({
      token: waiter.freshToken,
      seqKey: `kasir.waiter.seq.${session.tenantId}.${session.userId}`,
      subscribe: [{ room: 'outlet', id: outletId }],
      onStatus: (s) => {
        setStatus(s);
        if (s === 'live') {
          soon(); // whatever changed while the socket was away
        }
      },
      onEvent: (e) => {
        if (e.outletId === outletId) {
          if (e.type === 'table.status_changed') {
            const table = e.payload as unknown as Table;
            setData((d) =>
              d
                ? {
                    ...d,
                    plan: {
                      ...d.plan,
                      floors: d.plan.floors.map((f) => ({
                        ...f,
                        tables: f.tables.some((x) => x.id === table.id)
                          ? f.tables.map((x) => (x.id === table.id ? table : x))
                          : f.tables,
                      })),
                    },
                  }
                : d,
            );
          } else if (
            e.type === 'tab.changed' ||
            e.type === 'order.status_changed' ||
            e.type === 'order.completed' ||
            e.type === 'order.canceled'
          ) {
            soon();
          }
        }
        listeners.current.forEach((fn) => fn(e));
      },
    });
    return () => {
      clearTimeout(timer);
      conn.stop();
    };
  }, [outletId, reloadPlan, session.tenantId, session.userId]);

  const ctx = useMemo<WaiterContext | null>(() => {
    if (!data) {
      return null;
    }
    return {
      tenant: data.tenant,
      outlet: data.outlet,
      menu: data.menu,
      plan: data.plan,
      reloadPlan,
      status,
      money: (minor: number) => formatMoney(minor, data.tenant.currency, data.tenant.locale),
      onEvent: (fn) => {
        listeners.current.add(fn);
        return () => listeners.current.delete(fn);
      },
      signOut: () => void waiter.signOut(),
    };
  }, [data, reloadPlan, status]);

  if (failure) {
    return (
      <main className="center-screen">
        <p role="alert">{t('errors.generic', { message: failure })}</p>
        <Button variant="primary" onClick={() => void waiter.signOut()}>
          {t('top.signOut')}
        </Button>
      </main>
    );
  }
  if (!ctx || !data) {
    return (
      <main className="center-screen" aria-busy="true">
        <div className="spinner" aria-label={t('connecting')} />
      </main>
    );
  }
  return (
    <WaiterCtx.Provider value={ctx}>
      {orderId ? (
        <OrderScreen key={orderId} orderId={orderId} onBack={() => go(null)} onOpen={go} />
      ) : (
        <FloorScreen
          outlets={data.outlets}
          onOutlet={(id) => {
            setData(null);
            void load(id);
          }}
          onOpen={go}
        />
      )}
    </WaiterCtx.Provider>
  );
}
