import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { Button, useToast } from '../shared/ui/ui.tsx';
import { useOffice, useTenantTime } from './context.ts';
import { CheckField, FormSection, SelectField, TextField, upsert, useFail } from './forms.tsx';
import { call } from './session.ts';

type Printer = Ok<'/v1/printers', 'get'>['items'][number];
type Gateway = Ok<'/v1/payment-gateways', 'get'>['items'][number];
type GatewayName = 'stripe' | 'midtrans' | 'razorpay' | 'xendit';

/** What each gateway needs beyond its secret key (the server says the same when one is missing). */
const GATEWAYS: ReadonlyArray<{ name: GatewayName; label: string; keyId: boolean; webhookSecret: boolean }> =
  [
    { name: 'midtrans', label: 'Midtrans', keyId: false, webhookSecret: false },
    { name: 'xendit', label: 'Xendit', keyId: false, webhookSecret: true },
    { name: 'stripe', label: 'Stripe', keyId: false, webhookSecret: true },
    { name: 'razorpay', label: 'Razorpay', keyId: true, webhookSecret: true },
  ];

/** How a written-only secret is shown: never its value, only that one is set. */
const MASK = '••••••••';

/** Network printers per outlet: receipt or kitchen station, address, paper; add and edit in place. */
export function Printers() {
  const { t } = useTranslation();
  const office = useOffice();
  const toast = useToast();
  const fail = useFail();
  const [printers, setPrinters] = useState<Printer[] | null>(null);
  const [editing, setEditing] = useState<Printer | null>(null);
  const [outletId, setOutletId] = useState(office.outlets[0]?.id ?? '');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'receipt' | 'kitchen'>('receipt');
  const [station, setStation] = useState('');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('9100');
  const [paper, setPaper] = useState<'58' | '80'>('80');
  const [enabled, setEnabled] = useState(true);
  useEffect(() => {
    void call((api) => api.GET('/v1/printers', { params: { query: { limit: 200 } } }))
      .then((page) => setPrinters(page.items))
      .catch(fail);
  }, []);
  const edit = (p: Printer | null) => {
    setEditing(p);
    setOutletId(p?.outletId ?? office.outlets[0]?.id ?? '');
    setName(p?.name ?? '');
    setKind(p?.kind ?? 'receipt');
    setStation(p?.station ?? '');
    setHost(p?.host ?? '');
    setPort(String(p?.port ?? 9100));
    setPaper(p?.paper === 58 ? '58' : '80');
    setEnabled(p?.enabled ?? true);
  };
  const outletName = (id: string) => office.outlets.find((o) => o.id === id)?.name ?? '?';
  return (
    <div className="grid-2 menu-grid">
      <section className="panel" aria-labelledby="printers-h">
        <h2 id="printers-h">{t('connect.printers')}</h2>
        {printers?.length === 0 && <p className="muted">{t('connect.noPrinters')}</p>}
        <ul className="item-list">
          {(printers ?? []).map((p) => (
            <li key={p.id} className={`item-row ${p.enabled ? '' : 'muted'}`} aria-label={p.name}>
              <div className="item-head">
                <strong>{p.name}</strong>
                <span className={`chip ${p.status === 'offline' ? 'warn' : 'soft'}`}>
                  {t(`connect.status.${p.status}`)}
                </span>
                <Button
                  variant="ghost"
                  className="push-right"
                  onClick={() => edit(p)}
                  aria-label={t('connect.editOf', { name: p.name })}
                >
                  {t('settings.edit')}
                </Button>
              </div>
              <p className="muted small-text">
                {[
                  outletName(p.outletId),
                  p.kind === 'kitchen'
                    ? t('connect.kitchenAt', { station: p.station ?? '—' })
                    : t('connect.receipt'),
                  `${p.host}:${p.port}`,
                  `${p.paper} mm`,
                  ...(p.enabled ? [] : [t('connect.disabled')]),
                ].join(' · ')}
              </p>
              {p.lastError && <p className="error small-text">{p.lastError}</p>}
            </li>
          ))}
        </ul>
      </section>
      <FormSection
        id="printer-form-h"
        title={editing ? t('connect.editOf', { name: editing.name }) : t('connect.newPrinter')}
        submit={editing ? t('settings.save') : t('connect.addPrinter')}
        onSubmit={async () => {
          const body = {
            name,
            kind,
            station: kind === 'kitchen' && station ? station : null,
            host,
            port: Number(port),
            paper: paper === '58' ? (58 as const) : (80 as const),
            enabled,
          };
          try {
            const saved = editing
              ? await call((api) =>
                  api.PATCH('/v1/printers/{id}', { params: { path: { id: editing.id } }, body }),
                )
              : await call((api) => api.POST('/v1/printers', { body: { ...body, outletId } }));
            setPrinters((list) => upsert(list ?? [], saved));
            edit(null);
            toast(t('settings.saved'));
          } catch (err) {
            fail(err);
          }
        }}
      >
        {!editing && (
          <SelectField
            label={t('settings.outlet')}
            value={outletId}
            onChange={setOutletId}
            options={office.outlets.map((o) => ({ value: o.id, label: o.name }))}
          />
        )}
        <TextField label={t('menu.name')} value={name} onChange={setName} required maxLength={200} />
        <div className="row-2 even">
          <SelectField
            label={t('connect.kind')}
            value={kind}
            onChange={setKind}
            options={[
              { value: 'receipt', label: t('connect.receipt') },
              { value: 'kitchen', label: t('connect.kitchen') },
            ]}
          />
          <SelectField
            label={t('connect.paper')}
            value={paper}
            onChange={setPaper}
            options={[
              { value: '80', label: '80 mm' },
              { value: '58', label: '58 mm' },
            ]}
          />
        </div>
        {kind === 'kitchen' && (
          <TextField
            label={t('connect.station')}
            value={station}
            onChange={setStation}
            maxLength={40}
            hint={t('connect.stationHint')}
          />
        )}
        <div className="row-2">
          <TextField
            label={t('connect.host')}
            value={host}
            onChange={setHost}
            required
            maxLength={15}
            placeholder="192.168.1.50"
          />
          <TextField label={t('connect.port')} value={port} onChange={setPort} required maxLength={4} />
        </div>
        <CheckField label={t('connect.enabled')} checked={enabled} onChange={setEnabled} />
        {editing && (
          <Button variant="ghost" onClick={() => edit(null)}>
            {t('connect.cancel')}
          </Button>
        )}
      </FormSection>
    </div>
  );
}

