// Seating someone: a table opened for its guests, or a named tab.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { idem, newIdempotencyKey } from '../shared/api.ts';
import { Button, Dialog, useToast } from '../shared/ui/ui.tsx';
import { useWaiter, type Table } from './context.ts';
import { call } from './session.ts';
import { useFail } from './util.ts';

/** Guests, then the table opens (atomic on the server: a table opened meanwhile gives its order). */
export function OpenTableDialog({
  table,
  onClose,
  onOpened,
}: {
  table: Table;
  onClose: () => void;
  onOpened: (orderId: string) => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const fail = useFail();
  const [guests, setGuests] = useState(Math.min(table.seats, 8));
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const options = Array.from({ length: 8 }, (_, i) => i + 1);
  const open = async () => {
    setBusy(true);
    try {
      const r = await call((api) =>
        api.POST('/v1/tables/{id}/open', {
          params: { path: { id: table.id } },
          body: { guestCount: guests },
          headers: idem(key),
        }),
      );
      if (!r.created) {
        toast(t('open.taken', { name: table.name }));
      }
      onClose();
      onOpened(r.order.id);
    } catch (err) {
      fail(err);
      setBusy(false);
    }
  };
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('open.title', { name: table.name })}>
      <p className="w-q">{t('open.guests')}</p>
      <div className="w-guests" role="radiogroup" aria-label={t('open.guests')}>
        {options.map((n) => (
          <button
            key={n}
            type="button"
            role="radio"
            aria-checked={guests === n}
            className={`w-guest ${guests === n ? 'w-guest-on' : ''}`}
            onClick={() => setGuests(n)}
          >
            {n}
          </button>
        ))}
      </div>
      <div className="stepper w-more" role="group" aria-label={t('open.guests')}>
        <Button aria-label={t('open.fewer')} onClick={() => setGuests((g) => Math.max(1, g - 1))}>
          −
        </Button>
        <output className="stepper-value" aria-live="polite">
          {guests}
        </output>
        <Button aria-label={t('open.more')} onClick={() => setGuests((g) => Math.min(1000, g + 1))}>
          +
        </Button>
      </div>
      <Button variant="pay" size="lg" disabled={busy} onClick={() => void open()}>
        {t('open.submit', { count: guests })}
      </Button>
    </Dialog>
  );
}

export function NewTabDialog({
  onClose,
  onOpened,
}: {
  onClose: () => void;
  onOpened: (orderId: string) => void;
}) {
  const { t } = useTranslation();
  const { outlet } = useWaiter();
  const fail = useFail();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const open = async () => {
    setBusy(true);
    try {
      const r = await call((api) =>
        api.POST('/v1/tabs', { body: { outletId: outlet.id, name: name.trim() }, headers: idem(key) }),
      );
      onClose();
      onOpened(r.order.id);
    } catch (err) {
      fail(err);
      setBusy(false);
    }
  };
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('tab.title')}>
      <form
        className="w-form"
        onSubmit={(e) => {
          e.preventDefault();
          void open();
        }}
      >
        <label className="field">
          {t('tab.name')}
          <input
            className="input"
            value={name}
            maxLength={100}
            required
            autoFocus
            placeholder={t('tab.placeholder')}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <Button type="submit" variant="pay" size="lg" disabled={busy || !name.trim()}>
          {t('tab.submit')}
        </Button>
      </form>
    </Dialog>
  );
}
