import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { Button } from '../shared/ui/ui.tsx';
import { CheckField, FormSection, SelectField, TextField, upsert, useFail } from './forms.tsx';
import { call } from './session.ts';

type Station = Ok<'/v1/kitchen/stations', 'get'>['items'][number];
type Route = Ok<'/v1/kitchen/routes', 'get'>['items'][number];
type Item = Ok<'/v1/catalog/items', 'get'>['items'][number];
type Category = Ok<'/v1/catalog/categories', 'get'>['items'][number];

/** A station key from its name: "Dapur Panas" + "Kemang" → "dapur-panas-kemang" (a–z, 0–9, -, _; ≤ 40). */
export function stationKey(name: string, outletName: string): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const place = slug(outletName.split(/[—–-]/).pop() ?? outletName);
  return [slug(name) || 'station', place].filter(Boolean).join('-').slice(0, 40).replace(/-+$/, '');
}

const COURSES = ['', '1', '2', '3', '4'];

/**
 * The kitchen of one outlet: its stations (name, when a ticket turns late, which one takes what no
 * rule routes) and the routing — a station per category, and items that go elsewhere.
 */
export function KitchenStations({ outletId, outletName }: { outletId: string; outletName: string }) {
  const { t } = useTranslation();
  const fail = useFail();
  const [stations, setStations] = useState<Station[] | null>(null);
  const [routes, setRoutes] = useState<Route[]>([]);
  const [items, setItems] = useState<Item[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [editing, setEditing] = useState<Station | null>(null);

  const load = useCallback(async () => {
    try {
      const [ss, rs, its, cats] = await Promise.all([
        call((api) => api.GET('/v1/kitchen/stations', { params: { query: { outletId, limit: 100 } } })),
        call((api) => api.GET('/v1/kitchen/routes', { params: { query: { outletId, limit: 500 } } })),
        call((api) => api.GET('/v1/catalog/items', { params: { query: { limit: 200 } } })),
        call((api) => api.GET('/v1/catalog/categories', { params: { query: { limit: 200 } } })),
      ]);
      setStations(ss.items);
      setRoutes(rs.items);
      setItems(its.items);
      setCategories(cats.items.filter((c) => !c.archived));
    } catch (err) {
      fail(err);
    }
  }, [outletId]);
  useEffect(() => {
    void load();
  }, [load]);
  if (!stations) {
    return <section className="panel" aria-busy="true" />;
  }
  const fallback = stations.find((s) => s.isDefault);
  // Taken out of use with its routing rules (the server refuses while it has tickets to cook).
  const removeStation = async (s: Station) => {
    try {
      await call((api) =>
        api.PATCH('/v1/kitchen/stations/{id}', { params: { path: { id: s.id } }, body: { archived: true } }),
      );
      setStations((list) => (list ?? []).filter((x) => x.id !== s.id));
      setRoutes((list) => list.filter((r) => r.stationId !== s.id));
      if (editing?.id === s.id) {
        setEditing(null);
      }
    } catch (err) {
      fail(err);
    }
  };
  const stationName = (id: string) => stations.find((s) => s.id === id)?.name ?? '—';
  const route = async (
    target: { itemId: string } | { categoryId: string },
    stationId: string,
    course: string,
  ) => {
    const existing = routes.find((r) =>
      'itemId' in target ? r.itemId === target.itemId : r.categoryId === target.categoryId,
    );
    try {
      if (!stationId) {
        if (existing) {
          await call((api) =>
            api.DELETE('/v1/kitchen/routes/{id}', { params: { path: { id: existing.id } } }),
          );
          setRoutes((list) => list.filter((r) => r.id !== existing.id));
        }
        return;
      }
      const saved = await call((api) =>
        api.POST('/v1/kitchen/routes', {
          body: { stationId, ...target, course: course ? Number(course) : null },
        }),
      );
      setRoutes((list) => [...list.filter((r) => r.id !== existing?.id && r.id !== saved.id), saved]);
    } catch (err) {
      fail(err);
    }
  };
  const stationOptions = [
    { value: '', label: t('stations.defaultStation', { name: fallback?.name ?? t('stations.none') }) },
    ...stations.map((s) => ({ value: s.id, label: s.name })),
  ];
  const itemRoutes = routes.filter((r) => r.itemId);

  return (
    <div className="menu-grid grid-2">
      <div className="stack-col">
        <section className="panel" aria-labelledby="stations-h">
          <h2 id="stations-h">{t('stations.title')}</h2>
          {stations.length === 0 && <p className="muted">{t('stations.noStations')}</p>}
          <ul className="rule-list">
            {stations.map((s) => (
              <li key={s.id} className="rule-row" aria-label={s.name}>
                <div>
                  <div className="item-head tight">
                    <strong>{s.name}</strong>
                    {s.isDefault && <span className="chip">{t('stations.isDefault')}</span>}
                  </div>
                  <span className="muted small-text">
                    <span className="mono">{s.key}</span> ·{' '}
                    {t('stations.lateAfter', { minutes: Math.round(s.lateAfterSeconds / 60) })}
                  </span>
                </div>
                <div className="rule-actions">
                  <Button
                    variant="ghost"
                    className="keep-ink"
                    onClick={() => setEditing(s)}
                    aria-label={t('edit.editOf', { name: s.name })}
                  >
                    {t('edit.edit')}
                  </Button>
                  {!s.isDefault && (
                    <Button
                      variant="ghost"
                      className="danger-text"
                      title={t('stations.removeHint')}
                      aria-label={t('stations.removeOf', { name: s.name })}
                      onClick={() => void removeStation(s)}
                    >
                      {t('stations.remove')}
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </section>
        <section className="panel" aria-labelledby="routing-h">
          <h2 id="routing-h">{t('stations.routing')}</h2>
          <p className="muted small-text">{t('stations.routingLead')}</p>
          <table className="data routing" aria-label={t('stations.byCategory')}>
            <thead>
              <tr>
                <th>{t('stations.category')}</th>
                <th>{t('stations.station')}</th>
                <th>{t('stations.course')}</th>
              </tr>
            </thead>
            <tbody>
              {categories.map((c) => {
                const r = routes.find((x) => x.categoryId === c.id);
                return (
                  <tr key={c.id}>
                    <td>{c.name}</td>
                    <td>
                      <select
                        aria-label={t('stations.stationOf', { name: c.name })}
                        value={r?.stationId ?? ''}
                        onChange={(e) =>
                          void route({ categoryId: c.id }, e.target.value, r?.course ? String(r.course) : '')
                        }
                      >
                        {stationOptions.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <select
                        aria-label={t('stations.courseOf', { name: c.name })}
                        value={r?.course ? String(r.course) : ''}
                        disabled={!r}
                        onChange={(e) => r && void route({ categoryId: c.id }, r.stationId, e.target.value)}
                      >
                        {COURSES.map((n) => (
                          <option key={n} value={n}>
                            {n ? t('stations.courseN', { n }) : t('stations.noCourse')}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h3 className="sub-head">{t('stations.itemRules')}</h3>
          {itemRoutes.length === 0 && <p className="muted small-text">{t('stations.noItemRules')}</p>}
          <ul className="rule-list" aria-label={t('stations.itemRules')}>
            {itemRoutes.map((r) => {
              const name = items.find((i) => i.id === r.itemId)?.name ?? '—';
              return (
                <li key={r.id} className="rule-row" aria-label={name}>
                  <span>
                    <strong>{name}</strong> → {stationName(r.stationId)}
                    {r.course ? ` · ${t('stations.courseN', { n: r.course })}` : ''}
                  </span>
                  <div className="rule-actions">
                    <Button
                      variant="ghost"
                      aria-label={t('stations.removeRuleOf', { name })}
                      onClick={() => void route({ itemId: r.itemId! }, '', '')}
                    >
                      {t('stations.removeRule')}
                    </Button>
                  </div>
                </li>
              );
            })}
          </ul>
          <ItemRuleForm
            items={items.filter((i) => !itemRoutes.some((r) => r.itemId === i.id))}
            stations={stations}
            onAdd={(itemId, stationId, course) => route({ itemId }, stationId, course)}
          />
        </section>
      </div>
      <StationForm
        key={editing?.id ?? 'new'}
        outletId={outletId}
        outletName={outletName}
        editing={editing}
        onSaved={(s) => {
          // One default per outlet: the server moves the flag, so read the stations again.
          if (s.isDefault) {
            void load();
          } else {
            setStations((list) => upsert(list ?? [], s));
          }
          setEditing(null);
        }}
        onCancel={() => setEditing(null)}
      />
    </div>
  );
}

function ItemRuleForm({
  items,
  stations,
  onAdd,
}: {
  items: Item[];
  stations: Station[];
  onAdd: (itemId: string, stationId: string, course: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [itemId, setItemId] = useState('');
  const [stationId, setStationId] = useState(stations[0]?.id ?? '');
  const [course, setCourse] = useState('');
  return (
    <form
      className="form sub-form"
      aria-labelledby="item-rule-h"
      onSubmit={(e) => {
        e.preventDefault();
        void onAdd(itemId, stationId, course).then(() => setItemId(''));
      }}
    >
      <h3 id="item-rule-h">{t('stations.newItemRule')}</h3>
      <div className="row-3">
        <SelectField
          label={t('stations.item')}
          value={itemId}
          onChange={setItemId}
          options={[
            { value: '', label: t('stations.pickItem') },
            ...items.map((i) => ({ value: i.id, label: i.name })),
          ]}
        />
        <SelectField
          label={t('stations.station')}
          value={stationId}
          onChange={setStationId}
          options={stations.map((s) => ({ value: s.id, label: s.name }))}
        />
        <SelectField
          label={t('stations.course')}
          value={course}
          onChange={setCourse}
          options={COURSES.map((n) => ({
            value: n,
            label: n ? t('stations.courseN', { n }) : t('stations.noCourse'),
          }))}
        />
      </div>
      <Button type="submit" disabled={!itemId || !stationId}>
        {t('stations.addRule')}
      </Button>
    </form>
  );
}

function StationForm({
  outletId,
  outletName,
  editing,
  onSaved,
  onCancel,
}: {
  outletId: string;
  outletName: string;
  editing: Station | null;
  onSaved: (s: Station) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const fail = useFail();
  const [name, setName] = useState(editing?.name ?? '');
  const [late, setLate] = useState(String(Math.round((editing?.lateAfterSeconds ?? 480) / 60)));
  const [isDefault, setIsDefault] = useState(editing?.isDefault ?? false);
  const lateAfterSeconds = Math.min(86_400, Math.max(30, Math.round(Number(late || 8) * 60)));
  return (
    <FormSection
      id="station-form-h"
      title={editing ? t('edit.editOf', { name: editing.name }) : t('stations.newStation')}
      submit={editing ? t('edit.save') : t('stations.addStation')}
      onSubmit={async () => {
        try {
          onSaved(
            editing
              ? await call((api) =>
                  api.PATCH('/v1/kitchen/stations/{id}', {
                    params: { path: { id: editing.id } },
                    body: {
                      name: name.trim(),
                      lateAfterSeconds,
                      ...(editing.isDefault ? {} : { isDefault }),
                    },
                  }),
                )
              : await call((api) =>
                  api.POST('/v1/kitchen/stations', {
                    body: {
                      outletId,
                      key: stationKey(name, outletName),
                      name: name.trim(),
                      lateAfterSeconds,
                      isDefault,
                    },
                  }),
                ),
          );
          setName('');
        } catch (err) {
          fail(err);
        }
      }}
    >
      <TextField label={t('stations.name')} value={name} onChange={setName} required maxLength={100} />
      <TextField
        label={t('stations.lateMinutes')}
        value={late}
        inputMode="decimal"
        required
        hint={t('stations.lateHint')}
        onChange={(v) => setLate(v.replace(/[^\d.]/g, ''))}
      />
      <CheckField
        label={t('stations.takesTheRest')}
        checked={isDefault}
        disabled={editing?.isDefault ?? false}
        onChange={setIsDefault}
      />
      {!editing && name && (
        <p className="muted small-text">
          {t('stations.keyWillBe')} <span className="mono">{stationKey(name, outletName)}</span>
        </p>
      )}
      {editing && (
        <Button variant="ghost" onClick={onCancel}>
          {t('edit.cancel')}
        </Button>
      )}
    </FormSection>
  );
}
