import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, useToast } from '../../shared/ui/ui.tsx';
import { useOffice } from '../context.ts';
import { useFail } from '../forms.tsx';
import { call } from '../session.ts';
import type { StockData } from './Inventory.tsx';
import type { StockItem } from './data.ts';
import { QtyField } from './QtyField.tsx';
import { showQty, toBaseQty } from './qty.ts';
import { StockItemEditor } from './StockItemForm.tsx';

type Action = { kind: 'adjustment' | 'waste' | 'edit'; item: StockItem };

/**
 * Stock levels at one outlet: what is on hand (in the item's stock unit), its average cost and
 * value, low items highlighted; quick adjustment or waste with a reason; the outlet's negative
 * stock rule; new stock items.
 */
export function StockLevels({ data }: { data: StockData }) {
  const { t } = useTranslation();
  const office = useOffice();
  const [search, setSearch] = useState('');
  const [lowOnly, setLowOnly] = useState(false);
  const [action, setAction] = useState<Action | null>(null);
  const [creating, setCreating] = useState(false);
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return data.items
      .filter((i) => !q || i.name.toLowerCase().includes(q) || (i.sku ?? '').toLowerCase().includes(q))
      .map((item) => ({ item, level: data.levels.get(item.id) }))
      .filter((r) => !lowOnly || r.level?.low);
  }, [data.items, data.levels, search, lowOnly]);
  const total = [...data.levels.values()].reduce((s, l) => s + l.value, 0);
  const low = [...data.levels.values()].filter((l) => l.low).length;
  const outletName = office.outlets.find((o) => o.id === data.outletId)?.name ?? '';

  return (
    <div className="stack-col">
      <div className="inv-top">
        <div className="tile">
          <h3>{t('inv.stockValue')}</h3>
          <p className="tile-value">{office.money(total)}</p>
          <span className="muted small-text">{t('inv.atAverage')}</span>
        </div>
        <div className="tile">
          <h3>{t('inv.itemsTracked')}</h3>
          <p className="tile-value">{data.items.length}</p>
        </div>
        <div className={`tile ${low > 0 ? 'tile-warn' : ''}`}>
          <h3>{t('inv.lowItems')}</h3>
          <p className="tile-value">{low}</p>
          <span className="muted small-text">{t('inv.atOrBelowReorder')}</span>
        </div>
        <NegativeStock outletId={data.outletId} outletName={outletName} />
      </div>
      <section className="panel table-panel" aria-labelledby="levels-h">
        <div className="panel-head">
          <h2 id="levels-h">{t('inv.levelsAt', { outlet: outletName })}</h2>
          <label className="check">
            <input type="checkbox" checked={lowOnly} onChange={(e) => setLowOnly(e.target.checked)} />
            <span>{t('inv.lowOnly')}</span>
          </label>
          <input
            type="search"
            className="inv-search"
            aria-label={t('inv.search')}
            placeholder={t('inv.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('inv.newItemButton')}
          </Button>
        </div>
        {data.items.length === 0 ? (
          <p className="empty">{t('inv.noItems')}</p>
        ) : (
          <table className="data" aria-labelledby="levels-h">
            <thead>
              <tr>
                <th>{t('inv.item')}</th>
                <th className="num">{t('inv.onHand')}</th>
                <th className="num">{t('inv.reorderAt')}</th>
                <th className="num">{t('inv.avgCost')}</th>
                <th className="num">{t('inv.value')}</th>
                <th>
                  <span className="visually-hidden">{t('inv.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ item, level }) => (
                <tr
                  key={item.id}
                  className={level?.low ? 'row-low' : ''}
                  aria-label={item.name}
                  data-testid={`level-${item.id}`}
                >
                  <td>
                    <strong>{item.name}</strong>
                    {level?.low && <span className="chip chip-warn">{t('inv.low')}</span>}
                    <div className="muted small-text">
                      {t(`inv.kind.${item.kind}`)}
                      {item.sku ? ` · ${item.sku}` : ''}
                      {item.purchaseUnit !== item.stockUnit
                        ? ` · ${t('inv.boughtIn', { unit: item.purchaseUnit, size: showQty(item.purchaseUnitQty, item) })}`
                        : ''}
                    </div>
                  </td>
                  <td className={`num qty ${level && level.qty < 0 ? 'down' : ''}`}>
                    {showQty(level?.qty ?? 0, item)}
                  </td>
                  <td className="num muted">
                    {level && level.reorderLevel !== null ? showQty(level.reorderLevel, item) : '—'}
                  </td>
                  <td className="num">
                    {level && level.qty > 0 ? `${office.money(level.unitCost)} / ${item.stockUnit}` : '—'}
                  </td>
                  <td className="num">{office.money(level?.value ?? 0)}</td>
                  <td>
                    <div className="row-actions">
                      <Button
                        aria-label={t('inv.adjustOf', { name: item.name })}
                        onClick={() => setAction({ kind: 'adjustment', item })}
                      >
                        {t('inv.adjust')}
                      </Button>
                      <Button
                        aria-label={t('inv.wasteOf', { name: item.name })}
                        onClick={() => setAction({ kind: 'waste', item })}
                      >
                        {t('inv.waste')}
                      </Button>
                      <Button
                        variant="ghost"
                        aria-label={t('inv.editOf', { name: item.name })}
                        onClick={() => setAction({ kind: 'edit', item })}
                      >
                        {t('inv.edit')}
                      </Button>
                    </div>
                  </td>
                </tr>
              ))}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    {t('inv.noMatch')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        )}
      </section>
      {creating && (
        <Dialog open onOpenChange={(o) => !o && setCreating(false)} title={t('inv.newItem')}>
          <StockItemEditor
            onSaved={() => {
              setCreating(false);
              void data.reload();
            }}
          />
        </Dialog>
      )}
      {action && action.kind !== 'edit' && (
        <AdjustDialog data={data} item={action.item} reason={action.kind} onClose={() => setAction(null)} />
      )}
      {action?.kind === 'edit' && (
        <Dialog
          open
          onOpenChange={(o) => !o && setAction(null)}
          title={t('inv.editTitle', { name: action.item.name })}
        >
          <StockItemEditor
            item={action.item}
            outletId={data.outletId}
            reorderLevel={data.levels.get(action.item.id)?.reorderLevel ?? null}
            onSaved={() => {
              setAction(null);
              void data.reload();
            }}
          />
        </Dialog>
      )}
    </div>
  );
}

const REASONS = {
  adjustment: ['found', 'damaged', 'staffMeal', 'correction'],
  waste: ['expired', 'spoiled', 'spilled', 'burnt'],
} as const;

/** A quick signed adjustment or a waste entry, with a reason (the movement's note). */
function AdjustDialog({
  data,
  item,
  reason,
  onClose,
}: {
  data: StockData;
  item: StockItem;
  reason: 'adjustment' | 'waste';
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const fail = useFail();
  const [qty, setQty] = useState('');
  const [unit, setUnit] = useState(item.stockUnit);
  const [direction, setDirection] = useState<'add' | 'remove'>(reason === 'waste' ? 'remove' : 'add');
  const [why, setWhy] = useState<string>(REASONS[reason][0]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const level = data.levels.get(item.id);
  const submit = async () => {
    const base = toBaseQty(qty, unit, item);
    if (base === null || base === 0) {
      toast(t('inv.badQty'), 'error');
      return;
    }
    setBusy(true);
    try {
      await call((api) =>
        api.POST('/v1/inventory/adjustments', {
          body: {
            outletId: data.outletId,
            stockItemId: item.id,
            reason,
            change: { quantity: reason === 'waste' || direction === 'remove' ? -base : base, unit: 'base' },
            note: [t(`inv.why.${why}`), note.trim()].filter(Boolean).join(' — '),
          },
        }),
      );
      toast(t(reason === 'waste' ? 'inv.wasted' : 'inv.adjusted', { name: item.name }), 'success');
      await data.reload();
      onClose();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t(reason === 'waste' ? 'inv.wasteTitle' : 'inv.adjustTitle', { name: item.name })}
      description={t('inv.nowOnHand', { qty: showQty(level?.qty ?? 0, item) })}
    >
      <form
        className="form"
        aria-label={t(reason === 'waste' ? 'inv.wasteTitle' : 'inv.adjustTitle', { name: item.name })}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {reason === 'adjustment' && (
          <div className="segmented" role="radiogroup" aria-label={t('inv.direction')}>
            {(['add', 'remove'] as const).map((d) => (
              <button
                key={d}
                type="button"
                role="radio"
                aria-checked={direction === d}
                className={`segment ${direction === d ? 'segment-on' : ''}`}
                onClick={() => setDirection(d)}
              >
                {t(`inv.${d}`)}
              </button>
            ))}
          </div>
        )}
        <QtyField
          label={t('inv.quantity')}
          item={item}
          value={qty}
          unit={unit}
          onChange={setQty}
          onUnit={setUnit}
        />
        <fieldset className="options">
          <legend>{t('inv.reason')}</legend>
          <div className="reason-chips">
            {REASONS[reason].map((r) => (
              <label key={r} className={`reason-chip ${why === r ? 'on' : ''}`}>
                <input type="radio" name="why" checked={why === r} onChange={() => setWhy(r)} />
                <span>{t(`inv.why.${r}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="field">
          <span>{t('inv.note')}</span>
          <input maxLength={300} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <Button type="submit" variant={reason === 'waste' ? 'danger' : 'primary'} disabled={busy}>
          {t(reason === 'waste' ? 'inv.recordWaste' : 'inv.saveAdjustment')}
        </Button>
      </form>
    </Dialog>
  );
}

/** The outlet's rule for negative stock: allow it, or block and mark dishes sold out. */
function NegativeStock({ outletId, outletName }: { outletId: string; outletName: string }) {
  const { t } = useTranslation();
  const fail = useFail();
  const toast = useToast();
  const [value, setValue] = useState<'allow' | 'block' | null>(null);
  useEffect(() => {
    void call((api) => api.GET('/v1/outlets/{id}/inventory-settings', { params: { path: { id: outletId } } }))
      .then((s) => setValue(s.negativeStock))
      .catch(fail);
  }, [outletId]);
  const put = async (negativeStock: 'allow' | 'block') => {
    const before = value;
    setValue(negativeStock); // the box follows the tap; a refusal puts it back
    try {
      const s = await call((api) =>
        api.PUT('/v1/outlets/{id}/inventory-settings', {
          params: { path: { id: outletId } },
          body: { negativeStock },
        }),
      );
      setValue(s.negativeStock);
      toast(t('inv.saved'), 'success');
    } catch (err) {
      setValue(before);
      fail(err);
    }
  };
  return (
    <section className="panel" aria-labelledby="neg-h" aria-busy={value === null || undefined}>
      <h2 id="neg-h">{t('inv.whenOut', { outlet: outletName })}</h2>
      <label className="check">
        <input
          type="checkbox"
          disabled={value === null}
          checked={value === 'block'}
          onChange={(e) => void put(e.target.checked ? 'block' : 'allow')}
        />
        <span>{t('inv.blockNegative')}</span>
      </label>
      <p className="muted small-text">{t('inv.blockHelp')}</p>
    </section>
  );
}
