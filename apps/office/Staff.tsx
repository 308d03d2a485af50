import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { Button, useToast } from '../shared/ui/ui.tsx';
import { useOffice } from './context.ts';
import { CheckField, FormSection, PickField, SelectField, TextField, upsert, useFail } from './forms.tsx';
import { call } from './session.ts';

type Member = Ok<'/v1/staff', 'get'>['items'][number];
type Role = Ok<'/v1/roles', 'get'>['items'][number];

/** Staff: who they are, their role, the outlets they may work at; add a person; disable one. */
export function Staff() {
  const { t } = useTranslation();
  const office = useOffice();
  const [staff, setStaff] = useState<Member[] | null>(null);
  const [roles, setRoles] = useState<Role[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Member | null>(null);
  const fail = useFail();

  const load = useCallback(async () => {
    try {
      const [st, rs] = await Promise.all([
        call((api) => api.GET('/v1/staff', { params: { query: { limit: 500 } } })),
        call((api) => api.GET('/v1/roles', { params: { query: { limit: 100 } } })),
      ]);
      setStaff(st.items);
      setRoles(rs.items);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const outletNames = (ids: string[] | null) =>
    ids === null
      ? t('staff.allOutlets')
      : ids.map((id) => office.outlets.find((o) => o.id === id)?.name ?? '?').join(', ');
  const replace = (m: Member) => setStaff((list) => (list ?? []).map((x) => (x.id === m.id ? m : x)));
  const update = async (m: Member, body: { status?: 'active' | 'disabled'; roleId?: string }) => {
    try {
      replace(await call((api) => api.PATCH('/v1/staff/{id}', { params: { path: { id: m.id } }, body })));
    } catch (err) {
      fail(err);
    }
  };

  if (error) {
    return (
      <p role="alert" className="panel error">
        {t('error.generic', { message: error })}
      </p>
    );
  }
  return (
    <div>
      <div className="page-head">
        <h1>{t('staff.title')}</h1>
      </div>
      <div className="menu-grid grid-2">
        <section className="panel" aria-labelledby="staff-h">
          <h2 id="staff-h" className="visually-hidden">
            {t('staff.title')}
          </h2>
          <table className="data" aria-labelledby="staff-h">
            <thead>
              <tr>
                <th>{t('menu.name')}</th>
                <th>{t('staff.role')}</th>
                <th>{t('staff.outlets')}</th>
                <th>{t('staff.status')}</th>
                <th>
                  <span className="visually-hidden">{t('settings.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(staff ?? []).map((m) => (
                <tr key={m.id} className={m.status === 'disabled' ? 'muted' : ''}>
                  <td>
                    <strong>{m.displayName}</strong>
                    <div className="muted small-text">
                      {m.email}
                      {m.hasPin ? ` · ${t('staff.hasPin')}` : ''}
                    </div>
                  </td>
                  <td>
                    <select
                      aria-label={t('staff.roleOf', { name: m.displayName })}
                      value={m.role.id}
                      onChange={(e) => void update(m, { roleId: e.target.value })}
                    >
                      {roles.map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.name}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{outletNames(m.outletIds)}</td>
                  <td>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={m.status === 'active'}
                        aria-label={t('staff.activeOf', { name: m.displayName })}
                        onChange={(e) => void update(m, { status: e.target.checked ? 'active' : 'disabled' })}
                      />
                      <span>{t(`staff.${m.status === 'active' ? 'active' : 'disabled'}`)}</span>
                    </label>
                  </td>
                  <td>
                    <Button
                      variant="ghost"
                      onClick={() => setEditing(m)}
                      aria-label={t('connect.editOf', { name: m.displayName })}
                    >
                      {t('settings.edit')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <StaffForm
          key={editing?.id ?? 'new'}
          roles={roles}
          editing={editing}
          onSaved={(m) => setStaff((list) => upsert(list ?? [], m))}
          onDone={() => setEditing(null)}
          onError={fail}
        />
      </div>
    </div>
  );
}

/** Add a person, or edit one in place: name, role, outlets, a new PIN (or none). */
function StaffForm({
  roles,
  editing,
  onSaved,
  onDone,
  onError,
}: {
  roles: Role[];
  editing: Member | null;
  onSaved: (m: Member) => void;
  onDone: () => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const office = useOffice();
  const toast = useToast();
  const [name, setName] = useState(editing?.displayName ?? '');
  const [email, setEmail] = useState('');
  const [roleId, setRoleId] = useState(editing?.role.id ?? '');
  const [pin, setPin] = useState('');
  const [clearPin, setClearPin] = useState(false);
  const [password, setPassword] = useState('');
  const [outletIds, setOutletIds] = useState<string[]>(editing?.outletIds ?? []);
  const role = roleId || roles.find((r) => r.key === 'cashier')?.id || roles[0]?.id || '';
  const outlets = outletIds.length ? outletIds : null;
  const save = async () => {
    try {
      const saved = editing
        ? await call((api) =>
            api.PATCH('/v1/staff/{id}', {
              params: { path: { id: editing.id } },
              body: {
                displayName: name,
                roleId: role,
                outletIds: outlets,
                ...(pin ? { pin } : clearPin ? { pin: null } : {}),
              },
            }),
          )
        : await call((api) =>
            api.POST('/v1/staff', {
              body: { name, email, password, roleId: role, outletIds: outlets, ...(pin ? { pin } : {}) },
            }),
          );
      onSaved(saved);
      toast(t('settings.saved'));
      onDone();
    } catch (err) {
      onError(err);
    }
  };
  return (
    <FormSection
      id="staff-form-h"
      title={editing ? t('connect.editOf', { name: editing.displayName }) : t('staff.add')}
      submit={editing ? t('settings.save') : t('staff.addSubmit')}
      onSubmit={save}
    >
      <TextField label={t('menu.name')} value={name} onChange={setName} required maxLength={200} />
      {!editing && (
        <>
          <TextField label={t('signIn.email')} type="email" value={email} onChange={setEmail} required />
          <TextField
            label={t('staff.password')}
            type="password"
            value={password}
            onChange={setPassword}
            required
          />
        </>
      )}
      <SelectField
        label={t('staff.role')}
        value={role}
        onChange={setRoleId}
        options={roles.map((r) => ({ value: r.id, label: r.name }))}
      />
      <TextField
        label={editing ? t('staff.newPin') : t('staff.pin')}
        value={pin}
        onChange={(v) => setPin(v.replace(/\D/g, ''))}
        inputMode="numeric"
        maxLength={8}
        hint={editing?.hasPin ? t('staff.pinKept') : undefined}
      />
      {editing?.hasPin && (
        <CheckField
          label={t('staff.clearPin')}
          checked={clearPin && !pin}
          onChange={setClearPin}
          disabled={!!pin}
        />
      )}
      <PickField
        legend={t('staff.worksAt')}
        hint={t('staff.noneMeansAll')}
        options={office.outlets.map((o) => ({ value: o.id, label: o.name }))}
        picked={outletIds}
        onChange={setOutletIds}
      />
      {editing && (
        <Button variant="ghost" onClick={onDone}>
          {t('connect.cancel')}
        </Button>
      )}
    </FormSection>
  );
}
