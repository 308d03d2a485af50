import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLatest } from '../../shared/latest.ts';
import { Segmented } from '../../shared/ui/ui.tsx';
import { useOffice } from '../context.ts';
import { CountSheet } from './CountSheet.tsx';
import { Costs } from './Costs.tsx';
import { loadLevels, loadStockItems, type Level, type StockItem } from './data.ts';
import { Purchasing } from './Purchasing.tsx';
import { Recipes } from './Recipes.tsx';
import { StockLevels } from './StockLevels.tsx';
import { Transfers } from './Transfers.tsx';
import './inventory.css';

type Pane = 'stock' | 'count' | 'purchasing' | 'transfers' | 'recipes' | 'costs';
const PANES: Pane[] = ['stock', 'count', 'purchasing', 'transfers', 'recipes', 'costs'];

/** What every inventory pane gets: the outlet it works at, the stock items and that outlet's levels. */
export interface StockData {
  outletId: string;
  items: StockItem[];
  levels: Map<string, Level>;
  /** Re-reads items and levels (after a change that moved stock). */
  reload: () => Promise<void>;
}

/**
 * Inventory: stock levels per outlet, a blind count sheet, suppliers and purchase orders,
 * transfers between outlets, the recipe editor, and cost figures (valuation, gross margin).
 */
export function Inventory() {
  const { t } = useTranslation();
  const office = useOffice();
  const [pane, setPane] = useState<Pane>('stock');
  const [outletId, setOutletId] = useState(office.outletId ?? office.outlets[0]?.id ?? '');
  const [items, setItems] = useState<StockItem[] | null>(null);
  const [levels, setLevels] = useState<Map<string, Level>>(new Map());
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (office.outletId) {
      setOutletId(office.outletId);
    }
  }, [office.outletId]);

  const begin = useLatest(); // another outlet chosen while stock loads: the newest shows
  const reload = useCallback(async () => {
    if (!outletId) {
      return;
    }
    const latest = begin();
    try {
      const [its, lv] = await Promise.all([loadStockItems(), loadLevels(outletId)]);
      if (!latest()) {
        return;
      }
      setItems(its);
      setLevels(lv);
    } catch (err) {
      if (latest()) {
        setError((err as Error).message);
      }
    }
  }, [begin, outletId]);
  useEffect(() => {
    void reload();
  }, [reload]);

  if (error) {
    return (
      <p role="alert" className="panel error">
        {t('error.generic', { message: error })}
      </p>
    );
  }
  const data: StockData | null = items && { outletId, items, levels, reload };
  return (
    <div className="inventory">
      <div className="page-head">
        <h1>{t('inv.title')}</h1>
        <label className="select inv-outlet">
          <span className="muted small-text">{t('inv.stockAt')}</span>
          <select
            value={outletId}
            onChange={(e) => setOutletId(e.target.value)}
            aria-label={t('inv.stockAt')}
          >
            {office.outlets.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="inv-panes">
        <Segmented
          label={t('inv.sections')}
          value={pane}
          onChange={setPane}
          options={PANES.map((p) => ({ value: p, label: t(`inv.pane.${p}`) }))}
        />
      </div>
      {!data ? (
        <section className="panel" aria-busy="true" />
      ) : (
        <>
          {pane === 'stock' && <StockLevels key={outletId} data={data} />}
          {pane === 'count' && <CountSheet key={outletId} data={data} />}
          {pane === 'purchasing' && <Purchasing key={outletId} data={data} />}
          {pane === 'transfers' && <Transfers key={outletId} data={data} />}
          {pane === 'recipes' && <Recipes key={outletId} data={data} />}
          {pane === 'costs' && <Costs key={outletId} data={data} />}
        </>
      )}
    </div>
  );
}
