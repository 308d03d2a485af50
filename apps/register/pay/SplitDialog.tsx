import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, newIdempotencyKey } from '../../shared/api.ts';
import type { PricingResult } from '../../shared/pricing.ts';
import { Button, Dialog, Segmented, useToast } from '../../shared/ui/ui.tsx';
import { useRegister } from '../context.ts';
import { splitByLines, splitEvenly } from '../order-api.ts';
import { ensureOrder, newId, type Sale } from '../sale.ts';

type SetSale = (s: Sale | ((s: Sale) => Sale)) => void;
const MAX_PARTS = 10;

/**
 * Split the bill. Evenly: the balance in N parts the server computes (whole practical increments
 * that add up to it), each paid as its own tender by any method. By items: the chosen lines move
 * to a new order paid now; the rest stay on the first order, paid next. Either way the order goes
 * to the server first (it is kept open until the last part settles it).
 */
export function SplitDialog({
  sale,
  setSale,
  priced,
  onClose,
}: {
  sale: Sale;
  setSale: SetSale;
  priced: PricingResult;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const { device, menu, money } = useRegister();
  const [mode, setMode] = useState<'evenly' | 'items'>('evenly');
  const [parts, setParts] = useState(2);
  const [picked, setPicked] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const splitKey = useRef({ key: newIdempotencyKey(), newOrderId: newId() });
  const where = { outletId: device.outletId, registerId: device.registerId };

  const names = new Map(menu.items.map((i) => [i.id, i.name]));
  const pricedLines = new Map(priced.lines.map((l) => [l.id, l.gross]));
  const lines = sale.order
    ? sale.order.lines
        .filter((l) => l.status === 'active')
        .map((l) => ({ id: l.id, quantity: l.quantity, name: l.name, amount: l.total }))
    : sale.cart.lines.map((l) => ({
        id: l.id,
        quantity: l.quantity,
        name: names.get(l.itemId) ?? '?',
        amount: pricedLines.get(l.id) ?? 0,
      }));
  const chosen = lines.filter((l) => picked[l.id]).map((l) => l.id);
  const balance = sale.order ? sale.order.balanceAmount : priced.total;

  async function run(fn: () => Promise<void>) {
    setBusy(true);
    try {
      await fn();
      onClose();
    } catch (err) {
      toast(err instanceof ApiError ? err.message : String(err), 'error');
    } finally {
      setBusy(false);
    }
  }

  const evenly = () =>
    run(async () => {
      const order = await ensureOrder(sale, where);
      const split = await splitEvenly(order.id, parts);
      setSale((s) => ({ ...s, order, parts: split.parts }));
    });

  const byItems = () =>
    run(async () => {
      const order = await ensureOrder(sale, where);
      setSale((s) => ({ ...s, order }));
      const { key, newOrderId } = splitKey.current;
      const { source, created } = await splitByLines(order, chosen, newOrderId, key);
      // This bill is paid now; the rest stays open on the first order and is paid next.
      setSale((s) => ({ ...s, id: created.id, order: created, parts: undefined, restOrderId: source.id }));
    });

  return (
    <Dialog open onOpenChange={(open) => !open && !busy && onClose()} title={t('split.title')} size="lg">
      <Segmented
        label={t('split.title')}
        value={mode}
        onChange={setMode}
        options={[
          { value: 'evenly', label: t('split.evenly') },
          { value: 'items', label: t('split.byItems') },
        ]}
      />
      {mode === 'evenly' ? (
        <div className="stack">
          <div className="split-count" role="group" aria-label={t('split.parts')}>
            <Button
              size="lg"
              aria-label={t('split.fewer')}
              disabled={parts <= 2}
              onClick={() => setParts((n) => n - 1)}
            >
              −
            </Button>
            <output className="amount-xl" aria-label={t('split.parts')}>
              {parts}
            </output>
            <Button
              size="lg"
              aria-label={t('split.more')}
              disabled={parts >= MAX_PARTS}
              onClick={() => setParts((n) => n + 1)}
            >
              +
            </Button>
          </div>
          <p className="muted center">
            {t('split.evenlyHint', { parts, amount: money(Math.ceil(balance / parts)) })}
          </p>
          <Button variant="primary" size="xl" disabled={busy} onClick={() => void evenly()}>
            {t('split.splitEvenly', { parts })}
          </Button>
        </div>
      ) : (
        <div className="stack">
          <p className="muted">{t('split.itemsHint')}</p>
          <ul className="refund-lines" aria-label={t('split.byItems')}>
            {lines.map((l) => (
              <li key={l.id}>
                <label className="refund-line">
                  <input
                    type="checkbox"
                    checked={!!picked[l.id]}
                    onChange={(e) => setPicked((p) => ({ ...p, [l.id]: e.target.checked }))}
                    aria-label={`${t('split.move')} ${l.name}`}
                  />
                  <span className="grow">
                    {l.quantity}× {l.name}
                  </span>
                  <span>{money(l.amount)}</span>
                </label>
              </li>
            ))}
          </ul>
          <Button
            variant="primary"
            size="xl"
            disabled={busy || chosen.length === 0 || chosen.length === lines.length}
            onClick={() => void byItems()}
          >
            {t('split.payChosen', { count: chosen.length })}
          </Button>
        </div>
      )}
    </Dialog>
  );
}
