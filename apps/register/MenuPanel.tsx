import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegister } from './context.ts';

/** The menu: category chips and search on top, item tiles below (sold-out ones greyed, live). */
export function MenuPanel({
  onPick,
  onScan,
  disabled,
}: {
  onPick: (itemId: string) => void;
  onScan: (code: string) => boolean;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const { menu, money } = useRegister();
  const [category, setCategory] = useState<string | null>(null);
  const [query, setQuery] = useState('');

  const categories = useMemo(
    () => menu.categories.filter((c) => !c.archived).sort((a, b) => a.sortOrder - b.sortOrder),
    [menu.categories],
  );
  const items = useMemo(() => {
    const q = query.trim().toLowerCase();
    return menu.items.filter(
      (i) =>
        !i.archived &&
        (q
          ? i.name.toLowerCase().includes(q) ||
            i.variants.some((v) => v.sku === query.trim() || v.barcode === query.trim())
          : category === null || i.categoryId === category),
    );
  }, [menu.items, category, query]);

  return (
    <section className="menu" aria-label="Menu">
      <div className="menu-tools">
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            const exact = items.length === 1 ? items[0] : undefined;
            if (exact && !/^\d+$/.test(query.trim())) {
              onPick(exact.id);
              setQuery('');
            } else if (query.trim() && onScan(query)) {
              setQuery('');
            }
          }}
        >
          <input
            className="input search"
            type="search"
            aria-label={t('menu.search')}
            placeholder={t('menu.search')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </form>
        <div className="chips" role="tablist" aria-label="Categories">
          <button
            type="button"
            role="tab"
            aria-selected={category === null}
            className={`chip ${category === null ? 'chip-on' : ''}`}
            onClick={() => setCategory(null)}
          >
            {t('menu.all')}
          </button>
          {categories.map((c) => (
            <button
              key={c.id}
              type="button"
              role="tab"
              aria-selected={category === c.id}
              className={`chip ${category === c.id ? 'chip-on' : ''}`}
              onClick={() => {
                setCategory(c.id);
                setQuery('');
              }}
            >
              {c.name}
            </button>
          ))}
        </div>
      </div>
      <ul className="tiles" aria-label="Items">
        {items.map((item) => {
          const prices = item.variants.filter((v) => !v.archived).map((v) => v.price);
          const from = prices.length ? Math.min(...prices) : 0;
          const hue = [...item.name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 360, 7);
          return (
            <li key={item.id}>
              <button
                type="button"
                className={`tile ${item.soldOut ? 'tile-out' : ''}`}
                disabled={item.soldOut || disabled}
                aria-label={`${item.name}, ${money(from)}${item.soldOut ? `, ${t('menu.soldOut')}` : ''}`}
                onClick={() => onPick(item.id)}
                style={{ ['--tile-hue' as string]: String(hue) }}
              >
                {item.imageUrl && item.imageId ? (
                  <img className="tile-image" src={item.imageUrl} alt="" loading="lazy" />
                ) : (
                  <span className="tile-swatch" aria-hidden="true">
                    {item.name.slice(0, 1)}
                  </span>
                )}
                <span className="tile-name">{item.name}</span>
                <span className="tile-price">
                  {prices.length > 1 ? '' : ''}
                  {money(from)}
                </span>
                {item.soldOut ? <span className="badge badge-out">{t('menu.soldOut')}</span> : null}
                {item.modifierGroupIds.length || prices.length > 1 ? (
                  <span className="tile-more" aria-hidden="true">
                    ⋯
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
        {items.length === 0 ? <li className="muted empty">{t('menu.empty')}</li> : null}
      </ul>
    </section>
  );
}
