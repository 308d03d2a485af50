import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { majorToMinor, minorToMajor } from '../shared/money.ts';
import { useToast } from '../shared/ui/ui.tsx';
import { useOffice } from './context.ts';
import { CheckField, PickField, SelectField, TextField } from './forms.tsx';
import { percentToPpm, ppmLabel } from './percent.ts';
import { archive, decimal, Panel, ppmText, Row, RuleForm, useRun, type Props } from './PricingParts.tsx';
import { call } from './session.ts';

type TaxRate = Ok<'/v1/catalog/tax-rates', 'get'>['items'][number];
type ServiceCharge = Ok<'/v1/catalog/service-charges', 'get'>['items'][number];
type Discount = Ok<'/v1/catalog/discounts', 'get'>['items'][number];
type Dining = 'dine_in' | 'takeaway' | 'delivery';
const DINING: Dining[] = ['dine_in', 'takeaway', 'delivery'];

/** Taxes, service charges and discounts: what the register adds to and takes off a sale. */
export function Pricing() {
  const { t } = useTranslation();
  const toast = useToast();
  const [taxes, setTaxes] = useState<TaxRate[]>([]);
  const [charges, setCharges] = useState<ServiceCharge[]>([]);
  const [discounts, setDiscounts] = useState<Discount[]>([]);
  const [error, setError] = useState<string | null>(null);
  const fail = (err: unknown) => toast(t('error.generic', { message: (err as Error).message }));
  const load = useCallback(async () => {
    try {
      const query = { params: { query: { limit: 200 } } };
      const [tx, sc, ds] = await Promise.all([
        call((api) => api.GET('/v1/catalog/tax-rates', query)),
        call((api) => api.GET('/v1/catalog/service-charges', query)),
        call((api) => api.GET('/v1/catalog/discounts', query)),
      ]);
      setTaxes(tx.items);
      setCharges(sc.items);
      setDiscounts(ds.items);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const swap =
    <T extends { id: string }>(set: (f: (l: T[]) => T[]) => void) =>
    (x: T) =>
      set((list) =>
        list.some((y) => y.id === x.id) ? list.map((y) => (y.id === x.id ? x : y)) : [...list, x],
      );

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
        <h1>{t('pricing.title')}</h1>
      </div>
      <div className="grid-3">
        <Taxes taxes={taxes} onSaved={swap(setTaxes)} onError={fail} />
        <Charges charges={charges} taxes={taxes} onSaved={swap(setCharges)} onError={fail} />
        <Discounts discounts={discounts} onSaved={swap(setDiscounts)} onError={fail} />
      </div>
    </div>
  );
}

function Taxes({ taxes, onSaved, onError }: Props<TaxRate> & { taxes: TaxRate[] }) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<TaxRate | null>(null);
  const [name, setName] = useState('');
  const [rate, setRate] = useState('');
  const [inclusive, setInclusive] = useState(false);
  const run = useRun({ onSaved, onError });
  const edit = (x: TaxRate | null) => {
    setEditing(x);
    setName(x?.name ?? '');
    setRate(x ? ppmText(x.ratePpm) : '');
    setInclusive(x?.inclusive ?? false);
  };
  return (
    <Panel id="taxes-h" title={t('pricing.taxes')}>
      <ul className="rule-list">
        {taxes
          .filter((x) => !x.archived)
          .map((x) => (
            <Row
              key={x.id}
              name={x.name}
              chips={[
                ppmLabel(x.ratePpm, i18n.language),
                t(x.inclusive ? 'pricing.inclusive' : 'pricing.exclusive'),
              ]}
              onEdit={() => edit(x)}
              onArchive={() => void run(() => archive('/v1/catalog/tax-rates/{id}', x.id))}
            />
          ))}
      </ul>
      <RuleForm
        title={t('pricing.addTax')}
        editing={editing?.name ?? null}
        onCancel={() => edit(null)}
        onSubmit={() =>
          run(() =>
            editing
              ? call((api) =>
                  api.PATCH('/v1/catalog/tax-rates/{id}', {
                    params: { path: { id: editing.id } },
                    body: { name },
                  }),
                )
              : call((api) =>
                  api.POST('/v1/catalog/tax-rates', {
                    body: { name, ratePpm: percentToPpm(rate), inclusive },
                  }),
                ),
          )
        }
      >
        <div className="row-2">
          <TextField label={t('menu.name')} value={name} onChange={setName} required maxLength={100} />
          <TextField
            label={t('pricing.rate')}
            value={rate}
            onChange={(v) => setRate(decimal(v))}
            required
            inputMode="decimal"
            disabled={editing !== null}
          />
        </div>
        <CheckField
          label={t('pricing.inclusiveHelp')}
          checked={inclusive}
          onChange={setInclusive}
          disabled={editing !== null}
        />
        {editing && <p className="muted small-text">{t('pricing.rateFixed')}</p>}
      </RuleForm>
    </Panel>
  );
}

function Charges({
  charges,
  taxes,
  onSaved,
  onError,
}: Props<ServiceCharge> & { charges: ServiceCharge[]; taxes: TaxRate[] }) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<ServiceCharge | null>(null);
  const [name, setName] = useState('');
  const [rate, setRate] = useState('');
  const [dining, setDining] = useState<Dining[]>(['dine_in']);
  const [taxable, setTaxable] = useState(true);
  const run = useRun({ onSaved, onError });
  const edit = (x: ServiceCharge | null) => {
    setEditing(x);
    setName(x?.name ?? '');
    setRate(x ? ppmText(x.ratePpm) : '');
    setDining(x ? (x.diningOptions as Dining[]) : ['dine_in']);
    setTaxable(x?.taxable ?? true);
  };
  const body = () => ({
    name,
    ratePpm: percentToPpm(rate),
    diningOptions: dining,
    taxable,
    taxRateIds: taxable ? taxes.filter((x) => !x.archived && !x.inclusive).map((x) => x.id) : [],
  });
  return (
    <Panel id="charges-h" title={t('pricing.charges')}>
      <ul className="rule-list">
        {charges
          .filter((x) => !x.archived)
          .map((x) => (
            <Row
              key={x.id}
              name={x.name}
              chips={[
                ppmLabel(x.ratePpm, i18n.language),
                ...x.diningOptions.map((d) => t(`pricing.dining.${d}`)),
                ...(x.taxable ? [t('pricing.taxable')] : []),
              ]}
              onEdit={() => edit(x)}
              onArchive={() => void run(() => archive('/v1/catalog/service-charges/{id}', x.id))}
            />
          ))}
      </ul>
      <RuleForm
        title={t('pricing.addCharge')}
        editing={editing?.name ?? null}
        onCancel={() => edit(null)}
        disabled={dining.length === 0}
        onSubmit={() =>
          run(() =>
            editing
              ? call((api) =>
                  api.PATCH('/v1/catalog/service-charges/{id}', {
                    params: { path: { id: editing.id } },
                    body: body(),
                  }),
                )
              : call((api) => api.POST('/v1/catalog/service-charges', { body: body() })),
          )
        }
      >
        <div className="row-2">
          <TextField label={t('menu.name')} value={name} onChange={setName} required maxLength={100} />
          <TextField
            label={t('pricing.rate')}
            value={rate}
            onChange={(v) => setRate(decimal(v))}
            required
            inputMode="decimal"
          />
        </div>
        <PickField
          legend={t('pricing.appliesTo')}
          options={DINING.map((d) => ({ value: d, label: t(`pricing.dining.${d}`) }))}
          picked={dining}
          onChange={setDining}
        />
        <CheckField label={t('pricing.taxableHelp')} checked={taxable} onChange={setTaxable} />
      </RuleForm>
    </Panel>
  );
}