/** Payment gateway accounts: the secrets are written, never shown again (masked). */
export function Gateways() {
  const { t } = useTranslation();
  const toast = useToast();
  const fail = useFail();
  const time = useTenantTime();
  const [accounts, setAccounts] = useState<Gateway[] | null>(null);
  const [gateway, setGateway] = useState<GatewayName>('midtrans');
  const [secretKey, setSecretKey] = useState('');
  const [keyId, setKeyId] = useState('');
  const [webhookSecret, setWebhookSecret] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [baseUrl, setBaseUrl] = useState('');
  useEffect(() => {
    void call((api) => api.GET('/v1/payment-gateways', { params: { query: { limit: 10 } } }))
      .then((page) => {
        setAccounts(page.items);
        setBaseUrl(page.items.find((a) => a.gateway === gateway)?.baseUrl ?? '');
      })
      .catch(fail);
  }, []);
  const need = GATEWAYS.find((g) => g.name === gateway)!;
  const current = accounts?.find((a) => a.gateway === gateway);
  const pick = (g: GatewayName) => {
    setGateway(g);
    const account = accounts?.find((a) => a.gateway === g);
    setKeyId(account?.keyId ?? '');
    setEnabled(account?.enabled ?? true);
    setBaseUrl(account?.baseUrl ?? '');
    setSecretKey('');
    setWebhookSecret('');
  };
  const remove = async (g: GatewayName) => {
    try {
      await call((api) => api.DELETE('/v1/payment-gateways/{gateway}', { params: { path: { gateway: g } } }));
      setAccounts((list) => (list ?? []).filter((a) => a.gateway !== g));
      toast(t('connect.removed'));
    } catch (err) {
      fail(err);
    }
  };
  return (
    <div className="grid-2 menu-grid">
      <section className="panel" aria-labelledby="gateways-h">
        <h2 id="gateways-h">{t('connect.gateways')}</h2>
        <ul className="item-list">
          {GATEWAYS.map((g) => {
            const a = accounts?.find((x) => x.gateway === g.name);
            return (
              <li key={g.name} className="item-row" aria-label={g.label}>
                <div className="item-head">
                  <strong>{g.label}</strong>
                  <span className={`chip ${a?.enabled ? '' : 'soft'}`}>
                    {a ? t(a.enabled ? 'connect.on' : 'connect.off') : t('connect.notSet')}
                  </span>
                  <Button
                    variant="ghost"
                    className="push-right"
                    onClick={() => pick(g.name)}
                    aria-label={t('connect.setUpOf', { name: g.label })}
                  >
                    {a ? t('settings.edit') : t('connect.setUp')}
                  </Button>
                  {a && (
                    <Button
                      variant="ghost"
                      onClick={() => void remove(g.name)}
                      aria-label={t('connect.removeOf', { name: g.label })}
                    >
                      {t('connect.remove')}
                    </Button>
                  )}
                </div>
                {a && (
                  <dl className="facts compact">
                    <dt>{t('connect.secretKey')}</dt>
                    <dd className="mono">{MASK}</dd>
                    {a.keyId && (
                      <>
                        <dt>{t('connect.keyId')}</dt>
                        <dd className="mono">{a.keyId}</dd>
                      </>
                    )}
                    <dt>{t('connect.server')}</dt>
                    <dd className="mono">{a.baseUrl}</dd>
                    <dt>{t('connect.channels')}</dt>
                    <dd>{a.channels.join(', ') || '—'}</dd>
                    <dt>{t('connect.updated')}</dt>
                    <dd>{time(a.updatedAt)}</dd>
                  </dl>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <FormSection
        id="gateway-form-h"
        title={t('connect.gatewayForm', { name: need.label })}
        submit={current ? t('connect.replaceKeys') : t('connect.connect')}
        onSubmit={async () => {
          try {
            const saved = await call((api) =>
              api.PUT('/v1/payment-gateways/{gateway}', {
                params: { path: { gateway } },
                body: {
                  secretKey,
                  enabled,
                  ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
                  ...(need.keyId && keyId ? { keyId } : {}),
                  ...(need.webhookSecret && webhookSecret ? { webhookSecret } : {}),
                },
              }),
            );
            setAccounts((list) => [...(list ?? []).filter((a) => a.gateway !== gateway), saved]);
            setSecretKey('');
            setWebhookSecret('');
            toast(t('settings.saved'));
          } catch (err) {
            fail(err);
          }
        }}
      >
        <SelectField
          label={t('connect.gateway')}
          value={gateway}
          onChange={pick}
          options={GATEWAYS.map((g) => ({ value: g.name, label: g.label }))}
        />
        <TextField
          label={t('connect.secretKey')}
          type="password"
          value={secretKey}
          onChange={setSecretKey}
          required
          maxLength={500}
          placeholder={current ? MASK : ''}
          hint={t('connect.writeOnly')}
        />
        {need.keyId && (
          <TextField label={t('connect.keyId')} value={keyId} onChange={setKeyId} required maxLength={200} />
        )}
        {need.webhookSecret && (
          <TextField
            label={t('connect.webhookSecret')}
            type="password"
            value={webhookSecret}
            onChange={setWebhookSecret}
            required
            maxLength={500}
            placeholder={current ? MASK : ''}
          />
        )}
        <TextField
          label={t('outlets.server')}
          type="url"
          value={baseUrl}
          onChange={setBaseUrl}
          maxLength={500}
          placeholder="https://"
          hint={t('outlets.serverHint')}
        />
        <CheckField label={t('connect.takePayments')} checked={enabled} onChange={setEnabled} />
      </FormSection>
    </div>
  );
}
