import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { majorToMinor, minorToMajor } from '../shared/money.ts';
import { Button, useToast } from '../shared/ui/ui.tsx';
import { useOffice } from './context.ts';
import { upsert } from './forms.tsx';
import { ItemGroups, ModifierGroups, type ModifierGroup } from './ModifierGroups.tsx';
import { ImageField } from './ImageField.tsx';
import { OutletPrices } from './OutletPrices.tsx';
import { AddItem, type Item } from './MenuAdd.tsx';
import { Categories, type Category } from './MenuCategories.tsx';
import { ItemEditor, liveVariants, type TaxRate } from './ItemEditor.tsx';
import { call } from './session.ts';

/** Minor units as the text a price field shows (major units, no grouping: "25000"). */
const toField = (minor: number, currency: string) => String(minorToMajor(minor, currency));

/** The menu: categories, items with their variants' prices, sold out per outlet, new items and categories. */
export function MenuScreen() {
  const { t } = useTranslation();
  const office = useOffice();
  const toast = useToast();
  const [items, setItems] = useState<Item[] | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [groups, setGroups] = useState<ModifierGroup[]>([]);
  const [taxes, setTaxes] = useState<TaxRate[]>([]);
  const [editing, setEditing] = useState<Item | null>(null);
  const [soldOut, setSoldOut] = useState<Record<string, boolean>>({});
  // Which outlet `soldOut` was read for: the toggles wait for it, so a click never races the load.
  const [soldOutFor, setSoldOutFor] = useState<string | null>(null);
  // The outlet's own price per variant (null = the menu price), read with `soldOut`.
  const [outletPrices, setOutletPrices] = useState<Record<string, number | null>>({});
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [its, cats, mods, txs] = await Promise.all([
        call((api) =>
          api.GET('/v1/catalog/items', { params: { query: { limit: 200, includeArchived: true } } }),
        ),
        call((api) => api.GET('/v1/catalog/categories', { params: { query: { limit: 200 } } })),
        call((api) => api.GET('/v1/catalog/modifier-groups', { params: { query: { limit: 200 } } })),
        call((api) => api.GET('/v1/catalog/tax-rates', { params: { query: { limit: 200 } } })),
      ]);
      setItems(its.items.map(liveVariants));
      setTaxes(txs.items);
      setCategories(cats.items);
      setGroups(mods.items);
      if (office.outletId) {
        const menu = await call((api) =>
          api.GET('/v1/catalog/menu', { params: { query: { outletId: office.outletId! } } }),
        );
        setSoldOut(Object.fromEntries(menu.items.map((i) => [i.id, i.soldOut])));
        setOutletPrices(
          Object.fromEntries(
            menu.items.flatMap((i) =>
              i.variants.map((v) => [v.id, v.price !== v.basePrice ? v.price : null]),
            ),
          ),
        );
        setSoldOutFor(office.outletId);
      }
    } catch (err) {
      setError((err as Error).message);
    }
  }, [office.outletId]);
  useEffect(() => {
    void load();
  }, [load]);

  const fail = (err: unknown) => toast(t('error.generic', { message: (err as Error).message }));
  const saved = (next: Item) => setItems((list) => upsert(list ?? [], liveVariants(next)));
  const archived = (items ?? []).filter((i) => i.archived);
  const shown = useMemo(
    () => (items ?? []).filter((i) => !i.archived && i.name.toLowerCase().includes(search.toLowerCase())),
    [items, search],
  );
  const categoryName = (id: string | null) =>
    categories.find((c) => c.id === id)?.name ?? t('menu.noCategory');

  if (error) {
    return (
      <p role="alert" className="panel error">
        {t('error.generic', { message: error })}
      </p>
    );
  }
  return (
    <div className="menu-screen">
      <div className="page-head">
        <h1>{t('menu.title')}</h1>
        <label className="field inline">
          <span className="visually-hidden">{t('menu.search')}</span>
          <input
            type="search"
            placeholder={t('menu.search')}
            aria-label={t('menu.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
      </div>
      <div className="grid-2 menu-grid">
        <section className="panel" aria-labelledby="items-h">
          <h2 id="items-h">{t('menu.item')}</h2>
          {!office.outletId && <p className="muted">{t('menu.pickOutlet')}</p>}
          <ul className="item-list">
            {shown.map((item) => (
              <ItemRow
                key={`${item.id}:${item.version}`}
                item={item}
                category={categoryName(item.categoryId)}
                groups={item.modifierGroupIds
                  .map((id) => groups.find((g) => g.id === id)?.name)
                  .filter((n): n is string => Boolean(n))}
                allGroups={groups.filter((g) => !g.archived)}
                soldOut={soldOutFor === office.outletId ? (soldOut[item.id] ?? false) : null}
                outletPrices={outletPrices}
                onOutletPrices={(p) => setOutletPrices((all) => ({ ...all, ...p }))}
                onSaved={saved}
                onEdit={() => setEditing(item)}
                onSoldOut={async (value) => {
                  // Shown at once; put back if the server refuses.
                  setSoldOut((s) => ({ ...s, [item.id]: value }));
                  try {
                    await call((api) =>
                      api.PATCH('/v1/outlets/{outletId}/items/{itemId}', {
                        params: { path: { outletId: office.outletId!, itemId: item.id } },
                        body: { soldOut: value },
                      }),
                    );
                  } catch (err) {
                    setSoldOut((s) => ({ ...s, [item.id]: !value }));
                    fail(err);
                  }
                }}
                onError={fail}
              />
            ))}
          </ul>
          {archived.length > 0 && (
            <details className="archived-list">
              <summary>
                {t('edit.archivedTitle')} ({archived.length})
              </summary>
              <p className="muted small-text">{t('edit.archivedLead')}</p>
              <ul className="item-list" aria-label={t('edit.archivedTitle')}>
                {archived.map((item) => (
                  <li key={item.id}>
                    <span>{item.name}</span>
                    <span className="chip soft">{categoryName(item.categoryId)}</span>
                    <Button
                      variant="ghost"
                      aria-label={t('edit.restoreOf', { name: item.name })}
                      onClick={() =>
                        void call((api) =>
                          api.PATCH('/v1/catalog/items/{id}', {
                            params: { path: { id: item.id } },
                            body: { archived: false },
                          }),
                        )
                          .then(saved)
                          .catch(fail)
                      }
                    >
                      {t('edit.restore')}
                    </Button>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
        {editing && (
          <ItemEditor
            item={editing}
            categories={categories}
            taxes={taxes}
            onSaved={saved}
            onClose={() => setEditing(null)}
            onError={fail}
          />
        )}
        <div className="stack-col">
          <AddItem
            categories={categories}
            groups={groups.filter((g) => !g.archived)}
            onAdded={saved}
            onError={fail}
          />
          <Categories
            categories={categories}
            taxes={taxes}
            onSaved={(c) => setCategories((list) => upsert(list, c))}
            onError={fail}
          />
          <ModifierGroups
            groups={groups}
            onSaved={(g) => setGroups((list) => upsert(list, g))}
            onError={fail}
          />
        </div>
      </div>
    </div>
  );
}

function ItemRow({
  item,
  category,
  groups,
  allGroups,
  soldOut,
  outletPrices,
  onOutletPrices,
  onSaved,
  onEdit,
  onSoldOut,
  onError,
}: {
  item: Item;
  category: string;
  /** Names of the item's modifier groups. */
  groups: string[];
  allGroups: ModifierGroup[];
  /** null while the chosen outlet's state loads (or with no outlet chosen). */
  soldOut: boolean | null;
  outletPrices: Record<string, number | null>;
  onOutletPrices: (p: Record<string, number | null>) => void;
  onSaved: (i: Item) => void;
  onEdit: () => void;
  onSoldOut: (v: boolean) => Promise<void>;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const office = useOffice();
  const currency = office.tenant.currency;
  const [prices, setPrices] = useState(() => item.variants.map((v) => toField(v.price, currency)));
  const dirty = prices.some((p, i) => p !== toField(item.variants[i]!.price, currency));
  const outlet = office.outlets.find((o) => o.id === office.outletId);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const next = await call((api) =>
        api.PATCH('/v1/catalog/items/{id}', {
          params: { path: { id: item.id } },
          body: {
            variants: item.variants.map((v, i) => ({
              id: v.id,
              name: v.name,
              price: majorToMinor(Number(prices[i]), currency),
            })),
          },
        }),
      );
      onSaved(next);
    } catch (err) {
      onError(err);
    }
  };
  return (
    <li className="item-row with-image">
      <ImageField
        size="sm"
        label={t('media.pictureOf', { name: item.name })}
        url={item.imageId ? item.imageUrl : null}
        onError={onError}
        onUploaded={async (image) => {
          onSaved(
            await call((api) =>
              api.PATCH('/v1/catalog/items/{id}', {
                params: { path: { id: item.id } },
                body: { imageId: image.id },
              }),
            ),
          );
        }}
      />
      <div className="item-body">
        <form onSubmit={(e) => void save(e)} aria-label={item.name}>
          <div className="item-head">
            <strong>{item.name}</strong>
            <span className="chip">{category}</span>
            {groups.map((g) => (
              <span key={g} className="chip soft">
                {g}
              </span>
            ))}
            {outlet && soldOut !== null && (
              <label className="toggle">
                <input type="checkbox" checked={soldOut} onChange={(e) => void onSoldOut(e.target.checked)} />
                <span>{t('menu.soldOutAt', { outlet: outlet.name })}</span>
              </label>
            )}
            <Button
              variant="ghost"
              className={outlet && soldOut !== null ? '' : 'push-right'}
              onClick={onEdit}
              aria-label={t('edit.editOf', { name: item.name })}
            >
              {t('edit.edit')}
            </Button>
          </div>
          <div className="variants">
            {item.variants.map((v, i) => (
              <label key={v.id} className="field price">
                <span>{v.name}</span>
                <input
                  inputMode="numeric"
                  aria-label={t('menu.priceOf', {
                    name: item.variants.length > 1 ? `${item.name} ${v.name}` : item.name,
                  })}
                  value={prices[i]}
                  onChange={(e) =>
                    setPrices((p) => p.map((x, j) => (j === i ? e.target.value.replace(/[^\d.]/g, '') : x)))
                  }
                />
                <span className="muted small-text">{office.money(v.price)}</span>
              </label>
            ))}
            <Button
              type="submit"
              variant="primary"
              disabled={!dirty}
              aria-label={`${t('menu.save')} ${item.name}`}
            >
              {t('menu.save')}
            </Button>
          </div>
        </form>
        {allGroups.length > 0 && (
          <ItemGroups item={item} groups={allGroups} onSaved={onSaved} onError={onError} />
        )}
        {outlet && soldOut !== null && (
          <OutletPrices
            key={outlet.id}
            item={item}
            outlet={outlet}
            overrides={outletPrices}
            onSaved={onOutletPrices}
            onError={onError}
          />
        )}
      </div>
    </li>
  );
}
