// One payment intent at a time: the payment id and Idempotency-Key of "take this tender" survive
// retries and double taps; a refused tender (4xx) is forgotten so a corrected tap is a new intent.
import { useCallback, useRef, useState } from 'react';
import { ApiError, newIdempotencyKey } from '../../shared/api.ts';
import { useToast } from '../../shared/ui/ui.tsx';
import { useRegister } from '../context.ts';
import {
  getOrder,
  listPayments,
  newId,
  takePayment,
  type Payment,
  type PaymentInput,
  type Sale,
} from '../sale.ts';

const newIntent = () => ({ paymentId: newId(), key: newIdempotencyKey() });

type SetSale = (s: Sale | ((s: Sale) => Sale)) => void;

export function usePayIntent(sale: Sale, setSale: SetSale, balance: number) {
  const toast = useToast();
  const { device } = useRegister();
  const [busy, setBusy] = useState(false);
  const [payments, setPayments] = useState<Payment[]>([]);
  const inFlight = useRef(false);
  const intent = useRef(newIntent());

  const refresh = useCallback(async () => {
    const [fresh, list] = await Promise.all([getOrder(sale.id), listPayments(sale.id)]);
    setSale((s) => ({ ...s, order: fresh, ...(fresh.status === 'completed' ? { parts: undefined } : {}) }));
    setPayments(list);
    return fresh;
  }, [sale.id, setSale]);

  /** Takes one tender; null when refused or already running. */
  const pay = useCallback(
    async (input: PaymentInput): Promise<Payment | null> => {
      if (inFlight.current) {
        return null;
      }
      inFlight.current = true;
      setBusy(true);
      try {
        const res = await takePayment(
          sale,
          { outletId: device.outletId, registerId: device.registerId },
          { ...input, id: intent.current.paymentId },
          intent.current.key,
          balance,
          (order) => setSale((s) => ({ ...s, order })),
        );
        intent.current = newIntent(); // this intent is done: the next tap is a new payment
        const done = res.order.status === 'completed';
        // Split evenly: this tender paid the next part.
        setSale((s) => ({ ...s, order: res.order, parts: done ? undefined : s.parts?.slice(1) }));
        setPayments(res.payments ?? (await listPayments(res.order.id)));
        return res.payment;
      } catch (err) {
        if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 409) {
          intent.current = newIntent(); // refused: nothing happened, a corrected tap is a new intent
        } else if (!sale.order) {
          // Lost answer (network, 5xx): the sale may have gone through. Look before asking again;
          // a retry with the kept key replays it anyway.
          await refresh().catch(() => undefined);
        }
        toast(err instanceof ApiError ? err.message : String(err), 'error');
        return null;
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [sale, device.outletId, device.registerId, balance, setSale, toast, refresh],
  );

  return { pay, busy, payments, refresh };
}
