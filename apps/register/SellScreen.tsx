import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { priceCart, type CartLine, type PricingResult } from '../shared/pricing.ts';
import type { RealtimeStatus } from '../shared/realtime.ts';
import { Button, LockIcon, StatusPill, useToast } from '../shared/ui/ui.tsx';
import { CartPanel } from './CartPanel.tsx';
import { DrawerButton } from './drawer/DrawerButton.tsx';
import { useRegister } from './context.ts';
import { ItemDialog } from './ItemDialog.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { MenuPanel } from './MenuPanel.tsx';
import { OrdersDialog } from './OrdersDialog.tsx';
import { PayDialog } from './PayDialog.tsx';
import { loadSale, newId, newSale, saveSale, type Sale } from './sale.ts';

export function SellScreen({ status, onLock }: { status: RealtimeStatus; onLock: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { device, session, menu, tenant, outlet } = useRegister();
  const [sale, setSaleState] = useState<Sale>(() => loadSale(device.id));
  const [editing, setEditing] = useState<{ itemId: string; line?: CartLine } | null>(null);
  const [paying, setPaying] = useState(false);
  const [ordersOpen, setOrdersOpen] = useState(false);

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

  const locked = sale.order !== null;
  const addLine = useCallback(
    (line: Omit<CartLine, 'id'>) => {
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
    [setSale],
  );

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

  const statusLabel =
    status === 'live' ? t('online') : status === 'connecting' ? t('connecting') : t('offline');
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
          <StatusPill status={status} label={statusLabel} />
        </div>
        <div className="topbar-right">
          <Button variant="ghost" className="topbar-btn" onClick={() => setOrdersOpen(true)}>
            {t('top.orders')}
          </Button>
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
          error={priced.error}
          onEditLine={(line) => setEditing({ itemId: line.itemId, line })}
          onPay={() => setPaying(true)}
        />
      </div>
      {editing ? (
        <ItemDialog
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
      {paying && priced.result ? (
        <PayDialog
          sale={sale}
          setSale={setSale}
          priced={priced.result}
          onClose={() => setPaying(false)}
          onNewSale={() => {
            setSale(newSale());
            setPaying(false);
          }}
        />
      ) : null}
      {ordersOpen ? (
        <OrdersDialog
          onClose={() => setOrdersOpen(false)}
          onReopen={(order) => {
            setSale({ ...newSale(), id: order.id, order });
            setOrdersOpen(false);
          }}
        />
      ) : null}
    </div>
  );
}
