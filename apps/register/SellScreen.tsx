import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api.ts';
import { priceCart, type CartLine, type PricingResult } from '../shared/pricing.ts';
import type { RealtimeStatus } from '../shared/realtime.ts';
import { Button, LockIcon, useToast } from '../shared/ui/ui.tsx';
import { CartPanel, loadDiscountDialog, loadLineDialog } from './CartPanel.tsx';
import { DrawerButton } from './drawer/DrawerButton.tsx';
import { QrOrdersPrompt } from '../shared/ui/QrOrdersPrompt.tsx';
import { useRegister } from './context.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { MenuPanel } from './MenuPanel.tsx';
import { heldParts } from './offline/held-parts.ts';
import { SyncStatus } from './offline/SyncStatus.tsx';
import { useOrderActions } from './open-order.ts';
import { ensureOrder, loadSale, newId, newSale, saveSale, type Order, type Sale } from './sale.ts';

// The dialogs are not needed for the first paint: each is its own chunk, fetched when the browser
// is idle after the sale screen shows (so the first tap does not wait for it either).
const loadItemDialog = () => import('../shared/ui/ItemDialog.tsx');
const loadPayDialog = () => import('./pay/PayDialog.tsx');
const loadOrdersDialog = () => import('./OrdersDialog.tsx');
const loadSyncDialog = () => import('./offline/SyncDialog.tsx');
const SyncDialog = lazy(loadSyncDialog);
const ItemDialog = lazy(loadItemDialog);
const PayDialog = lazy(loadPayDialog);
const OrdersDialog = lazy(loadOrdersDialog);
const prefetchDialogs = () =>
  [
    loadItemDialog,
    loadPayDialog,
    loadOrdersDialog,
    loadDiscountDialog,
    loadLineDialog,
    loadSyncDialog,
  ].forEach((load) => void load().catch(() => undefined));

