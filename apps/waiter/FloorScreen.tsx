import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, StatusPill } from '../shared/ui/ui.tsx';
import { LanguageSwitch } from './App.tsx';
import { useWaiter, type Floor, type Outlet, type Table } from './context.ts';
import { QrOrdersPrompt } from '../shared/ui/QrOrdersPrompt.tsx';
import { call } from './session.ts';
import { NewTabDialog, OpenTableDialog } from './SeatDialogs.tsx';
import { useNow, minutesSince } from './util.ts';

const FLOOR_KEY = 'kasir.waiter.floor';
const TABS = 'tabs';

/** Home: the outlet's floors as tabs, each a plan of its tables coloured by live status; named tabs. */
export function FloorScreen({
  outlets,
  onOutlet,
  onOpen,
}: {
  outlets: Outlet[];
  onOutlet: (outletId: string) => void;
  onOpen: (orderId: string) => void;
}) {
  const { t } = useTranslation();
  const { plan, outlet, status, onEvent, money } = useWaiter();
  const [area, setArea] = useState<string>(() => {
    const saved = localStorage.getItem(FLOOR_KEY);
    return saved && (saved === TABS || plan.floors.some((f) => f.id === saved))
      ? saved
      : (plan.floors[0]?.id ?? TABS);
  });
  const [opening, setOpening] = useState<Table | null>(null);
  const [picking, setPicking] = useState<Table | null>(null);
  const [newTab, setNewTab] = useState(false);
  const [settings, setSettings] = useState(false);
  const floor = plan.floors.find((f) => f.id === area);
  const choose = (id: string) => {
    setArea(id);
    localStorage.setItem(FLOOR_KEY, id);
  };

  const tap = (table: Table) => {
    if (table.status === 'free' || table.orders.length === 0) {
      setOpening(table);
    } else if (table.orders.length === 1) {
      onOpen(table.orders[0]!.orderId);
    } else {
      setPicking(table);
    }
  };

  return (
    <div className="w-screen">
      <header className="w-top">
        <div className="w-top-title">
          <strong>{outlet.name}</strong>
          <StatusPill status={status} label={t(status === 'live' ? 'live' : status)} />
        </div>
        <QrOrdersPrompt
          outletId={outlet.id}
          onEvent={onEvent}
          money={money}
          call={call}
          className="w-top-btn"
        />
        <Button
          variant="ghost"
          className="w-top-btn"
          aria-label={t('top.menu')}
          onClick={() => setSettings(true)}
        >
          ☰
        </Button>
      </header>
      <nav className="w-areas" role="tablist" aria-label={t('floor.floors')}>
        {plan.floors.map((f) => (
          <button
            key={f.id}
            type="button"
            role="tab"
            aria-selected={area === f.id}
            className={`w-area ${area === f.id ? 'w-area-on' : ''}`}
            onClick={() => choose(f.id)}
          >
            {f.name}
            <span className="w-area-count">
              {f.tables.filter((x) => x.status !== 'free').length}/{f.tables.length}
            </span>
          </button>
        ))}
        <button
          type="button"
          role="tab"
          aria-selected={area === TABS}
          className={`w-area ${area === TABS ? 'w-area-on' : ''}`}
          onClick={() => choose(TABS)}
        >
          {t('floor.tabs')}
          <span className="w-area-count">{plan.tabs.length}</span>
        </button>
      </nav>
      <main className="w-main" role="tabpanel" aria-label={floor?.name ?? t('floor.tabs')}>
        {floor ? (
          <>
            <FloorPlanView floor={floor} onTap={tap} />
            {floor.tables.length ? <p className="w-hint">{t('floor.hint')}</p> : null}
          </>
        ) : area === TABS ? (
          <TabList onOpen={onOpen} />
        ) : (
          <p className="w-empty">{t('floor.noFloors')}</p>
        )}
      </main>
      <footer className="w-bar">
        <Legend floor={floor} />
        <Button variant="primary" size="lg" onClick={() => setNewTab(true)}>
          + {t('floor.newTab')}
        </Button>
      </footer>
      {opening ? (
        <OpenTableDialog table={opening} onClose={() => setOpening(null)} onOpened={onOpen} />
      ) : null}
      {picking ? (
        <Dialog
          open
          onOpenChange={(o) => !o && setPicking(null)}
          title={t('floor.pickOrder', { name: picking.name })}
        >
          <ul className="w-list">
            {picking.orders.map((o) => (
              <li key={o.orderId}>
                <button type="button" className="w-list-row" onClick={() => onOpen(o.orderId)}>
                  <strong>{t('floor.orderN', { number: o.number })}</strong>
                  <span className="muted">
                    {o.guestCount ? t('floor.guests', { count: o.guestCount }) : ''}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </Dialog>
      ) : null}
      {newTab ? <NewTabDialog onClose={() => setNewTab(false)} onOpened={onOpen} /> : null}
      {settings ? (
        <SettingsDialog outlets={outlets} onOutlet={onOutlet} onClose={() => setSettings(false)} />
      ) : null}
    </div>
  );
}

/** The tables at their place and shape, scaled to the screen's width (plan units are free). */
function FloorPlanView({ floor, onTap }: { floor: Floor; onTap: (t: Table) => void }) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const box = useMemo(() => {
    if (floor.tables.length === 0) {
      return null;
    }
    const pad = 40;
    const minX = Math.min(...floor.tables.map((x) => x.x)) - pad;
    const minY = Math.min(...floor.tables.map((x) => x.y)) - pad;
    const maxX = Math.max(...floor.tables.map((x) => x.x + x.width)) + pad;
    const maxY = Math.max(...floor.tables.map((x) => x.y + x.height)) + pad;
    return { minX, minY, w: maxX - minX, h: maxY - minY };
  }, [floor.tables]);
  if (!box) {
    return <p className="w-empty">{t('floor.empty')}</p>;
  }
  const pct = (v: number, of: number) => `${(v / of) * 100}%`;
  return (
    <div className="w-plan" style={{ aspectRatio: `${box.w} / ${box.h}` }}>
      {floor.tables.map((table) => {
        const first = table.orders[0];
        const guests = table.orders.reduce((s, o) => s + (o.guestCount ?? 0), 0);
        const statusText =
          table.status === 'free'
            ? t('floor.free')
            : table.status === 'bill_requested'
              ? t('floor.bill')
              : t('floor.occupied');
        return (
          <button
            key={table.id}
            type="button"
            className={`w-table w-table-${table.shape} w-table-${table.status}`}
            style={{
              left: pct(table.x - box.minX, box.w),
              top: pct(table.y - box.minY, box.h),
              width: pct(table.width, box.w),
              height: pct(table.height, box.h),
            }}
            aria-label={t('floor.tableLabel', { name: table.name, status: statusText })}
            onClick={() => onTap(table)}
          >
            <span className="w-table-name">{table.name}</span>
            {table.status === 'free' ? (
              <span className="w-table-sub">{t('floor.seats', { count: table.seats })}</span>
            ) : (
              <>
                <span className="w-table-sub">
                  {guests ? (
                    <>
                      <GuestIcon />
                      {guests}
                    </>
                  ) : (
                    `#${first?.number ?? ''}`
                  )}
                  {first ? ` · ${t('floor.minutes', { count: minutesSince(first.openedAt, now) })}` : ''}
                </span>
                {table.status === 'bill_requested' ? (
                  <span className="w-table-flag">{t('floor.bill')}</span>
                ) : null}
              </>
            )}
          </button>
        );
      })}
    </div>
  );
}

function GuestIcon() {
  return (
    <svg className="w-icon" viewBox="0 0 24 24" width="12" height="12" aria-hidden="true">
      <circle cx="12" cy="8" r="4" fill="currentColor" />
      <path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7z" fill="currentColor" />
    </svg>
  );
}

function Legend({ floor }: { floor: Floor | undefined }) {
  const { t } = useTranslation();
  const count = (s: Table['status']) => floor?.tables.filter((x) => x.status === s).length ?? 0;
  return (
    <ul className="w-legend" aria-label={t('floor.legend')}>
      <li>
        <span className="w-dot w-dot-free" aria-hidden="true" />
        {t('floor.free')} {floor ? count('free') : ''}
      </li>
      <li>
        <span className="w-dot w-dot-occupied" aria-hidden="true" />
        {t('floor.occupied')} {floor ? count('occupied') : ''}
      </li>
      <li>
        <span className="w-dot w-dot-bill_requested" aria-hidden="true" />
        {t('floor.bill')} {floor ? count('bill_requested') : ''}
      </li>
    </ul>
  );
}

function TabList({ onOpen }: { onOpen: (orderId: string) => void }) {
  const { t } = useTranslation();
  const { plan } = useWaiter();
  const now = useNow(30_000);
  if (plan.tabs.length === 0) {
    return <p className="w-empty">{t('floor.noTabs')}</p>;
  }
  return (
    <ul className="w-list" aria-label={t('floor.tabs')}>
      {plan.tabs.map((tab) => (
        <li key={tab.orderId}>
          <button
            type="button"
            className={`w-list-row ${tab.billRequestedAt ? 'w-list-bill' : ''}`}
            onClick={() => onOpen(tab.orderId)}
          >
            <span className="w-list-main">
              <strong>{tab.name}</strong>
              <span className="muted">
                #{tab.number}
                {tab.guestCount ? ` · ${t('floor.guests', { count: tab.guestCount })}` : ''} ·{' '}
                {t('floor.minutes', { count: minutesSince(tab.openedAt, now) })}
              </span>
            </span>
            {tab.billRequestedAt ? <span className="w-badge w-badge-bill">{t('floor.bill')}</span> : null}
          </button>
        </li>
      ))}
    </ul>
  );
}

function SettingsDialog({
  outlets,
  onOutlet,
  onClose,
}: {
  outlets: Outlet[];
  onOutlet: (outletId: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { outlet, signOut } = useWaiter();
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('top.menu')}>
      {outlets.length > 1 ? (
        <fieldset className="group">
          <legend className="group-head">{t('top.outlet')}</legend>
          <div className="chips" role="radiogroup" aria-label={t('top.outlet')}>
            {outlets.map((o) => (
              <button
                key={o.id}
                type="button"
                role="radio"
                aria-checked={o.id === outlet.id}
                className={`chip chip-lg ${o.id === outlet.id ? 'chip-on' : ''}`}
                onClick={() => {
                  onClose();
                  if (o.id !== outlet.id) {
                    onOutlet(o.id);
                  }
                }}
              >
                {o.name}
              </button>
            ))}
          </div>
        </fieldset>
      ) : null}
      <div className="group">
        <div className="group-head">{t('language')}</div>
        <LanguageSwitch />
      </div>
      <Button variant="danger" size="lg" onClick={signOut}>
        {t('top.signOut')}
      </Button>
    </Dialog>
  );
}
