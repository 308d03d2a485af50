import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BodyOf, Ok } from '../shared/api-types.ts';
import { Button, Dialog } from '../shared/ui/ui.tsx';
import { useTenantTime } from './context.ts';
import { CheckField, FormSection, TextField, upsert, useFail } from './forms.tsx';
import { call } from './session.ts';

type Endpoint = Ok<'/v1/webhooks/endpoints', 'get'>['items'][number];
type EventType = BodyOf<'/v1/webhooks/endpoints', 'post'>['eventTypes'][number];
type Delivery = Ok<'/v1/webhooks/endpoints/{id}/deliveries', 'get'>['items'][number];

/**
 * Webhook endpoints: add one (its secret shown once), edit its URL, description and events, pause
 * and resume it, issue a new secret (shown once; the old one keeps signing for 24 h), delete it;
 * see its deliveries and send one again.
 */
export function Webhooks() {
  const { t } = useTranslation();
  const fail = useFail();
  const [endpoints, setEndpoints] = useState<Endpoint[]>([]);
  const [types, setTypes] = useState<string[]>([]);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [editing, setEditing] = useState<Endpoint | null>(null);
  const [deleting, setDeleting] = useState<Endpoint | null>(null);
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
  const saved = (e: Endpoint) => setEndpoints((list) => upsert(list, e));
  const change = (e: Endpoint, body: BodyOf<'/v1/webhooks/endpoints/{id}', 'patch'>) =>
    void call((api) => api.PATCH('/v1/webhooks/endpoints/{id}', { params: { path: { id: e.id } }, body }))
      .then(saved)
      .catch(fail);
  const rotate = (e: Endpoint) =>
    void call((api) =>
      api.POST('/v1/webhooks/endpoints/{id}/rotate-secret', { params: { path: { id: e.id } } }),
    )
      .then((r) => {
        saved(r.endpoint);
        setSecret({ url: r.endpoint.url, secret: r.secret });
      })
      .catch(fail);
  const remove = (e: Endpoint) =>
    void call((api) => api.DELETE('/v1/webhooks/endpoints/{id}', { params: { path: { id: e.id } } }))
      .then(() => {
        setEndpoints((list) => list.filter((x) => x.id !== e.id));
        setDeleting(null);
        if (editing?.id === e.id) {
          setEditing(null);
        }
      })
      .catch(fail);

  return (
    <div className="grid-2 menu-grid">
      <section className="panel" aria-labelledby="endpoints-h">
        <h2 id="endpoints-h">{t('settings.endpoints')}</h2>
        {endpoints.length === 0 && <p className="muted">{t('settings.noEndpoints')}</p>}
        <ul className="item-list">
          {endpoints.map((e) => (
            <EndpointRow
              key={e.id}
              endpoint={e}
              open={open === e.id}
              onToggle={() => setOpen(open === e.id ? null : e.id)}
              onPause={() => change(e, { status: e.status === 'active' ? 'disabled' : 'active' })}
              onEdit={() => setEditing(e)}
              onRotate={() => rotate(e)}
              onDelete={() => setDeleting(e)}
            />
          ))}
        </ul>
      </section>
      <div className="stack-col">
        {secret && (
          <section className="panel notice" aria-labelledby="secret-h">
            <h2 id="secret-h">{t('settings.secretTitle')}</h2>
            <p className="muted">
              {t('settings.secretLead')} <span className="mono">{secret.url}</span>
            </p>
            <code className="secret">{secret.secret}</code>
          </section>
        )}
        <EndpointForm
          key={editing?.id ?? 'new'}
          editing={editing}
          types={types}
          onSaved={(e, newSecret) => {
            saved(e);
            if (newSecret) {
              setSecret({ url: e.url, secret: newSecret });
            }
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      </div>
      {deleting && (
        <Dialog
          open
          onOpenChange={(o) => !o && setDeleting(null)}
          title={t('hooks.deleteTitle')}
          description={t('hooks.deleteLead', { url: deleting.url })}
        >
          <div className="form-actions">
            <span className="push-right" />
            <Button variant="ghost" onClick={() => setDeleting(null)}>
              {t('edit.cancel')}
            </Button>
            <Button variant="danger" onClick={() => remove(deleting)}>
              {t('hooks.delete')}
            </Button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

function EndpointRow({
  endpoint: e,
  open,
  onToggle,
  onPause,
  onEdit,
  onRotate,
  onDelete,
}: {
  endpoint: Endpoint;
  open: boolean;
  onToggle: () => void;
  onPause: () => void;
  onEdit: () => void;
  onRotate: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const time = useTenantTime();
  const state = e.status === 'active' ? 'active' : e.disabledReason === 'failing' ? 'failing' : 'paused';
  return (
    <li className="item-row" aria-label={e.url}>
      <div className="item-head">
        <strong className="mono">{e.url}</strong>
        <span className={`chip ${state === 'active' ? '' : state === 'failing' ? 'warn' : 'soft'}`}>
          {t(`hooks.${state}`)}
        </span>
      </div>
      {e.description && <p className="small-text endpoint-note">{e.description}</p>}
      <p className="muted small-text endpoint-note">
        {e.eventTypes.join(', ')}
        {e.previousSecretExpiresAt &&
          ` · ${t('hooks.oldSecretUntil', { time: time(e.previousSecretExpiresAt) })}`}
      </p>
      <div className="form-actions endpoint-actions">
        <Button variant="ghost" onClick={onToggle}>
          {open ? t('settings.hideDeliveries') : t('settings.deliveries')}
        </Button>
        <Button variant="ghost" onClick={onEdit} aria-label={t('edit.editOf', { name: e.url })}>
          {t('edit.edit')}
        </Button>
        <Button
          variant="ghost"
          onClick={onPause}
          aria-label={t(e.status === 'active' ? 'hooks.pauseOf' : 'hooks.resumeOf', { url: e.url })}
        >
          {t(e.status === 'active' ? 'hooks.pause' : 'hooks.resume')}
        </Button>
        <Button variant="ghost" onClick={onRotate} aria-label={t('hooks.rotateOf', { url: e.url })}>
          {t('hooks.rotate')}
        </Button>
        <Button
          variant="ghost"
          className="danger-text push-right"
          onClick={onDelete}
          aria-label={t('hooks.deleteOf', { url: e.url })}
        >
          {t('hooks.delete')}
        </Button>
      </div>
      {open && <Deliveries endpointId={e.id} />}
    </li>
  );
}

/** The form for a new endpoint, or for changing one (URL, description, events). */
function EndpointForm({
  editing,
  types,
  onSaved,
  onCancel,
}: {
  editing: Endpoint | null;
  types: string[];
  /** The secret comes only with a new endpoint. */
  onSaved: (e: Endpoint, secret: string | null) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const fail = useFail();
  const [url, setUrl] = useState(editing?.url ?? '');
  const [description, setDescription] = useState(editing?.description ?? '');
  const [picked, setPicked] = useState<string[]>(editing?.eventTypes ?? []);
  const clear = () => {
    setUrl('');
    setDescription('');
    setPicked([]);
  };
  return (
    <FormSection
      id="endpoint-form-h"
      title={editing ? t('edit.editOf', { name: editing.url }) : t('settings.newEndpoint')}
      submit={editing ? t('edit.save') : t('settings.addEndpoint')}
      disabled={picked.length === 0}
      onSubmit={async () => {
        try {
          if (editing) {
            onSaved(
              await call((api) =>
                api.PATCH('/v1/webhooks/endpoints/{id}', {
                  params: { path: { id: editing.id } },
                  body: { url, description, eventTypes: picked as EventType[] },
                }),
              ),
              null,
            );
            return;
          }
          const created = await call((api) =>
            api.POST('/v1/webhooks/endpoints', {
              body: {
                url,
                eventTypes: picked as EventType[],
                ...(description ? { description } : {}),
              },
            }),
          );
          onSaved(created.endpoint, created.secret);
          clear();
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
      {editing && (
        <Button variant="ghost" onClick={onCancel}>
          {t('edit.cancel')}
        </Button>
      )}
    </FormSection>
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
