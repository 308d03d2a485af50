import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { majorToMinor } from '../shared/money.ts';
import { Button, useToast } from '../shared/ui/ui.tsx';
import { useOffice } from './context.ts';
import { percentToPpm, ppmLabel } from './percent.ts';
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

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Row({ name, chips, onArchive }: { name: string; chips: string[]; onArchive: () => void }) {
  const { t } = useTranslation();
  return (
    <li className="rule-row" aria-label={name}>
      <div>
        <strong>{name}</strong>
        <div className="rule-chips">
          {chips.map((c) => (
            <span key={c} className="chip soft">
              {c}
            </span>
          ))}
        </div>
      </div>
      <Button variant="ghost" aria-label={t('pricing.archiveOf', { name })} onClick={onArchive}>
        {t('pricing.archive')}
      </Button>
    </li>
  );
}

interface Props<T> {
  onSaved: (x: T) => void;
  onError: (e: unknown) => void;
}

function Taxes({ taxes, onSaved, onError }: Props<TaxRate> & { taxes: TaxRate[] }) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState('');
  const [rate, setRate] = useState('');
  const [inclusive, setInclusive] = useState(false);
  const run = async (f: () => Promise<TaxRate>) => {
    try {
      onSaved(await f());
      return true;
    } catch (err) {
      onError(err);
      return false;
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { name, ratePpm: percentToPpm(rate), inclusive };
    if (await run(() => call((api) => api.POST('/v1/catalog/tax-rates', { body })))) {
      setName('');
      setRate('');
    }
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
              onArchive={() =>
                void run(() =>
                  call((api) =>
                    api.PATCH('/v1/catalog/tax-rates/{id}', {
                      params: { path: { id: x.id } },
                      body: { archived: true },
                    }),
                  ),
                )
              }
            />
          ))}
      </ul>
      <form className="form sub-form" onSubmit={(e) => void submit(e)} aria-label={t('pricing.addTax')}>
        <h3>{t('pricing.addTax')}</h3>
        <div className="row-2">
          <label className="field">
            <span>{t('menu.name')}</span>
            <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('pricing.rate')}</span>
            <input
              required
              inputMode="decimal"
              value={rate}
              onChange={(e) => setRate(e.target.value.replace(/[^\d.]/g, ''))}
            />
          </label>
        </div>
        <label className="check">
          <input type="checkbox" checked={inclusive} onChange={(e) => setInclusive(e.target.checked)} />
          <span>{t('pricing.inclusiveHelp')}</span>
        </label>
        <Button type="submit" variant="primary">
          {t('menu.add')}
        </Button>
      </form>
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
  const [name, setName] = useState('');
  const [rate, setRate] = useState('');
  const [dining, setDining] = useState<Dining[]>(['dine_in']);
  const [taxable, setTaxable] = useState(true);
  const run = async (f: () => Promise<ServiceCharge>) => {
    try {
      onSaved(await f());
      return true;
    } catch (err) {
      onError(err);
      return false;
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name,
      ratePpm: percentToPpm(rate),
      diningOptions: dining,
      taxable,
      taxRateIds: taxable ? taxes.filter((x) => !x.archived && !x.inclusive).map((x) => x.id) : [],
    };
    if (await run(() => call((api) => api.POST('/v1/catalog/service-charges', { body })))) {
      setName('');
      setRate('');
    }
  };
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
              onArchive={() =>
                void run(() =>
                  call((api) =>
                    api.PATCH('/v1/catalog/service-charges/{id}', {
                      params: { path: { id: x.id } },
                      body: { archived: true },
                    }),
                  ),
                )
              }
            />
          ))}
      </ul>
      <form className="form sub-form" onSubmit={(e) => void submit(e)} aria-label={t('pricing.addCharge')}>
        <h3>{t('pricing.addCharge')}</h3>
        <div className="row-2">
          <label className="field">
            <span>{t('menu.name')}</span>
            <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('pricing.rate')}</span>
            <input
              required
              inputMode="decimal"
              value={rate}
              onChange={(e) => setRate(e.target.value.replace(/[^\d.]/g, ''))}
            />
          </label>
        </div>
        <fieldset className="options">
          <legend>{t('pricing.appliesTo')}</legend>
          {DINING.map((d) => (
            <label key={d} className="check">
              <input
                type="checkbox"
                checked={dining.includes(d)}
                onChange={(e) => setDining((l) => (e.target.checked ? [...l, d] : l.filter((x) => x !== d)))}
              />
              <span>{t(`pricing.dining.${d}`)}</span>
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={taxable} onChange={(e) => setTaxable(e.target.checked)} />
          <span>{t('pricing.taxableHelp')}</span>
        </label>
        <Button type="submit" variant="primary" disabled={dining.length === 0}>
          {t('menu.add')}
        </Button>
      </form>
    </Panel>
  );
}

function Discounts({ discounts, onSaved, onError }: Props<Discount> & { discounts: Discount[] }) {
  const { t, i18n } = useTranslation();
  const office = useOffice();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'percentage' | 'fixed'>('percentage');
  const [scope, setScope] = useState<'order' | 'item'>('order');
  const [value, setValue] = useState('');
  const [limit, setLimit] = useState('');
  const amount = (text: string) =>
    kind === 'percentage' ? percentToPpm(text) : majorToMinor(Number(text), office.tenant.currency);
  const show = (k: string, v: number) => (k === 'percentage' ? ppmLabel(v, i18n.language) : office.money(v));
  const run = async (f: () => Promise<Discount>) => {
    try {
      onSaved(await f());
      return true;
    } catch (err) {
      onError(err);
      return false;
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name,
      kind,
      scope,
      value: value ? amount(value) : null,
      approvalThreshold: limit ? amount(limit) : null,
    };
    if (await run(() => call((api) => api.POST('/v1/catalog/discounts', { body })))) {
      setName('');
      setValue('');
      setLimit('');
    }
  };
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
              onArchive={() =>
                void run(() =>
                  call((api) =>
                    api.PATCH('/v1/catalog/discounts/{id}', {
                      params: { path: { id: x.id } },
                      body: { archived: true },
                    }),
                  ),
                )
              }
            />
          ))}
      </ul>
      <form className="form sub-form" onSubmit={(e) => void submit(e)} aria-label={t('pricing.addDiscount')}>
        <h3>{t('pricing.addDiscount')}</h3>
        <label className="field">
          <span>{t('menu.name')}</span>
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <div className="row-2 even">
          <label className="field">
            <span>{t('pricing.kind')}</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as 'percentage' | 'fixed')}>
              <option value="percentage">{t('pricing.percentage')}</option>
              <option value="fixed">{t('pricing.fixed')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('pricing.on')}</span>
            <select value={scope} onChange={(e) => setScope(e.target.value as 'order' | 'item')}>
              <option value="order">{t('pricing.scope.order')}</option>
              <option value="item">{t('pricing.scope.item')}</option>
            </select>
          </label>
        </div>
        <label className="field">
          <span>{t(kind === 'percentage' ? 'pricing.valuePct' : 'pricing.valueFixed')}</span>
          <input
            inputMode="decimal"
            placeholder={t('pricing.atSale')}
            value={value}
            onChange={(e) => setValue(e.target.value.replace(/[^\d.]/g, ''))}
          />
        </label>
        <label className="field">
          <span>{t('pricing.approvalLimit')}</span>
          <input
            inputMode="decimal"
            placeholder={t('pricing.noApproval')}
            value={limit}
            onChange={(e) => setLimit(e.target.value.replace(/[^\d.]/g, ''))}
          />
        </label>
        <Button type="submit" variant="primary">
          {t('menu.add')}
        </Button>
      </form>
    </Panel>
  );
}
