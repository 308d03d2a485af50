import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { majorToMinor } from '../shared/money.ts';
import { currencyExponent } from '../../src/platform/money/currency.ts';
import { useToast } from '../shared/ui/ui.tsx';
import { useOffice } from './context.ts';
import { CheckField, FormSection, SelectField, TextField } from './forms.tsx';
import { ImageField } from './ImageField.tsx';
import { call } from './session.ts';

type CashSettings = Ok<'/v1/outlets/{id}/cash-settings', 'get'>;

/** Per outlet: the receipt's logo, tax id, header and footer, and the cash rules. */
export function ReceiptBranding() {
  const { t } = useTranslation();
  const office = useOffice();
  const toast = useToast();
  const [outletId, setOutletId] = useState(office.outletId ?? office.outlets[0]?.id ?? '');
  const [s, setS] = useState<CashSettings | null>(null);
  const [taxId, setTaxId] = useState('');
  const [header, setHeader] = useState('');
  const [footer, setFooter] = useState('');
  const [requireOpen, setRequireOpen] = useState(false);
  const [threshold, setThreshold] = useState('0');
  const [numbering, setNumbering] = useState<'outlet' | 'register'>('outlet');
  const exp = currencyExponent(office.tenant.currency);
  const fail = (err: unknown) => toast(t('error.generic', { message: (err as Error).message }));

  const show = (next: CashSettings) => {
    setS(next);
    setTaxId(next.taxId ?? '');
    setHeader(next.receiptHeader ?? '');
    setFooter(next.receiptFooter ?? '');
    setRequireOpen(next.requireOpenSession);
    setThreshold(String(next.varianceThreshold / 10 ** exp));
    setNumbering(next.receiptNumbering);
  };
  useEffect(() => {
    if (!outletId) {
      return;
    }
    setS(null);
    call((api) => api.GET('/v1/outlets/{id}/cash-settings', { params: { path: { id: outletId } } }))
      .then(show)
      .catch(fail);
  }, [outletId]);

  const patch = async (body: Parameters<typeof saveSettings>[1]) => show(await saveSettings(outletId, body));
  return (
    <div className="grid-2 menu-grid">
      <div className="stack-col">
        <section className="panel" aria-labelledby="receipt-outlet-h">
          <h2 id="receipt-outlet-h">{t('settings.outlet')}</h2>
          <SelectField
            label={t('settings.outletToSet')}
            value={outletId}
            onChange={setOutletId}
            options={office.outlets.map((o) => ({ value: o.id, label: o.name }))}
          />
          <div className="field">
            <span>{t('settings.logo')}</span>
            <ImageField
              label={t('settings.logoOf', {
                outlet: office.outlets.find((o) => o.id === outletId)?.name ?? '',
              })}
              url={s?.logoUrl ?? null}
              onError={fail}
              onUploaded={async (image) => {
                await patch({ logoImageId: image.id });
                toast(t('settings.saved'));
              }}
            />
          </div>
        </section>
        <FormSection
          id="receipt-text-h"
          title={t('settings.receiptText')}
          submit={t('settings.save')}
          busy={!s}
          onSubmit={async () => {
            try {
              await patch({
                taxId: taxId.trim() || null,
                receiptHeader: header.trim() || null,
                receiptFooter: footer.trim() || null,
              });
              toast(t('settings.saved'));
            } catch (err) {
              fail(err);
            }
          }}
        >
          <TextField label={t('settings.taxId')} value={taxId} onChange={setTaxId} maxLength={50} />
          <TextField
            label={t('settings.header')}
            value={header}
            onChange={setHeader}
            rows={2}
            maxLength={500}
          />
          <TextField
            label={t('settings.footer')}
            value={footer}
            onChange={setFooter}
            rows={2}
            maxLength={500}
          />
        </FormSection>
      </div>
      <FormSection
        id="cash-rules-h"
        title={t('settings.cashRules')}
        submit={t('settings.save')}
        busy={!s}
        onSubmit={async () => {
          try {
            await patch({
              requireOpenSession: requireOpen,
              varianceThreshold: majorToMinor(Number(threshold || '0'), office.tenant.currency),
              receiptNumbering: numbering,
            });
            toast(t('settings.saved'));
          } catch (err) {
            fail(err);
          }
        }}
      >
        <CheckField label={t('settings.requireOpen')} checked={requireOpen} onChange={setRequireOpen} />
        <TextField
          label={t('settings.threshold')}
          value={threshold}
          onChange={(v) => setThreshold(v.replace(/[^\d.]/g, ''))}
          hint={t('settings.thresholdHint')}
        />
        <SelectField
          label={t('settings.numbering')}
          value={numbering}
          onChange={setNumbering}
          options={[
            { value: 'outlet', label: t('settings.perOutlet') },
            { value: 'register', label: t('settings.perRegister') },
          ]}
        />
      </FormSection>
    </div>
  );
}

interface CashBody {
  taxId?: string | null;
  receiptHeader?: string | null;
  receiptFooter?: string | null;
  logoImageId?: string | null;
  requireOpenSession?: boolean;
  varianceThreshold?: number;
  receiptNumbering?: 'outlet' | 'register';
}

function saveSettings(outletId: string, body: CashBody) {
  return call((api) =>
    api.PATCH('/v1/outlets/{id}/cash-settings', { params: { path: { id: outletId } }, body }),
  );
}
