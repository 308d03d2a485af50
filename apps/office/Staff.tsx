import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { Button, useToast } from '../shared/ui/ui.tsx';
import { useOffice } from './context.ts';
import { call } from './session.ts';

type Member = Ok<'/v1/staff', 'get'>['items'][number];
type Role = Ok<'/v1/roles', 'get'>['items'][number];

/** Staff: who they are, their role, the outlets they may work at; add a person; disable one. */
export function Staff() {
  const { t } = useTranslation();
  const office = useOffice();
  const toast = useToast();
  const [staff, setStaff] = useState<Member[] | null>(null);
  const [roles, setRoles] = useState<Role[]>([]);
  const [error, setError] = useState<string | null>(null);
  const fail = (err: unknown) => toast(t('error.generic', { message: (err as Error).message }));

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
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <AddStaff roles={roles} onAdded={(m) => setStaff((list) => [...(list ?? []), m])} onError={fail} />
      </div>
    </div>
  );
}

function AddStaff({
  roles,
  onAdded,
  onError,
}: {
  roles: Role[];
  onAdded: (m: Member) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const office = useOffice();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [roleId, setRoleId] = useState('');
  const [pin, setPin] = useState('');
  const [password, setPassword] = useState('');
  const [outletIds, setOutletIds] = useState<string[]>([]);
  const role = roleId || roles.find((r) => r.key === 'cashier')?.id || roles[0]?.id || '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onAdded(
        await call((api) =>
          api.POST('/v1/staff', {
            body: {
              name,
              email,
              password,
              roleId: role,
              outletIds: outletIds.length ? outletIds : null,
              ...(pin ? { pin } : {}),
            },
          }),
        ),
      );
      setName('');
      setEmail('');
      setPin('');
      setPassword('');
      setOutletIds([]);
    } catch (err) {
      onError(err);
    }
  };
  return (
    <form className="panel form" onSubmit={(e) => void submit(e)} aria-labelledby="add-staff-h">
      <h2 id="add-staff-h">{t('staff.add')}</h2>
      <label className="field">
        <span>{t('menu.name')}</span>
        <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('signIn.email')}</span>
        <input required type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('staff.password')}</span>
        <input
          required
          type="password"
          autoComplete="new-password"
          minLength={8}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <label className="field">
        <span>{t('staff.role')}</span>
        <select value={role} onChange={(e) => setRoleId(e.target.value)}>
          {roles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('staff.pin')}</span>
        <input
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
        />
      </label>
      <fieldset className="options">
        <legend>{t('staff.worksAt')}</legend>
        <p className="muted small-text">{t('staff.noneMeansAll')}</p>
        {office.outlets.map((o) => (
          <label key={o.id} className="check">
            <input
              type="checkbox"
              checked={outletIds.includes(o.id)}
              onChange={(e) =>
                setOutletIds((ids) => (e.target.checked ? [...ids, o.id] : ids.filter((x) => x !== o.id)))
              }
            />
            <span>{o.name}</span>
          </label>
        ))}
      </fieldset>
      <Button type="submit" variant="primary">
        {t('staff.addSubmit')}
      </Button>
    </form>
  );
}
