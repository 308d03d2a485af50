// An outlet's own form (name, address, time zone) and the outlets archived, to restore.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { Button, Dialog, useToast } from '../shared/ui/ui.tsx';
import { useOffice } from './context.ts';
import { FormSection, SelectField, TextField } from './forms.tsx';
import { call } from './session.ts';

type Outlet = Ok<'/v1/outlets', 'get'>['items'][number];

const ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Asia/Singapore', 'UTC'];

/** Add an outlet, or edit one in place: name, address, its own time zone (or the business's). */
export function OutletForm({
  editing,
  onSaved,
  onDone,
  onError,
}: {
  editing: Outlet | null;
  onSaved: (o: Outlet) => void;
  onDone: () => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const office = useOffice();
  const toast = useToast();
  const [name, setName] = useState(editing?.name ?? '');
  const [address, setAddress] = useState(editing?.address ?? '');
  const [timezone, setTimezone] = useState(editing?.timezone ?? '');
  const [archiving, setArchiving] = useState(false);
  const archive = async () => {
    try {
      onSaved(
        await call((api) =>
          api.PATCH('/v1/outlets/{id}', { params: { path: { id: editing!.id } }, body: { archived: true } }),
        ),
      );
      setArchiving(false);
      onDone();
    } catch (err) {
      onError(err);
    }
  };
  const zones = [...new Set([...(timezone ? [timezone] : []), ...ZONES])];
  const body = { name, address: address || null, timezone: timezone || null };
  return (
    <FormSection
      id="outlet-form-h"
      title={editing ? t('connect.editOf', { name: editing.name }) : t('regs.addOutlet')}
      submit={editing ? t('settings.save') : t('menu.add')}
      onSubmit={async () => {
        try {
          onSaved(
            editing
              ? await call((api) =>
                  api.PATCH('/v1/outlets/{id}', { params: { path: { id: editing.id } }, body }),
                )
              : await call((api) => api.POST('/v1/outlets', { body })),
          );
          toast(t('settings.saved'));
          onDone();
        } catch (err) {
          onError(err);
        }
      }}
    >
      <TextField label={t('menu.name')} value={name} onChange={setName} required maxLength={200} />
      <TextField label={t('regs.address')} value={address} onChange={setAddress} maxLength={500} />
      <SelectField
        label={t('settings.timezone')}
        value={timezone}
        onChange={setTimezone}
        options={[
          { value: '', label: t('regs.businessZone', { zone: office.tenant.timezone }) },
          ...zones.map((z) => ({ value: z, label: z })),
        ]}
      />
      <dl className="facts compact">
        <dt>{t('settings.currency')}</dt>
        <dd>{office.tenant.currency}</dd>
      </dl>
      {editing && (
        <div className="form-actions">
          <Button variant="ghost" className="danger-text" onClick={() => setArchiving(true)}>
            {t('outlets.archive')}
          </Button>
          <Button variant="ghost" className="push-right" onClick={onDone}>
            {t('connect.cancel')}
          </Button>
        </div>
      )}
      {editing && archiving && (
        <Dialog
          open
          onOpenChange={(o) => !o && setArchiving(false)}
          title={t('outlets.archiveTitle', { name: editing.name })}
          description={t('outlets.archiveLead')}
        >
          <div className="form-actions">
            <span className="push-right" />
            <Button variant="ghost" onClick={() => setArchiving(false)}>
              {t('edit.cancel')}
            </Button>
            <Button variant="danger" onClick={() => void archive()}>
              {t('outlets.archive')}
            </Button>
          </div>
        </Dialog>
      )}
    </FormSection>
  );
}

/** Outlets taken out of use: listed with a way back. */
export function ArchivedOutlets({
  outlets,
  onSaved,
  onError,
}: {
  outlets: Outlet[];
  onSaved: (o: Outlet) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  if (outlets.length === 0) {
    return null;
  }
  return (
    <section className="panel" aria-labelledby="archived-outlets-h">
      <h2 id="archived-outlets-h">{t('outlets.archived')}</h2>
      <ul className="rule-list">
        {outlets.map((o) => (
          <li key={o.id} className="rule-row" aria-label={o.name}>
            <span>{o.name}</span>
            <Button
              variant="ghost"
              className="keep-ink"
              aria-label={t('edit.restoreOf', { name: o.name })}
              onClick={() =>
                void call((api) =>
                  api.PATCH('/v1/outlets/{id}', {
                    params: { path: { id: o.id } },
                    body: { archived: false },
                  }),
                )
                  .then(onSaved)
                  .catch(onError)
              }
            >
              {t('edit.restore')}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
