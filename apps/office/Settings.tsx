import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Segmented } from '../shared/ui/ui.tsx';
import { Business } from './SettingsBusiness.tsx';
import { ReceiptBranding } from './SettingsReceipts.tsx';
import { Roles } from './SettingsAdmin.tsx';
import { Webhooks } from './SettingsWebhooks.tsx';
import { AuditLog } from './SettingsAudit.tsx';
import { ApiKeys } from './SettingsApiKeys.tsx';
import { Gateways, Printers } from './SettingsConnect.tsx';

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
