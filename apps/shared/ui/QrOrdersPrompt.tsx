// Staff's prompt for orders customers placed by QR (register and waiter app): a top-bar button with
// the number waiting, live from `qr.order.*` events (and a slow re-read), and a sheet to accept
// (onto the table's open order and to the kitchen) or reject each.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staff } from '../api.ts';
import type { Ok } from '../api-types.ts';
import type { KasirEvent } from '../realtime.ts';
import { Button, Dialog, useToast } from './ui.tsx';

type QrOrder = Ok<'/v1/qr/orders', 'get'>['items'][number];

const WORDS = {
  en: {
    button: 'QR orders',
    title: 'Orders from tables',
    none: 'No orders waiting.',
    table: 'Table {{name}}',
    accept: 'Accept',
    reject: 'Reject',
    reason: 'Not available right now',
    accepted: 'Table {{name}}: sent to the kitchen',
    failed: 'Could not do that: {{message}}',
  },
  id: {
    button: 'Pesanan QR',
    title: 'Pesanan dari meja',
    none: 'Tidak ada pesanan menunggu.',
    table: 'Meja {{name}}',
    accept: 'Terima',
    reject: 'Tolak',
    reason: 'Sedang tidak tersedia',
    accepted: 'Meja {{name}}: dikirim ke dapur',
    failed: 'Gagal: {{message}}',
  },
};
const REREAD_MS = 20_000;

export function QrOrdersPrompt({
  outletId,
  onEvent,
  money,
  call = staff,
  className = '',
}: {
  /** How calls are made: the register's staff session by default, the waiter's own session. */
  call?: typeof staff;
  outletId: string;
  onEvent: (fn: (e: KasirEvent) => void) => () => void;
  money: (minor: number) => string;
  className?: string;
}) {
  const { i18n } = useTranslation();
  const toast = useToast();
  const w = WORDS[i18n.language === 'en' ? 'en' : 'id'];
  const fill = (s: string, v: Record<string, string>) =>
    s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => v[k] ?? '');
  const [pending, setPending] = useState<QrOrder[]>([]);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  const reread = useCallback(async () => {
    const page = await call((api) =>
      api.GET('/v1/qr/orders', { params: { query: { outletId, status: 'pending', limit: 50 } } }),
    ).catch(() => null);
    if (page) {
      setPending(page.items);
    }
  }, [outletId, call]);

  useEffect(() => {
    void reread();
    const off = onEvent((e) => {
      if (e.type.startsWith('qr.order.')) {
        void reread();
      }
    });
    const timer = setInterval(() => void reread(), REREAD_MS);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [onEvent, reread]);

  async function decide(o: QrOrder, accept: boolean) {
    setBusy(o.id);
    try {
      if (accept) {
        await call((api) => api.POST('/v1/qr/orders/{id}/accept', { params: { path: { id: o.id } } }));
        toast(fill(w.accepted, { name: o.tableName }));
      } else {
        await call((api) =>
          api.POST('/v1/qr/orders/{id}/reject', {
            params: { path: { id: o.id } },
            body: { reason: w.reason },
          }),
        );
      }
    } catch (err) {
      toast(fill(w.failed, { message: err instanceof Error ? err.message : '' }), 'error');
    } finally {
      setBusy(null);
      await reread();
    }
  }

  return (
    <>
      <Button
        variant={pending.length ? 'primary' : 'ghost'}
        className={`qr-prompt-btn ${className}`}
        onClick={() => setOpen(true)}
        aria-label={`${w.button} (${pending.length})`}
      >
        {w.button}
        {pending.length > 0 && <span className="qr-badge">{pending.length}</span>}
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={w.title} size="lg">
        {pending.length === 0 ? (
          <p className="muted">{w.none}</p>
        ) : (
          <ul className="qr-list">
            {pending.map((o) => (
              <li key={o.id} className="qr-card" aria-label={fill(w.table, { name: o.tableName })}>
                <div className="qr-card-head">
                  <strong>{fill(w.table, { name: o.tableName })}</strong>
                  <span>
                    {new Date(o.placedAt).toLocaleTimeString(i18n.language, { timeStyle: 'short' })}
                  </span>
                  <strong>{money(o.total)}</strong>
                </div>
                <ul className="qr-lines">
                  {o.lines.map((l, i) => (
                    <li key={i}>
                      {l.quantity}× {l.name}
                      {l.variantName ? ` (${l.variantName})` : ''}
                      {l.notes ? ` — ${l.notes}` : ''}
                    </li>
                  ))}
                </ul>
                {o.note && <p className="muted small">“{o.note}”</p>}
                <div className="qr-actions">
                  <Button disabled={busy === o.id} onClick={() => void decide(o, false)}>
                    {w.reject}
                  </Button>
                  <Button variant="primary" disabled={busy === o.id} onClick={() => void decide(o, true)}>
                    {w.accept}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Dialog>
    </>
  );
}
