import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BodyOf, Ok } from '../shared/api-types.ts';
import { Button, useToast } from '../shared/ui/ui.tsx';
import { CheckField, FormSection, TextField, useFail } from './forms.tsx';
import { call } from './session.ts';

type Role = Ok<'/v1/roles', 'get'>['items'][number];
type Permission = Ok<'/v1/permissions', 'get'>['items'][number];
type Endpoint = Ok<'/v1/webhooks/endpoints', 'get'>['items'][number];
type EventType = BodyOf<'/v1/webhooks/endpoints', 'post'>['eventTypes'][number];
type Delivery = Ok<'/v1/webhooks/endpoints/{id}/deliveries', 'get'>['items'][number];

/** A role key from its name: "Shift lead" → "shift_lead". */
const keyOf = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^(?![a-z])/, 'r_')
    .slice(0, 50);

/** Roles: the built-in ones, and custom roles with the permissions a business picks. */
export function Roles() {
  const { t } = useTranslation();
  const toast = useToast();
  const fail = useFail();
  const [roles, setRoles] = useState<Role[]>([]);
  const [catalogue, setCatalogue] = useState<Permission[]>([]);
  const [editing, setEditing] = useState<Role | null>(null);
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  useEffect(() => {
    void Promise.all([
      call((api) => api.GET('/v1/roles', { params: { query: { limit: 200 } } })),
      call((api) => api.GET('/v1/permissions', { params: { query: { limit: 200 } } })),
    ])
      .then(([rs, ps]) => {
        setRoles(rs.items);
        setCatalogue(ps.items);
      })
      .catch(fail);
  }, []);
  const edit = (r: Role | null) => {
    setEditing(r);
    setName(r?.name ?? '');
    setPicked(r ? [...r.permissions] : []);
  };
  return (
    <div className="grid-2 menu-grid">
      <section className="panel" aria-labelledby="roles-h">
        <h2 id="roles-h">{t('settings.roles')}</h2>
        <ul className="item-list" aria-label={t('settings.roles')}>
          {roles.map((r) => (
            <li key={r.id} className="item-row" aria-label={r.name}>
              <div className="item-head">
                <strong>{r.name}</strong>
                <span className="chip soft">{r.builtin ? t('settings.builtin') : t('settings.custom')}</span>
                <span className="muted small-text">
                  {t('settings.permissionCount', { count: r.permissions.length })}
                </span>
                {!r.builtin && (
                  <Button
                    variant="ghost"
                    onClick={() => edit(r)}
                    aria-label={t('settings.editRole', { name: r.name })}
                  >
                    {t('settings.edit')}
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <FormSection
        id="role-form-h"
        title={editing ? t('settings.editRole', { name: editing.name }) : t('settings.newRole')}
        submit={editing ? t('settings.save') : t('settings.createRole')}
        disabled={!name.trim()}
        onSubmit={async () => {
          try {
            const saved = editing
              ? await call((api) =>
                  api.PATCH('/v1/roles/{id}', {
                    params: { path: { id: editing.id } },
                    body: { name, permissions: picked },
                  }),
                )
              : await call((api) =>
                  api.POST('/v1/roles', { body: { key: keyOf(name), name, permissions: picked } }),
                );
            setRoles((list) =>
              list.some((r) => r.id === saved.id)
                ? list.map((r) => (r.id === saved.id ? saved : r))
                : [...list, saved],
            );
            edit(null);
            toast(t('settings.saved'));
          } catch (err) {
            fail(err);
          }
        }}
      >
        <TextField label={t('settings.roleName')} value={name} onChange={setName} required maxLength={100} />
        <fieldset className="options permissions">
          <legend>{t('settings.permissions')}</legend>
          {catalogue.map((p) => (
            <CheckField
              key={p.name}
              label={p.description}
              checked={picked.includes(p.name)}
              onChange={(on) =>
                setPicked((list) => (on ? [...list, p.name] : list.filter((x) => x !== p.name)))
              }
            />
          ))}
        </fieldset>
      </FormSection>
    </div>
  );
}

/** Webhook endpoints: add one (its secret shown once), see its deliveries, send one again. */
export function Webhooks() {
  const { t } = useTranslation();
  const fail = useFail();
  const [endpoints, setEndpoints] = useState<Endpoint[]>([]);
  const [types, setTypes] = useState<string[]>([]);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => {
    void Promise.all([
      call((api) => api.GET('/v1/webhooks/endpoints', { params: { query: { limit: 100 } } })),
      call((api) => api.GET('/v1/webhooks/event-types', { params: { query: { limit: 200 } } })),
    ])
      .then(([es, ts]) => {
        setEndpoints(es.items);
        setTypes(ts.items);
      })
      .catch(fail);
  }, []);
  return (
    <div className="grid-2 menu-grid">
      <section className="panel" aria-labelledby="endpoints-h">
        <h2 id="endpoints-h">{t('settings.endpoints')}</h2>
        {endpoints.length === 0 && <p className="muted">{t('settings.noEndpoints')}</p>}
        <ul className="item-list">
          {endpoints.map((e) => (
            <li key={e.id} className="item-row" aria-label={e.url}>
              <div className="item-head">
                <strong className="mono">{e.url}</strong>
                <span className={`chip ${e.status === 'active' ? '' : 'soft'}`}>{e.status}</span>
                <Button variant="ghost" onClick={() => setOpen(open === e.id ? null : e.id)}>
                  {open === e.id ? t('settings.hideDeliveries') : t('settings.deliveries')}
                </Button>
              </div>
              <p className="muted small-text">{e.eventTypes.join(', ')}</p>
              {open === e.id && <Deliveries endpointId={e.id} />}
            </li>
          ))}
        </ul>
      </section>
      <div className="stack-col">
        {secret && (
          <section className="panel notice" aria-labelledby="secret-h">
            <h2 id="secret-h">{t('settings.secretTitle')}</h2>
            <p className="muted">{t('settings.secretLead')}</p>
            <code className="secret">{secret}</code>
          </section>
        )}
        <FormSection
          id="endpoint-form-h"
          title={t('settings.newEndpoint')}
          submit={t('settings.addEndpoint')}
          disabled={picked.length === 0}
          onSubmit={async () => {
            try {
              const created = await call((api) =>
                api.POST('/v1/webhooks/endpoints', {
                  body: {
                    url,
                    eventTypes: picked as EventType[],
                    ...(description ? { description } : {}),
                  },
                }),
              );
              setEndpoints((list) => [...list, created.endpoint]);
              setSecret(created.secret);
              setUrl('');
              setDescription('');
              setPicked([]);
            } catch (err) {
              fail(err);
            }
          }}
        >
          <TextField
            label={t('settings.url')}
            type="url"
            value={url}
            onChange={setUrl}
            required
            placeholder="https://"
          />
          <TextField
            label={t('settings.description')}
            value={description}
            onChange={setDescription}
            maxLength={200}
          />
          <fieldset className="options permissions">
            <legend>{t('settings.eventTypes')}</legend>
            {types.map((type) => (
              <CheckField
                key={type}
                label={type}
                checked={picked.includes(type)}
                onChange={(on) => setPicked((l) => (on ? [...l, type] : l.filter((x) => x !== type)))}
              />
            ))}
          </fieldset>
        </FormSection>
      </div>
    </div>
  );
}

function Deliveries({ endpointId }: { endpointId: string }) {
  const { t } = useTranslation();
  const fail = useFail();
  const [items, setItems] = useState<Delivery[] | null>(null);
  const load = useCallback(async () => {
    try {
      const page = await call((api) =>
        api.GET('/v1/webhooks/endpoints/{id}/deliveries', {
          params: { path: { id: endpointId }, query: { limit: 50 } },
        }),
      );
      setItems(page.items);
    } catch (err) {
      fail(err);
    }
  }, [endpointId]);
  useEffect(() => {
    void load();
  }, [load]);
  if (!items) {
    return <div aria-busy="true" />;
  }
  if (items.length === 0) {
    return <p className="muted">{t('settings.noDeliveries')}</p>;
  }
  return (
    <table className="data" aria-label={t('settings.deliveries')}>
      <thead>
        <tr>
          <th>{t('settings.event')}</th>
          <th>{t('settings.status')}</th>
          <th className="num">{t('settings.attempts')}</th>
          <th>{t('settings.response')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {items.map((d) => (
          <tr key={d.id}>
            <td>
              {d.eventType} <span className="muted">#{d.eventSeq}</span>
            </td>
            <td>
              <span className="chip soft">{d.status}</span>
            </td>
            <td className="num">{d.attempts}</td>
            <td className="muted small-text">{d.lastResponseCode ?? d.lastError ?? '—'}</td>
            <td>
              <Button
                variant="ghost"
                aria-label={t('settings.redeliverOf', { event: d.eventType, seq: d.eventSeq })}
                onClick={() =>
                  void call((api) =>
                    api.POST('/v1/webhooks/deliveries/{id}/redeliver', { params: { path: { id: d.id } } }),
                  )
                    .then((next) =>
                      setItems((list) => (list ?? []).map((x) => (x.id === next.id ? next : x))),
                    )
                    .catch(fail)
                }
              >
                {t('settings.redeliver')}
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
