import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFail } from '../forms.tsx';
import { call } from '../session.ts';
import type { StockData } from './Inventory.tsx';
import { type MenuItem, type ModifierGroup, type Recipe } from './data.ts';
import { RecipeEditor, type Target } from './RecipeEditor.tsx';

/**
 * The recipe editor: what one portion of a menu item, a variant (replacing the item's recipe) or
 * a modifier option (added to it) uses, with a yield for trim and waste. Saving adds a version;
 * the history lists every version. The cost per portion is priced at this outlet's moving
 * average, with the margin against the menu price.
 */
export function Recipes({ data }: { data: StockData }) {
  const { t } = useTranslation();
  const fail = useFail();
  const [items, setItems] = useState<MenuItem[] | null>(null);
  const [groups, setGroups] = useState<ModifierGroup[]>([]);
  const [recipes, setRecipes] = useState<Map<string, Recipe>>(new Map());
  const [target, setTarget] = useState<Target | null>(null);
  const [search, setSearch] = useState('');
  const load = useCallback(async () => {
    try {
      const [its, mods, rs] = await Promise.all([
        call((api) => api.GET('/v1/catalog/items', { params: { query: { limit: 500 } } })),
        call((api) => api.GET('/v1/catalog/modifier-groups', { params: { query: { limit: 500 } } })),
        call((api) => api.GET('/v1/inventory/recipes', { params: { query: { limit: 500 } } })),
      ]);
      setItems(its.items.filter((i) => !i.archived));
      setGroups(mods.items.filter((g) => !g.archived));
      setRecipes(new Map(rs.items.map((r) => [r.targetId, r])));
    } catch (err) {
      fail(err);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const q = search.trim().toLowerCase();
  const shown = (items ?? []).filter((i) => !q || i.name.toLowerCase().includes(q));
  const chip = (id: string) => {
    const r = recipes.get(id);
    return r && r.lines.length > 0 ? (
      <span className="chip">{t('inv.recipeV', { version: r.version })}</span>
    ) : (
      <span className="chip soft">{t('inv.noRecipe')}</span>
    );
  };
  const pick = (tg: Target) => setTarget(tg);
  return (
    <div className="recipes grid-2">
      <section className="panel" aria-labelledby="dishes-h" aria-busy={items === null || undefined}>
        <div className="panel-head">
          <h2 id="dishes-h">{t('inv.dishes')}</h2>
          <input
            type="search"
            className="inv-search"
            aria-label={t('inv.searchMenu')}
            placeholder={t('inv.searchMenu')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <ul className="target-list">
          {shown.map((i) => {
            const live = i.variants.filter((v) => !v.archived);
            return (
              <li key={i.id}>
                <button
                  type="button"
                  className={`target ${target?.id === i.id ? 'on' : ''}`}
                  aria-label={t('inv.recipeOf', { name: i.name })}
                  onClick={() =>
                    pick({
                      type: 'item',
                      id: i.id,
                      name: i.name,
                      prices: live.map((v) => ({ name: v.name, price: v.price })),
                    })
                  }
                >
                  <span>{i.name}</span>
                  {chip(i.id)}
                </button>
                {live.length > 1 && (
                  <ul className="target-sub">
                    {live.map((v) => (
                      <li key={v.id}>
                        <button
                          type="button"
                          className={`target ${target?.id === v.id ? 'on' : ''}`}
                          aria-label={t('inv.recipeOf', { name: `${i.name} ${v.name}` })}
                          onClick={() =>
                            pick({
                              type: 'variant',
                              id: v.id,
                              name: `${i.name} · ${v.name}`,
                              prices: [{ name: v.name, price: v.price }],
                            })
                          }
                        >
                          <span>{v.name}</span>
                          {recipes.get(v.id) ? (
                            chip(v.id)
                          ) : (
                            <span className="muted small-text">{t('inv.usesItemRecipe')}</span>
                          )}
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
        {groups.length > 0 && (
          <>
            <h3 className="sub-head">{t('inv.modifierOptions')}</h3>
            <ul className="target-list">
              {groups.map((g) => (
                <li key={g.id}>
                  <span className="muted small-text">{g.name}</span>
                  <ul className="target-sub">
                    {g.options
                      .filter((o) => !o.archived)
                      .map((o) => (
                        <li key={o.id}>
                          <button
                            type="button"
                            className={`target ${target?.id === o.id ? 'on' : ''}`}
                            aria-label={t('inv.recipeOf', { name: `${g.name}: ${o.name}` })}
                            onClick={() =>
                              pick({
                                type: 'modifier_option',
                                id: o.id,
                                name: `${g.name}: ${o.name}`,
                                prices: [{ name: o.name, price: o.price }],
                              })
                            }
                          >
                            <span>{o.name}</span>
                            {chip(o.id)}
                          </button>
                        </li>
                      ))}
                  </ul>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {target ? (
        <RecipeEditor
          key={`${target.id}:${recipes.get(target.id)?.version ?? 0}`}
          data={data}
          target={target}
          current={recipes.get(target.id) ?? null}
          onSaved={(r) => setRecipes((m) => new Map(m).set(r.targetId, r))}
        />
      ) : (
        <section className="panel empty-state">
          <h2>{t('inv.pickDish')}</h2>
          <p className="muted">{t('inv.pickDishHelp')}</p>
        </section>
      )}
    </div>
  );
}
