import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, useToast } from '../shared/ui/ui.tsx';
import { useWaiter } from './context.ts';
import type { NewLine } from './order-api.ts';
import { useFail } from './util.ts';

const ItemDialog = lazy(() => import('../shared/ui/ItemDialog.tsx'));
const COURSES = [1, 2, 3, 4];

/** Seat (or the whole table) and course for the next lines: chosen once, kept while adding. */
function SeatCourse({
  seats,
  seat,
  course,
  onSeat,
  onCourse,
}: {
  seats: number;
  seat: number | null;
  course: number;
  onSeat: (s: number | null) => void;
  onCourse: (c: number) => void;
}) {
  const { t } = useTranslation();
  const seatOptions: (number | null)[] = [null, ...Array.from({ length: seats }, (_, i) => i + 1)];
  return (
    <div className="w-picks">
      <div className="w-pick" role="radiogroup" aria-label={t('menu.seat')}>
        <span className="w-pick-label">{t('menu.seat')}</span>
        {seatOptions.map((s) => (
          <button
            key={s ?? 'table'}
            type="button"
            role="radio"
            aria-checked={seat === s}
            aria-label={s === null ? t('menu.anySeat') : t('order.seat', { seat: s })}
            className={`w-pick-opt ${seat === s ? 'w-pick-on' : ''}`}
            onClick={() => onSeat(s)}
          >
            {s === null ? t('menu.anySeat') : s}
          </button>
        ))}
      </div>
      <div className="w-pick" role="radiogroup" aria-label={t('menu.course')}>
        <span className="w-pick-label">{t('menu.course')}</span>
        {COURSES.map((c) => (
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={course === c}
            aria-label={t('order.course', { course: c })}
            className={`w-pick-opt ${course === c ? 'w-pick-on' : ''}`}
            onClick={() => onCourse(c)}
          >
            {c}
          </button>
        ))}
      </div>
    </div>
  );
}

/** The menu on a phone: seat and course on top, search and categories, a list of items. */
export default function MenuSheet({
  title,
  guests,
  onAdd,
  onClose,
}: {
  title: string;
  guests: number;
  onAdd: (lines: NewLine[]) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { menu, money } = useWaiter();
  const toast = useToast();
  const fail = useFail();
  const [seat, setSeat] = useState<number | null>(guests > 0 ? 1 : null);
  const [course, setCourse] = useState(1);
  const [category, setCategory] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState(0);

  const categories = useMemo(
    () => menu.categories.filter((c) => !c.archived).sort((a, b) => a.sortOrder - b.sortOrder),
    [menu.categories],
  );
  const items = useMemo(() => {
    const q = query.trim().toLowerCase();
    return menu.items.filter(
      (i) =>
        !i.archived &&
        (q ? i.name.toLowerCase().includes(q) : category === null || i.categoryId === category),
    );
  }, [menu.items, category, query]);

  const add = async (line: Omit<NewLine, 'seat' | 'course'>, name: string) => {
    setBusy(true);
    try {
      await onAdd([{ ...line, seat, course }]);
      setAdded((n) => n + line.quantity);
      toast(t('menu.added', { name: `${line.quantity}× ${name}` }), 'success');
      setPicked(null);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const tap = (itemId: string) => {
    const item = menu.items.find((i) => i.id === itemId)!;
    const variants = item.variants.filter((v) => !v.archived);
    if (variants.length === 1 && item.modifierGroupIds.length === 0) {
      void add(
        { itemId, variantId: variants[0]!.id, quantity: 1, modifierOptionIds: [], notes: null },
        item.name,
      );
    } else {
      setPicked(itemId);
    }
  };

  const picks = (
    <SeatCourse seats={guests} seat={seat} course={course} onSeat={setSeat} onCourse={setCourse} />
  );
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t('menu.title', { name: title })} size="full">
      <div className="w-sheet">
        {picks}
        <input
          className="input"
          type="search"
          aria-label={t('menu.search')}
          placeholder={t('menu.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <div className="chips w-cats" role="tablist" aria-label={t('top.menu')}>
          <button
            type="button"
            role="tab"
            aria-selected={category === null && !query}
            className={`chip ${category === null ? 'chip-on' : ''}`}
            onClick={() => {
              setCategory(null);
              setQuery('');
            }}
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
        <ul className="w-items" aria-label={t('top.menu')}>
          {items.map((item) => {
            const prices = item.variants.filter((v) => !v.archived).map((v) => v.price);
            const from = prices.length ? Math.min(...prices) : 0;
            const more = item.modifierGroupIds.length > 0 || prices.length > 1;
            return (
              <li key={item.id}>
                <button
                  type="button"
                  className="w-item"
                  disabled={item.soldOut || busy}
                  aria-label={`${item.name}, ${money(from)}${item.soldOut ? `, ${t('menu.soldOut')}` : ''}`}
                  onClick={() => tap(item.id)}
                >
                  <span className="w-item-name">
                    {item.name}
                    {more ? <span className="w-item-more">{t('menu.options')}</span> : null}
                  </span>
                  <span className="w-item-price">
                    {item.soldOut ? <span className="w-badge">{t('menu.soldOut')}</span> : money(from)}
                  </span>
                  <span className="w-item-plus" aria-hidden="true">
                    +
                  </span>
                </button>
              </li>
            );
          })}
          {items.length === 0 ? <li className="w-empty">{t('menu.empty')}</li> : null}
        </ul>
      </div>
      <div className="w-sheet-foot">
        <Button variant="pay" size="lg" onClick={onClose}>
          {t('menu.done')}
          {added ? ` · ${added}` : ''}
        </Button>
      </div>
      <Suspense fallback={null}>
        {picked ? (
          <ItemDialog
            menu={menu}
            money={money}
            itemId={picked}
            onClose={() => setPicked(null)}
            onSave={(line) => {
              const name = menu.items.find((i) => i.id === picked)?.name ?? '';
              void add(
                {
                  itemId: line.itemId,
                  variantId: line.variantId,
                  quantity: line.quantity,
                  modifierOptionIds: line.modifierOptionIds,
                  notes: line.notes,
                },
                name,
              );
            }}
          >
            {picks}
          </ItemDialog>
        ) : null}
      </Suspense>
    </Dialog>
  );
}
