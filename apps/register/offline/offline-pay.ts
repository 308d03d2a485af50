// Paying without the network: the sale is priced by the shared engine on the register's copy of
// the catalog, recorded complete in the device's queue (with its receipt number), and shown. A
// split tender takes card parts first (held here and in the browser's storage beside the cart, so
// a reload or a crash does not forget a card already charged on the terminal; the sale is not
// recorded yet) and records the sale with all its tenders when the last one settles the rest: one
// queue entry, synced once.
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useToast } from '../../shared/ui/ui.tsx';
import type { PricingResult } from '../../shared/pricing.ts';
import { useRegister } from '../context.ts';
import { newId, type Sale } from '../sale.ts';
import type { QueuedSale } from './db.ts';
import { buildOfflineSale, type OfflineTenderDraft, type OfflineTenderInput } from './offline-sale.ts';
import { enqueueSale, OfflineRefusal } from './queue.ts';
import { heldParts, holdParts } from './held-parts.ts';

export function useOfflinePay(sale: Sale, priced: PricingResult) {
  const toast = useToast();
  const { t } = useTranslation();
  const { device, session, menu, tenant } = useRegister();
  const [recorded, setRecorded] = useState<QueuedSale | null>(null);
  const [busy, setBusy] = useState(false);
  // Card parts taken on the terminal, not yet recorded: the sale is recorded when the rest is paid.
  const [parts, setPartsState] = useState<OfflineTenderDraft[]>(() => heldParts(sale.id));
  const setParts = useCallback(
    (next: OfflineTenderDraft[]) => {
      holdParts(sale.id, next);
      setPartsState(next);
    },
    [sale.id],
  );
  const inFlight = useRef(false);
  const paid = parts.reduce((s, p) => s + (p.method === 'card' ? p.amount : 0), 0);

  const pay = useCallback(
    async (tender: OfflineTenderInput) => {
      if (inFlight.current) {
        return;
      }
      const draft: OfflineTenderDraft = { ...tender, id: newId() };
      if (draft.method === 'card' && draft.amount < priced.total - paid) {
        setParts([...parts, draft]);
        return;
      }
      inFlight.current = true;
      setBusy(true);
      try {
        const built = buildOfflineSale({
          clientId: sale.id,
          cart: sale.cart,
          header: sale.header,
          menu,
          priced,
          cashRoundingIncrement: tenant.cashRoundingIncrement,
          tenders: [...parts, draft],
        });
        // Idempotent by the sale's id: a double tap or a retry after a crash shows the same sale.
        setRecorded(await enqueueSale(device.id, built.sale, built.receipt, session.displayName));
        holdParts(sale.id, []);
      } catch (err) {
        // Out of numbers (a race with the check before paying): refused, in the screen's language.
        const message = err instanceof OfflineRefusal ? t('sync.noNumbersPay') : null;
        toast(message ?? (err instanceof Error ? err.message : String(err)), 'error');
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [
      sale,
      menu,
      priced,
      parts,
      setParts,
      paid,
      tenant.cashRoundingIncrement,
      device.id,
      session.displayName,
      toast,
      t,
    ],
  );
  return { pay, busy, recorded, parts, paid, dropParts: () => setParts([]) };
}
