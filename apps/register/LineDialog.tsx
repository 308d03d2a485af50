import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog } from '../shared/ui/ui.tsx';
import { useRegister } from './context.ts';
import type { OrderActions } from './open-order.ts';
import type { OrderLine } from './order-api.ts';

const REASONS = ['changedMind', 'wrongItem', 'outOfStock', 'complaint'] as const;

/**
 * A line of a saved order: change its quantity while the kitchen does not have it yet, or void it
 * with a reason (after it was sent, a manager approves with a PIN).
 */
export default function LineDialog({
  line,
  actions,
  onClose,
}: {
  line: OrderLine;
  actions: OrderActions;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { money } = useRegister();
  const [quantity, setQuantity] = useState(line.quantity);
  const [reason, setReason] = useState<(typeof REASONS)[number] | null>(null);
  const title = `${line.name}${line.variantName && line.variantName !== 'Porsi' ? ` · ${line.variantName}` : ''}`;

  const save = async () => {
    if (quantity !== line.quantity && (await actions.setQuantity(line.id, quantity))) {
      onClose();
    }
  };
  const doVoid = async () => {
    if (reason && (await actions.voidLine(line, t(`line.reasons.${reason}`)))) {
      onClose();
    }
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={title}>
      {line.modifiers.length || line.notes ? (
        <p className="muted">
          {line.modifiers.map((m) => m.name).join(', ')}
          {line.notes ? ` “${line.notes}”` : ''}
        </p>
      ) : null}
      <div className="row between">
        <span className={`status ${line.sent ? 'status-sent' : 'status-open'}`}>
          {line.sent ? t('line.sent') : t('line.notSent')}
        </span>
        <strong>{money(line.total)}</strong>
      </div>
      {line.sent ? (
        <p className="muted small">{t('line.sentHint')}</p>
      ) : (
        <div className="row qty-row" role="group" aria-label={t('item.quantity')}>
          <Button
            size="lg"
            aria-label={t('item.decrease')}
            disabled={quantity <= 1}
            onClick={() => setQuantity((q) => q - 1)}
          >
            −
          </Button>
          <output className="amount-md" aria-label={t('item.quantity')}>
            {quantity}
          </output>
          <Button size="lg" aria-label={t('item.increase')} onClick={() => setQuantity((q) => q + 1)}>
            +
          </Button>
          <Button
            variant="primary"
            size="lg"
            className="grow"
            disabled={actions.busy || quantity === line.quantity}
            onClick={() => void save()}
          >
            {t('line.save')}
          </Button>
        </div>
      )}
      <fieldset className="stack void-box">
        <legend>{t('line.voidTitle')}</legend>
        <div className="chips" role="radiogroup" aria-label={t('line.reason')}>
          {REASONS.map((r) => (
            <button
              key={r}
              type="button"
              role="radio"
              aria-checked={reason === r}
              className={`chip ${reason === r ? 'chip-on' : ''}`}
              onClick={() => setReason(r)}
            >
              {t(`line.reasons.${r}`)}
            </button>
          ))}
        </div>
        <Button variant="danger" size="lg" disabled={actions.busy || !reason} onClick={() => void doVoid()}>
          {line.sent ? t('line.void') : t('line.remove')}
        </Button>
      </fieldset>
    </Dialog>
  );
}
