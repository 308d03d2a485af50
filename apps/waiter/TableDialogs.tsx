// The table changes a waiter makes from an order: move it to a free table, merge its table into
// another occupied one (the bills become one), and the confirmation before splitting by seat.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog } from '../shared/ui/ui.tsx';
import { useWaiter, type Table } from './context.ts';
import { mergeTables, moveOrder } from './order-api.ts';
import { useFail } from './util.ts';

type Listed = Table & { floor: string };

/** The plan's tables that pass `keep`, with their floor's name, floor by floor. */
function useTables(keep: (t: Table) => boolean): Listed[] {
  const { plan } = useWaiter();
  return plan.floors.flatMap((f) => f.tables.filter(keep).map((x) => ({ ...x, floor: f.name })));
}

function TableChoice({
  table,
  detail,
  selected,
  disabled,
  onPick,
}: {
  table: Listed;
  detail: string;
  selected?: boolean;
  disabled: boolean;
  onPick: () => void;
}) {
  return (
    <button
      type="button"
      className={`w-move-table${selected ? ' is-selected' : ''}`}
      aria-pressed={selected === undefined ? undefined : selected}
      disabled={disabled}
      onClick={onPick}
    >
      <strong>{table.name}</strong>
      <span className="muted">
        {table.floor} · {detail}
      </span>
    </button>
  );
}

export function MoveDialog({
  orderId,
  onClose,
  onMoved,
}: {
  orderId: string;
  onClose: () => void;
  onMoved: (name: string) => void;
}) {
  const { t } = useTranslation();
  const fail = useFail();
  const [busy, setBusy] = useState(false);
  const free = useTables((x) => x.status === 'free');
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('order.moveTitle')}>
      {free.length === 0 ? <p className="muted">{t('order.noFree')}</p> : null}
      <div className="w-move">
        {free.map((table) => (
          <TableChoice
            key={table.id}
            table={table}
            detail={t('floor.seats', { count: table.seats })}
            disabled={busy}
            onPick={() => {
              setBusy(true);
              moveOrder(orderId, table.id).then(
                () => onMoved(table.name),
                (err: unknown) => {
                  fail(err);
                  setBusy(false);
                },
              );
            }}
          />
        ))}
      </div>
    </Dialog>
  );
}

/**
 * Merge this table into another occupied table: pick it, then confirm, because the bills become
 * one and the kitchen's tickets follow. Lands on the merged order.
 */
export function MergeDialog({
  from,
  onClose,
  onMerged,
}: {
  from: Table;
  onClose: () => void;
  onMerged: (orderId: string, name: string) => void;
}) {
  const { t } = useTranslation();
  const fail = useFail();
  const [busy, setBusy] = useState(false);
  const [into, setInto] = useState<Listed | null>(null);
  const occupied = useTables((x) => x.id !== from.id && x.orders.length > 0);
  const merge = () => {
    if (!into) {
      return;
    }
    setBusy(true);
    mergeTables(from.id, into.id).then(
      (r) => onMerged(r.order.id, into.name),
      (err: unknown) => {
        fail(err);
        setBusy(false);
      },
    );
  };
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('order.mergeTitle', { name: from.name })}>
      <p className="muted">{t('order.mergeHelp', { name: from.name })}</p>
      {occupied.length === 0 ? <p className="muted">{t('order.noOccupied')}</p> : null}
      <div className="w-move">
        {occupied.map((table) => (
          <TableChoice
            key={table.id}
            table={table}
            detail={table.orders.map((o) => `#${o.number}`).join(', ')}
            selected={into?.id === table.id}
            disabled={busy}
            onPick={() => setInto(table)}
          />
        ))}
      </div>
      <Button variant="pay" size="lg" className="w-dialog-go" disabled={!into || busy} onClick={merge}>
        {into ? t('order.mergeInto', { name: into.name }) : t('order.mergePick')}
      </Button>
    </Dialog>
  );
}

/** Split the bill: one order per seat at the same table (lines without a seat stay here). */
export function SplitBySeatDialog({
  seats,
  onClose,
  onConfirm,
  busy,
}: {
  seats: number[];
  onClose: () => void;
  onConfirm: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('order.splitTitle')}>
      <p>{t('order.splitHelp', { seats: seats.map((s) => t('order.seat', { seat: s })).join(', ') })}</p>
      <Button variant="pay" size="lg" className="w-dialog-go" disabled={busy} onClick={onConfirm}>
        {t('order.splitConfirm', { count: seats.length })}
      </Button>
    </Dialog>
  );
}
