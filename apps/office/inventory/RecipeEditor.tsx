import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, useToast } from '../../shared/ui/ui.tsx';
import { useOffice } from '../context.ts';
import { useFail } from '../forms.tsx';
import { call } from '../session.ts';
import type { StockData } from './Inventory.tsx';
import { costOf, usageOf, type Recipe, type StockItem } from './data.ts';
import { QtyField } from './QtyField.tsx';
import { formatQty, parseScaled, toBaseQty, type Unit } from './qty.ts';

type TargetType = Recipe['targetType'];
export interface Target {
  type: TargetType;
  id: string;
  name: string;
  /** What one portion sells for (an option: its extra price). */
  prices: Array<{ name: string; price: number }>;
}

/** The unit a recipe quantity reads best in: grams, millilitres, pieces. */
export const recipeUnit = (item: StockItem): string =>
  item.dimension === 'mass' ? 'g' : item.dimension === 'volume' ? 'ml' : 'pcs';

interface Line {
  stockItemId: string;
  qty: string;
  unit: string;
}

export function RecipeEditor({
  data,
  target,
  current,
  onSaved,
}: {
  data: StockData;
  target: Target;
  current: Recipe | null;
  onSaved: (r: Recipe) => void;
}) {
  const { t } = useTranslation();
  const office = useOffice();
  const toast = useToast();
  const fail = useFail();
  const byId = useMemo(() => new Map(data.items.map((i) => [i.id, i])), [data.items]);
  const [lines, setLines] = useState<Line[]>(() =>
    (current?.lines ?? []).map((l) => {
      const item = byId.get(l.stockItemId);
      const unit = item ? recipeUnit(item) : 'g';
      return { stockItemId: l.stockItemId, qty: formatQty(l.qty, unit as Unit), unit };
    }),
  );
  const [yieldPct, setYieldPct] = useState(current ? String(current.yieldBp / 100) : '100');
  const [history, setHistory] = useState<Recipe[] | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void call((api) =>
      api.GET('/v1/inventory/recipes', {
        params: { query: { targetId: target.id, history: true, limit: 50 } },
      }),
    )
      .then((p) => setHistory(p.items))
      .catch(() => setHistory([]));
  }, [target.id, current?.version]);
  const set = (i: number, patch: Partial<Line>) =>
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const yieldBp = parseScaled(yieldPct, 100);
  const priced = lines.map((l) => {
    const item = byId.get(l.stockItemId);
    const base = item ? toBaseQty(l.qty, l.unit, item) : null;
    const usage = base !== null && base > 0 && yieldBp && yieldBp <= 10_000 ? usageOf(base, yieldBp) : null;
    return {
      line: l,
      item,
      usage,
      cost: usage === null ? null : costOf(usage, data.levels.get(l.stockItemId)),
    };
  });
  const unpriced = priced.filter((p) => p.usage !== null && p.cost === null).map((p) => p.item?.name ?? '?');
  const cost = priced.reduce((s, p) => s + (p.cost ?? 0), 0);

  const save = async () => {
    if (yieldBp === null || yieldBp < 1 || yieldBp > 10_000) {
      toast(t('inv.badYield'), 'error');
      return;
    }
    const body: Array<{ stockItemId: string; amount: { quantity: number; unit: string } }> = [];
    for (const p of priced) {
      const base = p.item ? toBaseQty(p.line.qty, p.line.unit, p.item) : null;
      if (!p.item || base === null || base <= 0) {
        toast(t('inv.badLine'), 'error');
        return;
      }
      body.push({ stockItemId: p.item.id, amount: { quantity: base, unit: 'base' } });
    }
    setBusy(true);
    try {
      const r = await call((api) =>
        api.POST('/v1/inventory/recipes', {
          body: { targetType: target.type, targetId: target.id, yieldBp, lines: body },
        }),
      );
      toast(t('inv.recipeSaved', { version: r.version }), 'success');
      onSaved(r);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack-col">
      <form
        className="panel form"
        aria-labelledby="recipe-h"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="panel-head">
          <h2 id="recipe-h">{t('inv.recipeFor', { name: target.name })}</h2>
          {current && <span className="chip">{t('inv.recipeV', { version: current.version })}</span>}
        </div>
        <p className="muted small-text">{t(`inv.targetHelp.${target.type}`)}</p>
        {lines.length === 0 && <p className="empty">{t('inv.noIngredients')}</p>}
        {priced.map((p, i) => (
          <div key={i} className="recipe-line">
            <label className="field">
              <span>{t('inv.ingredientN', { n: i + 1 })}</span>
              <select
                aria-label={t('inv.ingredientN', { n: i + 1 })}
                value={p.line.stockItemId}
                onChange={(e) => {
                  const next = byId.get(e.target.value);
                  set(i, { stockItemId: e.target.value, unit: next ? recipeUnit(next) : 'g' });
                }}
              >
                {data.items.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </select>
            </label>
            {p.item && (
              <QtyField
                label={t('inv.amountN', { n: i + 1 })}
                item={p.item}
                value={p.line.qty}
                unit={p.line.unit}
                onChange={(v) => set(i, { qty: v })}
                onUnit={(u) => set(i, { unit: u })}
              />
            )}
            <span className="recipe-cost num">{p.cost === null ? '—' : office.money(p.cost)}</span>
            <Button
              variant="ghost"
              aria-label={t('inv.removeIngredient', { n: i + 1 })}
              onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}
            >
              ✕
            </Button>
          </div>
        ))}
        <Button
          variant="ghost"
          disabled={data.items.length === 0}
          onClick={() => {
            const first = data.items[0];
            if (first) {
              setLines((ls) => [...ls, { stockItemId: first.id, qty: '', unit: recipeUnit(first) }]);
            }
          }}
        >
          {t('inv.addIngredient')}
        </Button>
        <label className="field yield">
          <span>{t('inv.yield')}</span>
          <input
            inputMode="decimal"
            value={yieldPct}
            onChange={(e) => setYieldPct(e.target.value.replace(/[^\d.,]/g, ''))}
          />
          <span className="muted small-text">{t('inv.yieldHelp')}</span>
        </label>
        <div className="portion" role="group" aria-label={t('inv.portion')}>
          <dl className="facts">
            <dt>{t('inv.costPerPortion')}</dt>
            <dd>
              <strong data-testid="portion-cost">{office.money(cost)}</strong>
            </dd>
            {target.prices.map((pr) => {
              const margin = pr.price - cost;
              return (
                <div key={pr.name} className="facts-row">
                  <dt>
                    {t(target.type === 'modifier_option' ? 'inv.extraPrice' : 'inv.priceOf', {
                      name: pr.name,
                    })}
                  </dt>
                  <dd>
                    {office.money(pr.price)} ·{' '}
                    <span className={margin < 0 ? 'down' : 'up'}>
                      {t('inv.marginIs', {
                        amount: office.money(margin),
                        pct: pr.price > 0 ? Math.round((margin * 1000) / pr.price) / 10 : 0,
                      })}
                    </span>
                  </dd>
                </div>
              );
            })}
          </dl>
          {unpriced.length > 0 && (
            <p className="muted small-text">{t('inv.unpriced', { names: unpriced.join(', ') })}</p>
          )}
        </div>
        <Button type="submit" variant="primary" disabled={busy}>
          {t('inv.saveVersion')}
        </Button>
      </form>
      <section className="panel" aria-labelledby="history-h" aria-busy={history === null || undefined}>
        <h2 id="history-h">{t('inv.history')}</h2>
        {history && history.length === 0 ? (
          <p className="muted">{t('inv.noVersions')}</p>
        ) : (
          <ol className="versions">
            {(history ?? []).map((r) => (
              <li key={r.id}>
                <div className="version-head">
                  <strong>{t('inv.versionN', { version: r.version })}</strong>
                  <span className="muted small-text">
                    {t('inv.from', {
                      date: new Date(r.effectiveFrom).toLocaleString(office.tenant.locale, {
                        dateStyle: 'medium',
                        timeStyle: 'short',
                      }),
                    })}
                    {' · '}
                    {t('inv.yieldIs', { pct: r.yieldBp / 100 })}
                  </span>
                </div>
                <div className="small-text">
                  {r.lines.length === 0
                    ? t('inv.noIngredients')
                    : r.lines
                        .map((l) => {
                          const item = byId.get(l.stockItemId);
                          return item
                            ? `${item.name} ${formatQty(l.qty, recipeUnit(item) as Unit)} ${recipeUnit(item)}`
                            : '?';
                        })
                        .join(' · ')}
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
