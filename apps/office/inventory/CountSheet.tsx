import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, useToast } from '../../shared/ui/ui.tsx';
import { useOffice } from '../context.ts';
import { useFail } from '../forms.tsx';
import { newIdempotencyKey as newKey } from '../../shared/api.ts';
import { call } from '../session.ts';
import type { StockData } from './Inventory.tsx';
import type { StockItem } from './data.ts';
import { QtyField } from './QtyField.tsx';
import { showQty, toBaseQty } from './qty.ts';

interface Line {
  item: StockItem;
  counted: number;
  delta: number;
  valueDelta: number;
}

/**
 * A blind stock count, made for a tablet in the store room: one big field per item, grouped by
 * kind; the book level is never shown while counting. Only the items typed in are sent; the
 * server sets each level to what was counted, and the differences are shown afterwards.
 */
export function CountSheet({ data }: { data: StockData }) {
  const { t } = useTranslation();
  const office = useOffice();
  const toast = useToast();
  const fail = useFail();
  const [values, setValues] = useState<Record<string, string>>({});
  const [units, setUnits] = useState<Record<string, string>>({});
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Line[] | null>(null);
  // One key per sheet: a retry after a lost answer replays instead of counting twice.
  const [key, setKey] = useState(newKey);
  const groups = useMemo(() => {
    const q = search.trim().toLowerCase();
    const shown = data.items.filter((i) => !q || i.name.toLowerCase().includes(q));
    return (['ingredient', 'retail'] as const)
      .map((kind) => ({ kind, items: shown.filter((i) => i.kind === kind) }))
      .filter((g) => g.items.length > 0);
  }, [data.items, search]);
  const typed = data.items.filter((i) => (values[i.id] ?? '').trim() !== '');
  const outletName = office.outlets.find((o) => o.id === data.outletId)?.name ?? '';

  const submit = async () => {
    const lines: Array<{ item: StockItem; base: number }> = [];
    for (const item of typed) {
      const base = toBaseQty(values[item.id] ?? '', units[item.id] ?? item.stockUnit, item);
      if (base === null || base < 0) {
        toast(t('inv.badQtyOf', { name: item.name }), 'error');
        return;
      }
      lines.push({ item, base });
    }
    if (lines.length === 0) {
      toast(t('inv.nothingCounted'), 'error');
      return;
    }
    setBusy(true);
    try {
      const res = await call((api) =>
        api.POST('/v1/inventory/counts', {
          headers: { 'Idempotency-Key': key },
          body: {
            outletId: data.outletId,
            lines: lines.map((l) => ({
              stockItemId: l.item.id,
              counted: { quantity: l.base, unit: 'base' },
            })),
          },
        }),
      );
      const moved = new Map(res.movements.map((m) => [m.stockItemId, m]));
      setResult(
        lines.map((l) => ({
          item: l.item,
          counted: l.base,
          delta: moved.get(l.item.id)?.qtyDelta ?? 0,
          valueDelta: moved.get(l.item.id)?.valueDelta ?? 0,
        })),
      );
      await data.reload();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    const net = result.reduce((s, l) => s + l.valueDelta, 0);
    return (
      <section className="panel count-result" aria-labelledby="count-result-h">
        <div className="panel-head">
          <h2 id="count-result-h">{t('inv.countDone', { outlet: outletName })}</h2>
          <Button
            variant="primary"
            onClick={() => {
              setResult(null);
              setValues({});
              setKey(newKey());
            }}
          >
            {t('inv.newCount')}
          </Button>
        </div>
        <p className="muted">{t('inv.countDoneHelp')}</p>
        <table className="data" aria-labelledby="count-result-h">
          <thead>
            <tr>
              <th>{t('inv.item')}</th>
              <th className="num">{t('inv.counted')}</th>
              <th className="num">{t('inv.expected')}</th>
              <th className="num">{t('inv.difference')}</th>
              <th className="num">{t('inv.valueDifference')}</th>
            </tr>
          </thead>
          <tbody>
            {result.map((l) => (
              <tr key={l.item.id} aria-label={l.item.name}>
                <td>
                  <strong>{l.item.name}</strong>
                </td>
                <td className="num">{showQty(l.counted, l.item)}</td>
                <td className="num muted">{showQty(l.counted - l.delta, l.item)}</td>
                <td className={`num ${l.delta < 0 ? 'down' : l.delta > 0 ? 'up' : ''}`}>
                  {l.delta === 0
                    ? t('inv.noDifference')
                    : `${l.delta > 0 ? '+' : ''}${showQty(l.delta, l.item)}`}
                </td>
                <td className={`num ${l.valueDelta < 0 ? 'down' : l.valueDelta > 0 ? 'up' : ''}`}>
                  {office.money(l.valueDelta)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={4}>{t('inv.netDifference')}</th>
              <td className={`num ${net < 0 ? 'down' : net > 0 ? 'up' : ''}`}>{office.money(net)}</td>
            </tr>
          </tfoot>
        </table>
      </section>
    );
  }

  return (
    <form
      className="count-sheet"
      aria-labelledby="count-h"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="panel count-head">
        <div>
          <h2 id="count-h">{t('inv.countAt', { outlet: outletName })}</h2>
          <p className="muted">{t('inv.blindHelp')}</p>
        </div>
        <input
          type="search"
          className="inv-search"
          aria-label={t('inv.search')}
          placeholder={t('inv.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {data.items.length === 0 && <p className="panel empty">{t('inv.noItems')}</p>}
      {groups.map((g) => (
        <fieldset key={g.kind} className="panel count-group">
          <legend>{t(`inv.kinds.${g.kind}`)}</legend>
          <div className="count-grid">
            {g.items.map((item) => (
              <div key={item.id} className={`count-row ${(values[item.id] ?? '') !== '' ? 'done' : ''}`}>
                <QtyField
                  big
                  label={item.name}
                  item={item}
                  value={values[item.id] ?? ''}
                  unit={units[item.id] ?? item.stockUnit}
                  onChange={(v) => setValues((s) => ({ ...s, [item.id]: v }))}
                  onUnit={(u) => setUnits((s) => ({ ...s, [item.id]: u }))}
                />
              </div>
            ))}
          </div>
        </fieldset>
      ))}
      <div className="count-foot">
        <span className="muted">{t('inv.countedOf', { count: typed.length, total: data.items.length })}</span>
        <Button type="submit" variant="primary" size="lg" disabled={busy || typed.length === 0}>
          {t('inv.submitCount')}
        </Button>
      </div>
    </form>
  );
}
