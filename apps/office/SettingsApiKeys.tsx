import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BodyOf, Ok } from '../shared/api-types.ts';
import { Button } from '../shared/ui/ui.tsx';
import { useOffice, useTenantTime } from './context.ts';
import { FormSection, PickField, TextField, upsert, useFail } from './forms.tsx';
import { call } from './session.ts';

type ApiKey = Ok<'/v1/api-keys', 'get'>['items'][number];
type Scope = BodyOf<'/v1/api-keys', 'post'>['scopes'][number];
type Permission = Ok<'/v1/permissions', 'get'>['items'][number];

/** API keys: scopes, an outlet limit and an expiry; the key is shown once; revoke. */
export function ApiKeys() {
  const { t } = useTranslation();
  const office = useOffice();
  const fail = useFail();
  const time = useTenantTime();
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [catalogue, setCatalogue] = useState<Permission[]>([]);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [outletIds, setOutletIds] = useState<string[]>([]);
  const [expires, setExpires] = useState('');
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  useEffect(() => {
    void Promise.all([
      call((api) => api.GET('/v1/api-keys', { params: { query: { limit: 200 } } })),
      call((api) => api.GET('/v1/permissions', { params: { query: { limit: 200 } } })),
    ])
      .then(([ks, ps]) => {
        setKeys(ks.items);
        setCatalogue(ps.items);
      })
      .catch(fail);
  }, []);
  const revoke = async (k: ApiKey) => {
    try {
      const revoked = await call((api) =>
        api.DELETE('/v1/api-keys/{id}', { params: { path: { id: k.id } } }),
      );
      setKeys((list) => upsert(list ?? [], revoked));
    } catch (err) {
      fail(err);
    }
  };
  const outletNames = (ids: string[] | null) =>
    ids === null
      ? t('staff.allOutlets')
      : ids.map((id) => office.outlets.find((o) => o.id === id)?.name ?? '?').join(', ');
  return (
    <div className="grid-2 menu-grid">
      <section className="panel" aria-labelledby="keys-h">
        <h2 id="keys-h">{t('connect.apiKeys')}</h2>
        {keys?.length === 0 && <p className="muted">{t('connect.noKeys')}</p>}
        <ul className="item-list">
          {(keys ?? []).map((k) => (
            <li key={k.id} className={`item-row ${k.revokedAt ? 'muted' : ''}`} aria-label={k.name}>
              <div className="item-head">
                <strong>{k.name}</strong>
                <span className="chip soft mono">{k.prefix}…</span>
                {k.revokedAt ? (
                  <span className="chip warn push-right">{t('connect.revoked')}</span>
                ) : (
                  <Button
                    variant="ghost"
                    className="push-right"
                    onClick={() => void revoke(k)}
                    aria-label={t('connect.revokeOf', { name: k.name })}
                  >
                    {t('regs.revoke')}
                  </Button>
                )}
              </div>
              <p className="muted small-text">
                {[
                  t('connect.scopeCount', { count: k.scopes.length }),
                  outletNames(k.outletIds),
                  k.expiresAt ? t('connect.expires', { time: time(k.expiresAt) }) : t('connect.noExpiry'),
                  k.lastUsedAt ? t('regs.lastSeen', { time: time(k.lastUsedAt) }) : t('connect.neverUsed'),
                ].join(' · ')}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <div className="stack-col">
        {secret && (
          <section className="panel notice" aria-labelledby="key-secret-h">
            <h2 id="key-secret-h">{t('connect.keyTitle', { name: secret.name })}</h2>
            <p className="muted">{t('connect.keyLead')}</p>
            <code className="secret">{secret.secret}</code>
          </section>
        )}
        <FormSection
          id="key-form-h"
          title={t('connect.newKey')}
          submit={t('connect.createKey')}
          disabled={scopes.length === 0}
          onSubmit={async () => {
            try {
              const created = await call((api) =>
                api.POST('/v1/api-keys', {
                  body: {
                    name,
                    scopes,
                    ...(outletIds.length ? { outletIds } : {}),
                    ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}),
                  },
                }),
              );
              setKeys((list) => [created.apiKey, ...(list ?? [])]);
              setSecret({ name: created.apiKey.name, secret: created.secret });
              setName('');
              setScopes([]);
              setOutletIds([]);
              setExpires('');
            } catch (err) {
              fail(err);
            }
          }}
        >
          <TextField label={t('connect.keyName')} value={name} onChange={setName} required maxLength={100} />
          <label className="field">
            <span>{t('connect.expiry')}</span>
            <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </label>
          <PickField
            legend={t('staff.worksAt')}
            hint={t('staff.noneMeansAll')}
            options={office.outlets.map((o) => ({ value: o.id, label: o.name }))}
            picked={outletIds}
            onChange={setOutletIds}
          />
          <PickField
            className="options permissions"
            legend={t('connect.scopes')}
            options={catalogue.map((p) => ({ value: p.name, label: p.description }))}
            picked={scopes}
            onChange={setScopes}
          />
        </FormSection>
      </div>
    </div>
  );
}