function Discounts({ discounts, onSaved, onError }: Props<Discount> & { discounts: Discount[] }) {
  const { t, i18n } = useTranslation();
  const office = useOffice();
  const [editing, setEditing] = useState<Discount | null>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'percentage' | 'fixed'>('percentage');
  const [scope, setScope] = useState<'order' | 'item'>('order');
  const [value, setValue] = useState('');
  const [limit, setLimit] = useState('');
  const amount = (text: string) =>
    kind === 'percentage' ? percentToPpm(text) : majorToMinor(Number(text), office.tenant.currency);
  const typed = (k: string, v: number | null) =>
    v === null ? '' : k === 'percentage' ? ppmText(v) : String(minorToMajor(v, office.tenant.currency));
  const show = (k: string, v: number) => (k === 'percentage' ? ppmLabel(v, i18n.language) : office.money(v));
  const run = useRun({ onSaved, onError });
  const edit = (x: Discount | null) => {
    setEditing(x);
    setName(x?.name ?? '');
    setKind(x?.kind === 'fixed' ? 'fixed' : 'percentage');
    setScope(x?.scope === 'item' ? 'item' : 'order');
    setValue(x ? typed(x.kind, x.value) : '');
    setLimit(x ? typed(x.kind, x.approvalThreshold) : '');
  };
  const figures = () => ({
    name,
    value: value ? amount(value) : null,
    approvalThreshold: limit ? amount(limit) : null,
  });
  return (
    <Panel id="discounts-h" title={t('pricing.discounts')}>
      <ul className="rule-list">
        {discounts
          .filter((x) => !x.archived)
          .map((x) => (
            <Row
              key={x.id}
              name={x.name}
              chips={[
                x.value === null ? t('pricing.atSale') : show(x.kind, x.value),
                t(`pricing.scope.${x.scope}`),
                ...(x.approvalThreshold !== null
                  ? [t('pricing.approvalOver', { limit: show(x.kind, x.approvalThreshold) })]
                  : []),
              ]}
              onEdit={() => edit(x)}
              onArchive={() => void run(() => archive('/v1/catalog/discounts/{id}', x.id))}
            />
          ))}
      </ul>
      <RuleForm
        title={t('pricing.addDiscount')}
        editing={editing?.name ?? null}
        onCancel={() => edit(null)}
        onSubmit={() =>
          run(() =>
            editing
              ? call((api) =>
                  api.PATCH('/v1/catalog/discounts/{id}', {
                    params: { path: { id: editing.id } },
                    body: figures(),
                  }),
                )
              : call((api) => api.POST('/v1/catalog/discounts', { body: { ...figures(), kind, scope } })),
          )
        }
      >
        <TextField label={t('menu.name')} value={name} onChange={setName} required maxLength={100} />
        <div className="row-2 even">
          <SelectField
            label={t('pricing.kind')}
            value={kind}
            onChange={setKind}
            disabled={editing !== null}
            options={[
              { value: 'percentage', label: t('pricing.percentage') },
              { value: 'fixed', label: t('pricing.fixed') },
            ]}
          />
          <SelectField
            label={t('pricing.on')}
            value={scope}
            onChange={setScope}
            disabled={editing !== null}
            options={[
              { value: 'order', label: t('pricing.scope.order') },
              { value: 'item', label: t('pricing.scope.item') },
            ]}
          />
        </div>
        <TextField
          label={t(kind === 'percentage' ? 'pricing.valuePct' : 'pricing.valueFixed')}
          value={value}
          onChange={(v) => setValue(decimal(v))}
          inputMode="decimal"
          placeholder={t('pricing.atSale')}
        />
        <TextField
          label={t('pricing.approvalLimit')}
          value={limit}
          onChange={(v) => setLimit(decimal(v))}
          inputMode="decimal"
          placeholder={t('pricing.noApproval')}
        />
      </RuleForm>
    </Panel>
  );
}
