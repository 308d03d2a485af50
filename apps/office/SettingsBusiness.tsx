// Settings › Business: the name, time zone and language, and the money rules every sale follows —
// how amounts and taxes round, the cash rounding ("pembulatan pecahan tunai") and the smallest
// amount a card or QR payment asks for. PATCH /v1/tenant; the currency is fixed at sign-up.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { formatMoney, majorToMinor, minorToMajor } from '../shared/money.ts';
import { useToast } from '../shared/ui/ui.tsx';
import { FormSection, SelectField, TextField, useFail } from './forms.tsx';
import { call } from './session.ts';

type Tenant = Ok<'/v1/tenant', 'get'>;
type RoundingMode = 'half_even' | 'half_up';
type TaxRounding = 'bucket' | 'line';

const ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Asia/Singapore', 'UTC'];

/** "100" or "0,5" typed in major units → minor units; null when it is not a number. */
const typed = (text: string, currency: string): number | null => {
  const n = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 ? majorToMinor(n, currency) : null;
};

export function Business() {
  const { t } = useTranslation();
  const toast = useToast();
  const fail = useFail();
  const [tenant, setTenant] = useState<Tenant | null>(null);
  useEffect(() => {
    void call((api) => api.GET('/v1/tenant'))
      .then(setTenant)
      .catch(fail);
  }, []);
  if (!tenant) {
    return <section className="panel" aria-busy="true" />;
  }
  const saved = (tn: Tenant) => {
    setTenant(tn);
    toast(t('settings.saved'));
  };
  return (
    <div className="grid-2 menu-grid">
      <Identity tenant={tenant} onSaved={saved} onError={fail} />
      <MoneyRules tenant={tenant} onSaved={saved} onError={fail} />
    </div>
  );
}

interface FormProps {
  tenant: Tenant;
  onSaved: (tn: Tenant) => void;
  onError: (err: unknown) => void;
}

function Identity({ tenant, onSaved, onError }: FormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(tenant.name);
  const [timezone, setTimezone] = useState(tenant.timezone);
  const [locale, setLocale] = useState(tenant.locale);
  const zones = ZONES.includes(tenant.timezone) ? ZONES : [tenant.timezone, ...ZONES];
  return (
    <FormSection
      id="business-h"
      title={t('settings.business')}
      submit={t('settings.save')}
      onSubmit={async () => {
        try {
          onSaved(await call((api) => api.PATCH('/v1/tenant', { body: { name, timezone, locale } })));
        } catch (err) {
          onError(err);
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
      <dl className="facts compact">
        <dt>{t('settings.currency')}</dt>
        <dd>{tenant.currency}</dd>
      </dl>
    </FormSection>
  );
}

function MoneyRules({ tenant, onSaved, onError }: FormProps) {
  const { t } = useTranslation();
  const { currency, locale } = tenant;
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const [mode, setMode] = useState(tenant.roundingMode as RoundingMode);
  const [taxRounding, setTaxRounding] = useState(tenant.taxRounding as TaxRounding);
  const [cash, setCash] = useState(String(minorToMajor(tenant.cashRoundingIncrement, currency)));
  const [smallest, setSmallest] = useState(String(minorToMajor(tenant.practicalIncrement, currency)));
  const cashMinor = typed(cash, currency);
  const smallestMinor = typed(smallest, currency);
  return (
    <FormSection
      id="money-rules-h"
      title={t('biz.moneyRules')}
      submit={t('settings.save')}
      disabled={cashMinor === null || smallestMinor === null || smallestMinor === 0}
      onSubmit={async () => {
        try {
          onSaved(
            await call((api) =>
              api.PATCH('/v1/tenant', {
                body: {
                  roundingMode: mode,
                  taxRounding,
                  cashRoundingIncrement: cashMinor ?? 0,
                  ...(smallestMinor !== tenant.practicalIncrement
                    ? { practicalIncrement: smallestMinor }
                    : {}),
                },
              }),
            ),
          );
        } catch (err) {
          onError(err);
        }
      }}
    >
      <SelectField
        label={t('settings.rounding')}
        value={mode}
        onChange={setMode}
        options={[
          { value: 'half_even', label: t('biz.halfEven') },
          { value: 'half_up', label: t('biz.halfUp') },
        ]}
      />
      <SelectField
        label={t('settings.taxRounding')}
        value={taxRounding}
        onChange={setTaxRounding}
        options={[
          { value: 'bucket', label: t('biz.perRate') },
          { value: 'line', label: t('biz.perLine') },
        ]}
      />
      <TextField
        label={t('biz.cashRounding')}
        value={cash}
        onChange={setCash}
        inputMode="decimal"
        hint={cashMinor ? t('biz.cashRoundingTo', { amount: money(cashMinor) }) : t('biz.cashRoundingNone')}
      />
      <TextField
        label={t('biz.smallest')}
        value={smallest}
        onChange={setSmallest}
        inputMode="decimal"
        hint={t('biz.smallestHint')}
      />
    </FormSection>
  );
}
