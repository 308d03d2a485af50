import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { Button } from '../shared/ui/ui.tsx';
import { useTenantTime } from './context.ts';
import { upsert, useFail } from './forms.tsx';
import { ArchivedOutlets, OutletForm } from './OutletForms.tsx';
import { call } from './session.ts';
import { ZReports } from './ZReports.tsx';

type Outlet = Ok<'/v1/outlets', 'get'>['items'][number];
type Register = Ok<'/v1/registers', 'get'>['items'][number];
type Device = Ok<'/v1/devices', 'get'>['items'][number];
type PairingCode = Ok<'/v1/registers/{id}/pairing-codes', 'post'>;

/** Outlets and their registers; the devices paired to each; pairing codes for a new device. */
export function Registers() {
  const { t } = useTranslation();
  const [outlets, setOutlets] = useState<Outlet[] | null>(null);
  const [registers, setRegisters] = useState<Register[]>([]);
  const [devices, setDevices] = useState<Device[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Outlet | null>(null);
  const fail = useFail();

  const load = useCallback(async () => {
    try {
      const [os, rs, ds] = await Promise.all([
        call((api) => api.GET('/v1/outlets', { params: { query: { limit: 200, includeArchived: true } } })),
        call((api) => api.GET('/v1/registers', { params: { query: { limit: 500 } } })),
        call((api) => api.GET('/v1/devices', { params: { query: { limit: 500 } } })),
      ]);
      setOutlets(os.items);
      setRegisters(rs.items);
      setDevices(ds.items);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  if (error) {
    return (
      <p role="alert" className="panel error">
        {t('error.generic', { message: error })}
      </p>
    );
  }
  return (
    <div className="registers-screen">
      <div className="page-head">
        <h1>{t('regs.title')}</h1>
      </div>
      <div className="menu-grid grid-2">
        <div className="stack-col">
          {(outlets ?? [])
            .filter((o) => !o.archived)
            .map((o) => (
              <section key={o.id} className="panel" aria-labelledby={`outlet-${o.id}`}>
                <div className="item-head">
                  <h2 id={`outlet-${o.id}`}>{o.name}</h2>
                  <span className="muted small-text">
                    {[o.address, o.timezone ?? t('regs.businessZoneShort')].filter(Boolean).join(' · ')}
                  </span>
                  <Button
                    variant="ghost"
                    className="push-right"
                    onClick={() => setEditing(o)}
                    aria-label={t('connect.editOf', { name: o.name })}
                  >
                    {t('settings.edit')}
                  </Button>
                </div>
                <ul className="item-list">
                  {registers
                    .filter((r) => r.outletId === o.id && !r.archived)
                    .map((r) => (
                      <RegisterRow
                        key={r.id}
                        register={r}
                        devices={devices.filter((d) => d.registerId === r.id && !d.revokedAt)}
                        onRevoked={(d) => setDevices((list) => upsert(list, d))}
                        onSaved={(x) => setRegisters((list) => upsert(list, x))}
                        onError={fail}
                      />
                    ))}
                </ul>
                <AddRegister
                  outlet={o}
                  onAdded={(r) => setRegisters((list) => [...list, r])}
                  onError={fail}
                />
              </section>
            ))}
        </div>
        <div className="stack-col">
          <OutletForm
            key={editing?.id ?? 'new'}
            editing={editing}
            onSaved={(o) => setOutlets((list) => upsert(list ?? [], o))}
            onDone={() => setEditing(null)}
            onError={fail}
          />
          <ArchivedOutlets
            outlets={(outlets ?? []).filter((o) => o.archived)}
            onSaved={(o) => setOutlets((list) => upsert(list ?? [], o))}
            onError={fail}
          />
        </div>
      </div>
      {outlets && (
        <ZReports
          registers={registers.filter((r) => !r.archived)}
          outletName={(id) => outlets.find((o) => o.id === id)?.name ?? ''}
        />
      )}
    </div>
  );
}

function RegisterRow({
  register,
  devices,
  onRevoked,
  onSaved,
  onError,
}: {
  register: Register;
  devices: Device[];
  onRevoked: (d: Device) => void;
  onSaved: (r: Register) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState<PairingCode | null>(null);
  const time = useTenantTime();
  const issue = async () => {
    try {
      setCode(
        await call((api) =>
          api.POST('/v1/registers/{id}/pairing-codes', { params: { path: { id: register.id } } }),
        ),
      );
    } catch (err) {
      onError(err);
    }
  };
  const [renaming, setRenaming] = useState<string | null>(null);
  const change = async (body: { name?: string; archived?: boolean }) => {
    try {
      onSaved(
        await call((api) => api.PATCH('/v1/registers/{id}', { params: { path: { id: register.id } }, body })),
      );
      setRenaming(null);
    } catch (err) {
      onError(err);
    }
  };
  const revoke = async (d: Device) => {
    try {
      onRevoked(await call((api) => api.DELETE('/v1/devices/{id}', { params: { path: { id: d.id } } })));
    } catch (err) {
      onError(err);
    }
  };
  return (
    <li className="item-row" aria-label={register.name}>
      {renaming !== null ? (
        <form
          className="inline-form"
          aria-label={t('regs.renameOf', { name: register.name })}
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void change({ name: renaming });
          }}
        >
          <input
            required
            maxLength={200}
            aria-label={t('regs.registerName')}
            value={renaming}
            onChange={(e) => setRenaming(e.target.value)}
          />
          <Button type="submit" variant="primary">
            {t('settings.save')}
          </Button>
          <Button variant="ghost" onClick={() => setRenaming(null)}>
            {t('connect.cancel')}
          </Button>
        </form>
      ) : (
        <div className="item-head">
          <strong>{register.name}</strong>
          <span className="chip soft">{t('regs.devices', { count: devices.length })}</span>
          <Button
            variant="ghost"
            className="push-right"
            onClick={() => setRenaming(register.name)}
            aria-label={t('regs.renameOf', { name: register.name })}
          >
            {t('regs.rename')}
          </Button>
          {devices.length === 0 && (
            <Button
              variant="ghost"
              onClick={() => void change({ archived: true })}
              aria-label={t('pricing.archiveOf', { name: register.name })}
            >
              {t('pricing.archive')}
            </Button>
          )}
          <Button onClick={() => void issue()}>{t('regs.pairingCode')}</Button>
        </div>
      )}
      {code && (
        <div className="pairing-code" role="status" aria-label={t('regs.codeFor', { name: register.name })}>
          <span className="code">{code.code}</span>
          <span className="muted small-text">{t('regs.codeHelp', { time: time(code.expiresAt) })}</span>
        </div>
      )}
      {devices.length > 0 && (
        <ul className="device-list">
          {devices.map((d) => (
            <li key={d.id}>
              <span>{d.name}</span>
              <span className="muted small-text">
                {d.lastSeenAt ? t('regs.lastSeen', { time: time(d.lastSeenAt) }) : t('regs.neverSeen')}
              </span>
              <Button
                variant="ghost"
                onClick={() => void revoke(d)}
                aria-label={t('regs.revokeOf', { name: d.name })}
              >
                {t('regs.revoke')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function AddRegister({
  outlet,
  onAdded,
  onError,
}: {
  outlet: Outlet;
  onAdded: (r: Register) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onAdded(await call((api) => api.POST('/v1/registers', { body: { outletId: outlet.id, name } })));
      setName('');
    } catch (err) {
      onError(err);
    }
  };
  return (
    <form
      className="inline-form"
      onSubmit={(e) => void submit(e)}
      aria-label={t('regs.addTo', { outlet: outlet.name })}
    >
      <input
        required
        maxLength={200}
        placeholder={t('regs.newRegister')}
        aria-label={t('regs.registerName')}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <Button type="submit">{t('regs.addRegister')}</Button>
    </form>
  );
}
