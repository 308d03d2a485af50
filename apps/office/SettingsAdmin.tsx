import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { Button, useToast } from '../shared/ui/ui.tsx';
import { CheckField, FormSection, TextField, useFail } from './forms.tsx';
import { call } from './session.ts';

type Role = Ok<'/v1/roles', 'get'>['items'][number];
type Permission = Ok<'/v1/permissions', 'get'>['items'][number];

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
