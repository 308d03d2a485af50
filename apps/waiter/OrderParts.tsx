// The order screen's parts: its top bar and one line with the kitchen's state.
import { useTranslation } from 'react-i18next';
import { Button, StatusPill } from '../shared/ui/ui.tsx';
import { useWaiter, type OrderLine } from './context.ts';
import type { LineState } from './kitchen-state.ts';

export function OrderTop({
  title,
  sub,
  onBack,
  status,
  bill = false,
}: {
  title: string;
  sub: string;
  onBack: () => void;
  status: 'live' | 'connecting' | 'offline';
  bill?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <header className="w-top">
      <Button variant="ghost" className="w-top-btn" aria-label={t('order.back')} onClick={onBack}>
        ←
      </Button>
      <div className="w-top-title w-top-order">
        <h1>{title}</h1>
        <span className="w-top-sub">{sub}</span>
      </div>
      {bill ? <span className="w-badge w-badge-bill">{t('floor.bill')}</span> : null}
      <StatusPill status={status} label={t(status === 'live' ? 'live' : status)} />
    </header>
  );
}

const STATE_ORDER: LineState[] = ['unsent', 'sent', 'held', 'new', 'preparing', 'ready', 'served', 'voided'];

export function Line({ line, state }: { line: OrderLine; state: LineState }) {
  const { t } = useTranslation();
  const { menu, money } = useWaiter();
  // The variant's name only when the item has a choice of them ("Large", not "Portion").
  const choice = (menu.items.find((i) => i.id === line.itemId)?.variants.length ?? 0) > 1;
  const details = [choice ? line.variantName : null, ...line.modifiers.map((m) => m.name)].filter(Boolean);
  return (
    <li className={`w-line w-line-${state}`} data-state={state}>
      <span className="w-seat" aria-label={line.seat ? t('order.seat', { seat: line.seat }) : undefined}>
        {line.seat ? t('order.seatShort', { seat: line.seat }) : '—'}
      </span>
      <span className="w-line-main">
        <span className="w-line-name">
          <b>{line.quantity}×</b> {line.name}
        </span>
        {details.length ? <span className="w-line-detail">{details.join(' · ')}</span> : null}
        {line.notes ? <span className="w-line-note">“{line.notes}”</span> : null}
      </span>
      <span className="w-line-side">
        <span className="w-line-price">{money(line.gross)}</span>
        <span className={`w-state w-state-${state}`} data-rank={STATE_ORDER.indexOf(state)}>
          {t(`state.${state}`)}
        </span>
      </span>
    </li>
  );
}
