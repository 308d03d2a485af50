import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api.ts';
import { Button, useToast } from '../shared/ui/ui.tsx';
import { placeName, placeOf, useWaiter, type Order, type Ticket } from './context.ts';
import { byCourse, lineStates, nextHeldCourse, stateOf, withTicket } from './kitchen-state.ts';
import {
  addLines,
  fireCourse,
  getOrder,
  getTickets,
  requestBill,
  sendOrder,
  serveTicket,
  splitBySeat,
  type NewLine,
} from './order-api.ts';
import { MergeDialog, MoveDialog, SplitBySeatDialog } from './TableDialogs.tsx';
import { Line, OrderTop } from './OrderParts.tsx';
import { useFail } from './util.ts';

const MenuSheet = lazy(() => import('./MenuSheet.tsx'));

/** One order at a table or on a tab: its lines by course with the kitchen's state, and the actions. */
export function OrderScreen({
  orderId,
  onBack,
  onOpen,
}: {
  orderId: string;
  onBack: () => void;
  onOpen: (orderId: string) => void;
}) {
  const { t } = useTranslation();
  const { plan, money, onEvent, status } = useWaiter();
  const toast = useToast();
  const fail = useFail();
  const [order, setOrder] = useState<Order | null>(null);
  const [tickets, setTickets] = useState<Ticket[]>([]);
  const [adding, setAdding] = useState(false);
  const [moving, setMoving] = useState(false);
  const [merging, setMerging] = useState(false);
  const [splitting, setSplitting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState<string | null>(null);
  const place = placeOf(plan, orderId);

  const reload = useCallback(async () => {
    try {
      const [o, ts] = await Promise.all([getOrder(orderId), getTickets(orderId)]);
      setOrder((cur) => (cur && cur.version > o.version ? cur : o));
      setTickets(ts);
    } catch (err) {
      setMissing(err instanceof Error ? err.message : String(err));
    }
  }, [orderId]);
  useEffect(() => void reload(), [reload]);

  // Live: the kitchen's tickets replace ours (a line turning ready says so); the order's own
  // events reload it (another device added lines, a payment closed it).
  const ticketsNow = useRef(tickets);
  ticketsNow.current = tickets;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onEvent((e) => {
      if (e.orderId !== orderId) {
        return;
      }
      if (e.topic === 'kitchen') {
        const ticket = e.payload as unknown as Ticket;
        const before = lineStates(ticketsNow.current);
        const ready = ticket.lines.filter((l) => l.status === 'ready' && before.get(l.lineId) !== 'ready');
        if (ready.length) {
          toast(
            t('order.readyToast', { name: ready.map((l) => `${l.quantity}× ${l.name}`).join(', ') }),
            'success',
          );
        }
        setTickets((ts) => withTicket(ts, ticket));
      } else if (e.topic === 'orders') {
        clearTimeout(timer);
        timer = setTimeout(() => void reload(), 150);
      }
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [onEvent, orderId, reload, t, toast]);

  const states = useMemo(() => lineStates(tickets), [tickets]);
  const groups = useMemo(() => (order ? byCourse(order) : []), [order]);
  const unsent = order?.lines.filter((l) => l.status !== 'voided' && !l.sent) ?? [];
  const held = nextHeldCourse(tickets);
  const open = order ? order.status === 'open' || order.status === 'sent' : false;
  const billAsked =
    place?.kind === 'table'
      ? place.seated.billRequestedAt !== null
      : place?.kind === 'tab'
        ? place.tab.billRequestedAt !== null
        : false;
  const readyTickets = tickets.filter((x) => x.status === 'bumped');
  // Split by seat needs lines on two seats or more; merging needs another occupied table.
  const seats = [
    ...new Set(
      (order?.lines ?? []).filter((l) => l.status !== 'voided' && l.seat !== null).map((l) => l.seat!),
    ),
  ].sort((a, b) => a - b);
  const unpaid = order ? order.paidAmount === 0 : false;
  const otherOccupied = plan.floors.some((f) =>
    f.tables.some((x) => x.orders.length > 0 && (place?.kind !== 'table' || x.id !== place.table.id)),
  );

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'orders.version_conflict') {
        toast(t('order.changed'));
        await reload();
      } else {
        fail(err);
      }
    } finally {
      setBusy(false);
    }
  };

  const send = () =>
    run(async () => {
      const o = await sendOrder(order!);
      setOrder(o);
      setTickets(await getTickets(orderId));
      toast(t('order.sent'), 'success');
    });
  const fire = (course: number) =>
    run(async () => {
      const fired = await fireCourse(orderId, course);
      setTickets((ts) => fired.tickets.reduce(withTicket, ts));
      toast(t('order.fired', { course }), 'success');
    });
  const bill = () =>
    run(async () => {
      const r = await requestBill(orderId);
      setOrder(r.order);
      toast(t('order.billRequested'), 'success');
    });
  const serve = () =>
    run(async () => {
      for (const ticket of readyTickets) {
        const served = await serveTicket(ticket.id);
        setTickets((ts) => withTicket(ts, served));
      }
    });
  const split = () =>
    run(async () => {
      const r = await splitBySeat(orderId);
      setSplitting(false);
      setOrder(r.orders[0]!);
      toast(t('order.splitDone', { count: r.orders.length }), 'success');
    });
  const add = async (lines: NewLine[]) => {
    const o = await addLines(order!, lines);
    setOrder(o);
  };

  if (missing && !order) {
    return (
      <div className="w-screen">
        <OrderTop title="" sub="" onBack={onBack} status={status} />
        <p className="w-empty" role="alert">
          {t('errors.generic', { message: missing })}
        </p>
      </div>
    );
  }
  if (!order) {
    return (
      <div className="w-screen">
        <OrderTop title={placeName(place)} sub="" onBack={onBack} status={status} />
        <div className="center-screen" aria-busy="true">
          <div className="spinner" aria-label={t('connecting')} />
        </div>
      </div>
    );
  }
  const title =
    placeName(place) || order.tableRef || order.customerName || t('order.title', { number: order.number });
  const sub = [
    t('order.title', { number: order.number }),
    order.guestCount ? t('order.guests', { count: order.guestCount }) : null,
    place?.kind === 'table' ? place.floor.name : null,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <div className="w-screen">
      <OrderTop title={title} sub={sub} onBack={onBack} status={status} bill={billAsked} />
      <main className="w-main w-order">
        {!open ? (
          <p className="w-notice" role="status">
            {t('order.closed', { status: order.status })}
          </p>
        ) : null}
        {order.lines.length === 0 ? <p className="w-empty">{t('order.empty')}</p> : null}
        {groups.map((g) => (
          <section
            key={g.course ?? 'none'}
            className="w-course"
            aria-label={g.course ? t('order.course', { course: g.course }) : t('order.noCourse')}
          >
            <h2 className="w-course-head">
              {g.course ? t('order.course', { course: g.course }) : t('order.noCourse')}
              {g.course !== null &&
              held !== null &&
              g.course >= held &&
              g.lines.some((l) => stateOf(l, states) === 'held') ? (
                <span className="w-state w-state-held">{t('state.held')}</span>
              ) : null}
            </h2>
            <ul className="w-lines" aria-label={t('order.lines')}>
              {g.lines.map((line) => (
                <Line key={line.id} line={line} state={stateOf(line, states)} />
              ))}
            </ul>
          </section>
        ))}
        {order.lines.length ? (
          <dl className="w-totals">
            <div>
              <dt>{t('order.subtotal')}</dt>
              <dd>{money(order.subtotal)}</dd>
            </div>
            {order.discountTotal ? (
              <div>
                <dt>{t('order.discount')}</dt>
                <dd>-{money(order.discountTotal)}</dd>
              </div>
            ) : null}
            {order.serviceChargeTotal ? (
              <div>
                <dt>{t('order.service')}</dt>
                <dd>{money(order.serviceChargeTotal)}</dd>
              </div>
            ) : null}
            {order.taxExclusiveTotal ? (
              <div>
                <dt>{t('order.tax')}</dt>
                <dd>{money(order.taxExclusiveTotal)}</dd>
              </div>
            ) : null}
            <div className="w-total">
              <dt>{t('order.total')}</dt>
              <dd aria-label={`${t('order.total')} ${money(order.total)}`}>{money(order.total)}</dd>
            </div>
          </dl>
        ) : null}
      </main>
      {open ? (
        <footer className="w-bar w-actions" aria-label={t('order.actions')}>
          <div className="w-actions-main">
            <Button size="lg" onClick={() => setAdding(true)} disabled={busy}>
              + {t('order.add')}
            </Button>
            <Button
              variant="pay"
              size="lg"
              disabled={busy || unsent.length === 0}
              onClick={() => void send()}
            >
              {unsent.length
                ? t('order.send', { count: unsent.reduce((s, l) => s + l.quantity, 0) })
                : t('order.nothingToSend')}
            </Button>
          </div>
          <div className="w-actions-more">
            {held !== null ? (
              <Button variant="primary" disabled={busy} onClick={() => void fire(held)}>
                {t('order.fire', { course: held })}
              </Button>
            ) : null}
            {readyTickets.length ? (
              <Button disabled={busy} onClick={() => void serve()}>
                {t('order.serve')}
              </Button>
            ) : null}
            <Button disabled={busy || billAsked || order.lines.length === 0} onClick={() => void bill()}>
              {billAsked ? t('order.billRequested') : t('order.requestBill')}
            </Button>
            {place?.kind === 'table' ? (
              <Button disabled={busy} onClick={() => setMoving(true)}>
                {t('order.move')}
              </Button>
            ) : null}
            {place?.kind === 'table' && otherOccupied && unpaid ? (
              <Button disabled={busy} onClick={() => setMerging(true)}>
                {t('order.merge')}
              </Button>
            ) : null}
            {seats.length > 1 && unpaid ? (
              <Button disabled={busy} onClick={() => setSplitting(true)}>
                {t('order.split')}
              </Button>
            ) : null}
          </div>
        </footer>
      ) : null}
      <Suspense fallback={null}>
        {adding ? (
          <MenuSheet
            title={title}
            guests={order.guestCount ?? 0}
            onAdd={add}
            onClose={() => setAdding(false)}
          />
        ) : null}
      </Suspense>
      {moving ? (
        <MoveDialog
          orderId={orderId}
          onClose={() => setMoving(false)}
          onMoved={(name) => {
            setMoving(false);
            toast(t('order.moved', { name }), 'success');
          }}
        />
      ) : null}
      {merging && place?.kind === 'table' ? (
        <MergeDialog
          from={place.table}
          onClose={() => setMerging(false)}
          onMerged={(id, name) => {
            setMerging(false);
            toast(t('order.merged', { name }), 'success');
            onOpen(id);
          }}
        />
      ) : null}
      {splitting ? (
        <SplitBySeatDialog
          seats={seats}
          busy={busy}
          onClose={() => setSplitting(false)}
          onConfirm={() => void split()}
        />
      ) : null}
    </div>
  );
}
