// The customer's page at /t/<table code>: the outlet's menu with pictures and categories, the
// shared item sheet, a cart kept on the phone per table, sending the order, then its live status
// (Track.tsx). No login: the table code in the address is the credential.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../shared/money.ts';
import { numberLocale, type Language } from '../shared/i18n.ts';
import type { CartLine } from '../shared/pricing.ts';
import ItemDialog from '../shared/ui/ItemDialog.tsx';
import { Button, Dialog } from '../shared/ui/ui.tsx';
import { api, CallError, type Menu, type Scan } from './api.ts';
import { displayMenu, fromPrice, lineTotal } from './display.ts';
import { Track } from './Track.tsx';

const code = decodeURIComponent(location.pathname.replace(/^\/t\/?/, '').split('/')[0] ?? '');
const store = (key: string) => `kasir.t.${key}`;
const load = <T,>(key: string, fallback: T): T => {
  try {
    return (JSON.parse(localStorage.getItem(store(key)) ?? 'null') as T | null) ?? fallback;
  } catch {
    return fallback;
  }
};

export function App() {
  const { t, i18n } = useTranslation();
  const [scan, setScan] = useState<Scan | null>(null);
  const [menu, setMenu] = useState<Menu | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [open, setOpen] = useState<{ itemId: string; index?: number } | null>(null);
  const [cartOpen, setCartOpen] = useState(false);
  const [cart, setCart] = useState<CartLine[]>([]);
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [orders, setOrders] = useState<string[]>([]);
  const [view, setView] = useState<'menu' | 'track'>('menu');

  useEffect(() => {
    void (async () => {
      try {
        const s = await api.scan(code);
        setScan(s);
        setCart(load(`cart.${s.table.id}`, []));
        const placed = load<string[]>(`orders.${s.table.id}`, []);
        setOrders(placed);
        if (placed.length) {
          setView('track');
        }
        setMenu(await api.menu(code));
      } catch (err) {
        setError(err instanceof CallError && err.status === 429 ? t('tooMany') : t('invalid'));
      }
    })();
  }, [t]);
  useEffect(() => {
    if (scan) {
      localStorage.setItem(store(`cart.${scan.table.id}`), JSON.stringify(cart));
    }
  }, [cart, scan]);

  const shown = useMemo(
    () => (menu && scan ? displayMenu(menu, scan.priceDisplay === 'tax_inclusive') : null),
    [menu, scan],
  );
  const locale = numberLocale(i18n.language);
  const money = (minor: number) => formatMoney(minor, scan?.business.currency ?? 'IDR', locale);

  if (error) {
    return (
      <main className="t-screen t-center">
        <p className="t-error" role="alert">
          {error}
        </p>
      </main>
    );
  }
  if (!scan || !shown) {
    return (
      <main className="t-screen t-center">
        <p className="muted">{t('loading')}</p>
      </main>
    );
  }

  const count = cart.reduce((n, l) => n + l.quantity, 0);
  const total = cart.reduce((s, l) => s + lineTotal(shown, l), 0);
  const categories = shown.categories.filter((c) =>
    shown.items.some((i) => i.categoryId === c.id && !i.archived),
  );
  const items = shown.items.filter((i) => !i.archived && (category === null || i.categoryId === category));

  async function send() {
    setSending(true);
    try {
      const placed = await api.place(code, {
        id: crypto.randomUUID(),
        lines: cart.map((l) => ({
          itemId: l.itemId,
          variantId: l.variantId,
          quantity: l.quantity,
          modifierOptionIds: l.modifierOptionIds,
          ...(l.notes ? { notes: l.notes } : {}),
        })),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      const next = [placed.customerToken, ...orders];
      localStorage.setItem(store(`orders.${scan!.table.id}`), JSON.stringify(next));
      setOrders(next);
      setCart([]);
      setNote('');
      setCartOpen(false);
      setView('track');
    } catch (err) {
      setError(null);
      alert(err instanceof CallError ? err.message : t('failed'));
    } finally {
      setSending(false);
    }
  }

  const top = (
    <header className="t-top">
      <div className="t-top-title">
        <strong>{scan.outlet.name}</strong>
        {/* A table named "Meja 1" reads as is; a bare number gets the word: "Meja 12". */}
        <span>{/^\d+$/.test(scan.table.name) ? t('table', { name: scan.table.name }) : scan.table.name}</span>
      </div>
      <div className="t-lang" role="group" aria-label={t('language')}>
        {(['id', 'en'] as Language[]).map((l) => (
          <button
            key={l}
            type="button"
            aria-pressed={i18n.language === l}
            onClick={() => {
              void i18n.changeLanguage(l);
              localStorage.setItem(store('lang'), l);
              document.documentElement.lang = l;
            }}
          >
            {l.toUpperCase()}
          </button>
        ))}
      </div>
    </header>
  );

  if (view === 'track' && orders.length) {
    return (
      <div className="t-screen">
        {top}
        <Track tokens={orders} money={money} onOrderMore={() => setView('menu')} />
      </div>
    );
  }

  return (
    <div className="t-screen">
      {top}
      <nav className="t-cats" aria-label="Categories">
        <button
          type="button"
          className="chip"
          aria-pressed={category === null}
          onClick={() => setCategory(null)}
        >
          {t('all')}
        </button>
        {categories.map((c) => (
          <button
            key={c.id}
            type="button"
            className="chip"
            aria-pressed={category === c.id}
            onClick={() => setCategory(c.id)}
          >
            {c.name}
          </button>
        ))}
      </nav>
      <main className="t-menu">
        <p className="t-taxnote muted small">
          {scan.priceDisplay === 'tax_inclusive' ? t('taxIncluded') : t('taxExcluded')}
        </p>
        <ul className="t-items">
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className="t-item"
                disabled={item.soldOut}
                onClick={() => setOpen({ itemId: item.id })}
                aria-label={`${item.name}, ${money(fromPrice(shown, item.id))}${item.soldOut ? `, ${t('soldOut')}` : ''}`}
              >
                {item.imageUrl ? (
                  <img src={item.imageUrl} alt="" loading="lazy" />
                ) : (
                  <span className="t-noimg" aria-hidden="true">
                    {item.name.slice(0, 1)}
                  </span>
                )}
                <span className="t-item-text">
                  <strong>{item.name}</strong>
                  {item.description && <span className="muted small">{item.description}</span>}
                  <span className="t-price">
                    {item.soldOut ? (
                      <em className="t-soldout">{t('soldOut')}</em>
                    ) : (
                      money(fromPrice(shown, item.id))
                    )}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
        {orders.length > 0 && (
          <Button className="t-wide" onClick={() => setView('track')}>
            {t('yourOrder')}
          </Button>
        )}
      </main>
      {count > 0 && (
        <footer className="t-cartbar">
          <Button variant="primary" size="xl" className="t-wide" onClick={() => setCartOpen(true)}>
            {t('cartBar', { count, amount: money(total) })} — {t('viewCart')}
          </Button>
        </footer>
      )}
      {open && (
        <ItemDialog
          menu={shown}
          money={money}
          itemId={open.itemId}
          line={open.index !== undefined ? cart[open.index] : undefined}
          onClose={() => setOpen(null)}
          onSave={(line) => {
            setCart((c) =>
              open.index !== undefined
                ? c.map((l, i) => (i === open.index ? { ...line, id: l.id } : l))
                : [...c, { ...line, id: crypto.randomUUID() }],
            );
            setOpen(null);
          }}
          {...(open.index !== undefined
            ? {
                onRemove: () => {
                  setCart((c) => c.filter((_, i) => i !== open.index));
                  setOpen(null);
                },
              }
            : {})}
        />
      )}
      <Dialog open={cartOpen} onOpenChange={setCartOpen} title={t('cart')} size="full">
        {cart.length === 0 ? (
          <p className="muted">{t('empty')}</p>
        ) : (
          <ul className="t-cart">
            {cart.map((l, i) => {
              const item = shown.items.find((x) => x.id === l.itemId);
              return (
                <li key={l.id}>
                  <button
                    type="button"
                    className="t-cart-line"
                    onClick={() => {
                      setCartOpen(false);
                      setOpen({ itemId: l.itemId, index: i });
                    }}
                  >
                    <span>
                      <strong>
                        {l.quantity}× {item?.name ?? '?'}
                      </strong>
                      {l.notes && <span className="muted small"> · {l.notes}</span>}
                    </span>
                    <span>{money(lineTotal(shown, l))}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <label className="t-note">
          {t('note')}
          <textarea value={note} maxLength={500} rows={2} onChange={(e) => setNote(e.target.value)} />
        </label>
        <p className="t-total">
          <span>{t('estimated')}</span>
          <strong>{money(total)}</strong>
        </p>
        <Button
          variant="pay"
          size="xl"
          className="t-wide"
          disabled={sending || cart.length === 0}
          onClick={() => void send()}
        >
          {sending ? t('sending') : t('place', { amount: money(total) })}
        </Button>
      </Dialog>
    </div>
  );
}
