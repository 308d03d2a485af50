// Actions on the order in the cart once it is on the server (saved, sent, partly paid). One at a
// time, in tap order, each against the newest version (a queued tap never sends a stale version).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, newIdempotencyKey } from '../shared/api.ts';
import type { CartLine } from '../shared/pricing.ts';
import { useToast } from '../shared/ui/ui.tsx';
import { useGuarded } from './ApprovalDialog.tsx';
import {
  addLine,
  sendOrder,
  setLineQuantity,
  updateHeader,
  voidLine,
  type OrderHeader,
  type OrderLine,
} from './order-api.ts';
import type { Order, Sale } from './sale.ts';

type SetSale = (s: Sale | ((s: Sale) => Sale)) => void;

export function useOrderActions(sale: Sale, setSale: SetSale) {
  const { t } = useTranslation();
  const toast = useToast();
  const guarded = useGuarded();
  const latest = useRef<Order | null>(sale.order);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const [busy, setBusy] = useState(0);
  useEffect(() => {
    latest.current = sale.order;
  }, [sale.order]);

  const run = useCallback(
    (change: (order: Order) => Promise<Order | null>): Promise<Order | null> => {
      setBusy((n) => n + 1);
      const next = queue.current.then(async () => {
        const order = latest.current;
        if (!order) {
          return null;
        }
        try {
          const after = await change(order);
          if (after) {
            latest.current = after;
            setSale((s) => (s.order?.id === after.id ? { ...s, order: after } : s));
          }
          return after;
        } catch (err) {
          toast(err instanceof ApiError ? err.message : String(err), 'error');
          return null;
        } finally {
          setBusy((n) => n - 1);
        }
      });
      queue.current = next;
      return next;
    },
    [setSale, toast],
  );

  const add = useCallback(
    (line: Omit<CartLine, 'id'>) => {
      const key = newIdempotencyKey();
      return run((o) => addLine(o, line, key));
    },
    [run],
  );
  const setQuantity = useCallback(
    (lineId: string, quantity: number) => run((o) => setLineQuantity(o, lineId, quantity)),
    [run],
  );
  /** Void: after the kitchen has the line, a manager's PIN is asked for in place. */
  const voidOne = useCallback(
    (line: OrderLine, reason: string) => {
      const key = newIdempotencyKey();
      return run((o) =>
        guarded(
          { type: 'order_line', id: line.id },
          `${t('approval.voidLine')}: ${line.name}`,
          (approvalId) => voidLine(o, line.id, reason, key, approvalId),
        ),
      );
    },
    [run, guarded, t],
  );
  const send = useCallback(() => run(sendOrder), [run]);
  const header = useCallback((h: OrderHeader) => run((o) => updateHeader(o, h)), [run]);
  // Stable while nothing is running: the sale screen's callbacks depend on it.
  return useMemo(
    () => ({ busy: busy > 0, add, setQuantity, voidLine: voidOne, send, header }),
    [busy, add, setQuantity, voidOne, send, header],
  );
}
export type OrderActions = ReturnType<typeof useOrderActions>;