export function SellScreen({ status, onLock }: { status: RealtimeStatus; onLock: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { device, session, menu, tenant, outlet, money, sync, can, onEvent } = useRegister();
  const [sale, setSaleState] = useState<Sale>(() => loadSale(device.id));
  const [editing, setEditing] = useState<{ itemId: string; line?: CartLine } | null>(null);
  // A split tender cut by a reload or a crash: card parts already taken reopen the payment.
  const [paying, setPaying] = useState(() => heldParts(sale.id).length > 0);
  const [ordersOpen, setOrdersOpen] = useState(false);
  const [syncOpen, setSyncOpen] = useState(false);

  const setSale = useCallback(
    (next: Sale | ((s: Sale) => Sale)) =>
      setSaleState((prev) => {
        const value = typeof next === 'function' ? next(prev) : next;
        saveSale(device.id, value);
        return value;
      }),
    [device.id],
  );

  // The same engine as the server: the total shown before Bayar is the total the server answers.
  const priced = useMemo((): { result: PricingResult | null; error: string | null } => {
    try {
      return { result: priceCart(menu, tenant, sale.cart), error: null };
    } catch (err) {
      return { result: null, error: err instanceof Error ? err.message : String(err) };
    }
  }, [menu, tenant, sale.cart]);
  // Once the sale is on the server its figures are the server's: a menu change after that (the
  // last portion sold marks the dish sold out, live) must not take the receipt off the screen.
  const lastPriced = useRef<PricingResult | null>(null);
  if (priced.result) {
    lastPriced.current = priced.result;
  }
  const payPriced = priced.result ?? (sale.order ? lastPriced.current : null);

  useEffect(() => {
    if ('requestIdleCallback' in window) {
      window.requestIdleCallback(prefetchDialogs);
    } else {
      setTimeout(prefetchDialogs, 200);
    }
  }, []);

  const actions = useOrderActions(sale, setSale);
  // A saved order takes new lines on the server; a paid or canceled one takes none.
  const order = sale.order;
  const locked = order !== null && order.status !== 'open' && order.status !== 'sent';
  const addLine = useCallback(
    (line: Omit<CartLine, 'id'>) => {
      if (order) {
        void actions.add(line);
        return;
      }
      setSale((s) => {
        // The same item with the same choices and no notes adds to the existing line.
        const same = s.cart.lines.find(
          (l) =>
            l.itemId === line.itemId &&
            l.variantId === line.variantId &&
            !l.notes &&
            !line.notes &&
            l.discounts.length === 0 &&
            [...l.modifierOptionIds].sort().join() === [...line.modifierOptionIds].sort().join(),
        );
        const lines = same
          ? s.cart.lines.map((l) => (l === same ? { ...l, quantity: l.quantity + line.quantity } : l))
          : [...s.cart.lines, { ...line, id: newId() }];
        return { ...s, cart: { ...s.cart, lines } };
      });
    },
    [setSale, order, actions],
  );

  /** Keeps this sale as an open order (table service, pay later) and starts a new one. */
  const saveOrder = useCallback(async () => {
    if (sync.offline) {
      toast(t('sync.saveOffline'), 'error');
      return;
    }
    try {
      const saved = await ensureOrder(sale, { outletId: device.outletId, registerId: device.registerId });
      toast(t('cart.saved', { number: saved.number }), 'success');
      setSale(newSale());
    } catch (err) {
      toast(err instanceof ApiError ? err.message : String(err), 'error');
    }
  }, [sale, device.outletId, device.registerId, setSale, toast, t, sync.offline]);

  const openOrder = useCallback((o: Order) => setSale({ ...newSale(), id: o.id, order: o }), [setSale]);

  const pick = useCallback(
    (itemId: string, variantId?: string) => {
      if (locked) {
        return;
      }
      const item = menu.items.find((i) => i.id === itemId);
      if (!item || item.soldOut) {
        return;
      }
      const variants = item.variants.filter((v) => !v.archived);
      const needsChoice = (variants.length > 1 && !variantId) || item.modifierGroupIds.length > 0;
      if (needsChoice) {
        setEditing({ itemId });
        return;
      }
      addLine({
        itemId,
        variantId: variantId ?? variants[0]!.id,
        quantity: 1,
        modifierOptionIds: [],
        notes: null,
        discounts: [],
      });
    },
    [menu.items, addLine, locked],
  );

  /** A scanned or typed SKU/barcode: the variant it names goes straight into the cart. */
  const scan = useCallback(
    (code: string) => {
      const c = code.trim();
      for (const item of menu.items) {
        const v = item.variants.find((x) => !x.archived && (x.barcode === c || x.sku === c));
        if (v) {
          pick(item.id, v.id);
          return true;
        }
      }
      toast(t('menu.notFound', { code: c }), 'error');
      return false;
    },
    [menu.items, pick, toast, t],
  );

  // Keyboard-wedge scanners type digits then Enter while nothing is focused.
  const buffer = useRef({ text: '', at: 0 });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (
        target &&
        (target.tagName === 'INPUT' ||
          target.tagName === 'TEXTAREA' ||
          document.querySelector('[role=dialog]'))
      ) {
        return;
      }
      const now = performance.now();
      if (now - buffer.current.at > 100) {
        buffer.current.text = '';
      }
      buffer.current.at = now;
      if (e.key === 'Enter' && buffer.current.text.length >= 3) {
        scan(buffer.current.text);
        buffer.current.text = '';
      } else if (/^[0-9A-Za-z-]$/.test(e.key)) {
        buffer.current.text += e.key;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [scan]);

  return (
    <div className="register">
      <header className="topbar">
        <div className="topbar-left">
          <span className="brand-mark brand-sm" aria-hidden="true">
            K
          </span>
          <div className="where">
            <strong>{outlet.name}</strong>
            <span className="muted-inv">{device.name}</span>
          </div>
          <SyncStatus status={status} onOpen={() => setSyncOpen(true)} />
        </div>
        <div className="topbar-right">
          <Button variant="ghost" className="topbar-btn" onClick={() => setOrdersOpen(true)}>
            {t('top.orders')}
          </Button>
          {can('orders:read') && (
            <QrOrdersPrompt outletId={outlet.id} onEvent={onEvent} money={money} className="topbar-btn" />
          )}
          <DrawerButton />
          <LanguageSwitch />
          <span className="who" aria-label={t('top.signedIn', { name: session.displayName })}>
            <span className="avatar avatar-sm" aria-hidden="true">
              {session.displayName.slice(0, 1)}
            </span>
            <span className="who-name">{session.displayName}</span>
          </span>
          <Button variant="ghost" className="topbar-btn" onClick={onLock}>
            <LockIcon /> {t('top.lock')}
          </Button>
        </div>
      </header>
      <div className="sell">
        <MenuPanel onPick={(id) => pick(id)} onScan={scan} disabled={locked} />
        <CartPanel
          sale={sale}
          setSale={setSale}
          priced={priced.result}
          error={order ? null : priced.error}
          actions={actions}
          onSave={() => void saveOrder()}
          onEditLine={(line) => setEditing({ itemId: line.itemId, line })}
          onPay={() => setPaying(true)}
        />
      </div>
      <Suspense fallback={null}>
        {editing ? (
          <ItemDialog
            menu={menu}
            money={money}
            itemId={editing.itemId}
            line={editing.line}
            onClose={() => setEditing(null)}
            onSave={(line) => {
              if (editing.line) {
                const id = editing.line.id;
                setSale((s) => ({
                  ...s,
                  cart: { ...s.cart, lines: s.cart.lines.map((l) => (l.id === id ? { ...line, id } : l)) },
                }));
              } else {
                addLine(line);
              }
              setEditing(null);
            }}
            onRemove={
              editing.line
                ? () => {
                    const id = editing.line!.id;
                    setSale((s) => ({
                      ...s,
                      cart: { ...s.cart, lines: s.cart.lines.filter((l) => l.id !== id) },
                    }));
                    setEditing(null);
                  }
                : undefined
            }
          />
        ) : null}
        {paying && payPriced ? (
          <PayDialog
            sale={sale}
            setSale={setSale}
            priced={payPriced}
            onClose={() => setPaying(false)}
            onNewSale={() => {
              setSale(newSale());
              setPaying(false);
            }}
            onOpenOrder={openOrder}
          />
        ) : null}
        {syncOpen ? <SyncDialog onClose={() => setSyncOpen(false)} /> : null}
        {ordersOpen ? (
          <OrdersDialog
            onClose={() => setOrdersOpen(false)}
            onReopen={(o) => {
              openOrder(o);
              setOrdersOpen(false);
            }}
          />
        ) : null}
      </Suspense>
    </div>
  );
}
