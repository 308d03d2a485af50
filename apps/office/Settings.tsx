import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { Segmented, useToast } from '../shared/ui/ui.tsx';
import { FormSection, SelectField, TextField } from './forms.tsx';
import { ReceiptBranding } from './SettingsReceipts.tsx';
import { Roles } from './SettingsAdmin.tsx';
import { Webhooks } from './SettingsWebhooks.tsx';
import { AuditLog } from './SettingsAudit.tsx';
import { ApiKeys } from './SettingsApiKeys.tsx';
import { Gateways, Printers } from './SettingsConnect.tsx';
import { call } from './session.ts';

type Tenant = Ok<'/v1/tenant', 'get'>;
type Pane = 'business' | 'receipts' | 'printers' | 'payments' | 'roles' | 'apiKeys' | 'webhooks' | 'audit';

/**
 * Settings: the business, receipt branding and cash rules per outlet, printers, payment gateways,
 * roles, API keys, webhooks, the audit log.
 */
export function Settings() {
  const { t } = useTranslation();
  const [pane, setPane] = useState<Pane>('business');
  const panes: Pane[] = [
    'business',
    'receipts',
    'printers',
    'payments',
    'roles',
    'apiKeys',
    'webhooks',
    'audit',
  ];
  return (
    <div className="settings-screen">
      <div className="page-head">
        <h1>{t('settings.title')}</h1>
        <Segmented
          label={t('settings.sections')}
          value={pane}
          onChange={setPane}
          options={panes.map((p) => ({ value: p, label: t(`settings.${p}`) }))}
        />
      </div>
      {pane === 'business' && <Business />}
      {pane === 'receipts' && <ReceiptBranding />}
      {pane === 'printers' && <Printers />}
      {pane === 'payments' && <Gateways />}
      {pane === 'roles' && <Roles />}
      {pane === 'apiKeys' && <ApiKeys />}
      {pane === 'webhooks' && <Webhooks />}
      {pane === 'audit' && <AuditLog />}
    </div>
  );
}

const ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Asia/Singapore', 'UTC'];

function Business() {
  const { t } = useTranslation();
  const toast = useToast();
  const [tenant, setTenant] = useState<Tenant | null>(null);
  const [name, setName] = useState('');
  const [timezone, setTimezone] = useState('Asia/Jakarta');
  const [locale, setLocale] = useState('id-ID');
  useEffect(() => {
    void call((api) => api.GET('/v1/tenant')).then((tn) => {
      setTenant(tn);
      setName(tn.name);
      setTimezone(tn.timezone);
      setLocale(tn.locale);
    });
  }, []);
  if (!tenant) {
    return <section className="panel" aria-busy="true" />;
  }
  const zones = ZONES.includes(tenant.timezone) ? ZONES : [tenant.timezone, ...ZONES];
  return (
    <div className="grid-2 menu-grid">
      <FormSection
        id="business-h"
        title={t('settings.business')}
        submit={t('settings.save')}
        onSubmit={async () => {
          try {
            setTenant(await call((api) => api.PATCH('/v1/tenant', { body: { name, timezone, locale } })));
            toast(t('settings.saved'));
          } catch (err) {
            toast(t('error.generic', { message: (err as Error).message }));
          }
        }}
      >
        <TextField
          label={t('settings.businessName')}
          value={name}
          onChange={setName}
          required
          maxLength={200}
        />
        <SelectField
          label={t('settings.timezone')}
          value={timezone}
          onChange={setTimezone}
          options={zones.map((z) => ({ value: z, label: z }))}
        />
        <SelectField
          label={t('settings.locale')}
          value={locale}
          onChange={setLocale}
          options={[
            { value: 'id-ID', label: 'Bahasa Indonesia' },
            { value: 'en-US', label: 'English' },
          ]}
        />
      </FormSection>
      <section className="panel" aria-labelledby="business-facts-h">
        <h2 id="business-facts-h">{t('settings.facts')}</h2>
        <dl className="facts">
          <dt>{t('settings.currency')}</dt>
          <dd>{tenant.currency}</dd>
          <dt>{t('settings.rounding')}</dt>
          <dd>{tenant.roundingMode}</dd>
          <dt>{t('settings.taxRounding')}</dt>
          <dd>{tenant.taxRounding}</dd>
        </dl>
      </section>
    </div>
  );
}
