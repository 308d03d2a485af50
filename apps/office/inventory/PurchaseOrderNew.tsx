import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { majorToMinor } from '../../shared/money.ts';
import { Button, useToast } from '../../shared/ui/ui.tsx';
import { useOffice } from '../context.ts';
import { FormSection, SelectField, TextField, useFail } from '../forms.tsx';
import { call } from '../session.ts';
import type { StockData } from './Inventory.tsx';
import type { PurchaseOrder, Supplier } from './data.ts';
import { QtyField, StockItemPick } from './QtyField.tsx';
import { toBaseQty } from './qty.ts';

interface DraftLine {
  stockItemId: string;
  qty: string;
  unit: string;
  cost: string;
}

export function NewPurchaseOrder({
  data,
  suppliers,
  onCreated,
}: {
  data: StockData;
  suppliers: Supplier[];
  onCreated: (po: PurchaseOrder) => void;
}) {
  const { t } = useTranslation();
  const office = useOffice();
  const toast = useToast();
  const fail = useFail();
  const [supplierId, setSupplierId] = useState('');
  const [note, setNote] = useState('');
  const blank = (): DraftLine => {
    const first = data.items[0];
    return { stockItemId: first?.id ?? '', qty: '', unit: first?.purchaseUnit ?? '', cost: '' };
  };
  const [lines, setLines] = useState<DraftLine[]>(() => [blank()]);
  const supplier = supplierId || suppliers[0]?.id || '';
  const set = (i: number, patch: Partial<DraftLine>) =>
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const submit = async () => {
    const body: Array<{ stockItemId: string; amount: { quantity: number; unit: string }; cost: number }> = [];
    for (const l of lines) {
      const item = data.items.find((x) => x.id === l.stockItemId);
      const base = item ? toBaseQty(l.qty, l.unit, item) : null;
      if (!item || base === null || base <= 0 || !/^\d+(\.\d+)?$/.test(l.cost.trim())) {
        toast(t('inv.badLine'), 'error');
        return;
      }
      body.push({
        stockItemId: item.id,
        amount: { quantity: base, unit: 'base' },
        cost: majorToMinor(Number(l.cost), office.tenant.currency),
      });
    }
    try {
      const po = await call((api) =>
        api.POST('/v1/inventory/purchase-orders', {
          body: {
            outletId: data.outletId,
            supplierId: supplier,
            lines: body,
            ...(note.trim() ? { note: note.trim() } : {}),
          },
        }),
      );
      setLines([blank()]);
      setNote('');
      onCreated(po);
      toast(t('inv.draftCreated'), 'success');
    } catch (err) {
      fail(err);
    }
  };
  return (
    <FormSection
      id="new-po-h"
      title={t('inv.newOrder')}
      submit={t('inv.createDraft')}
      onSubmit={submit}
      disabled={suppliers.length === 0 || data.items.length === 0}
    >
      {suppliers.length === 0 && <p className="muted small-text">{t('inv.addSupplierFirst')}</p>}
      <SelectField
        label={t('inv.supplier')}
        value={supplier}
        onChange={setSupplierId}
        options={suppliers.map((s) => ({ value: s.id, label: s.name }))}
      />
      {lines.map((l, i) => {
        const item = data.items.find((x) => x.id === l.stockItemId);
        return (
          <fieldset key={i} className="options po-line">
            <legend>{t('inv.lineN', { n: i + 1 })}</legend>
            <StockItemPick
              n={i + 1}
              items={data.items}
              value={l.stockItemId}
              onPick={(next, id) => set(i, { stockItemId: id, unit: next?.purchaseUnit ?? '' })}
            />
            {item && (
              <div className="row-2 even">
                <QtyField
                  label={t('inv.qtyOfLine', { n: i + 1 })}
                  item={item}
                  value={l.qty}
                  unit={l.unit}
                  onChange={(v) => set(i, { qty: v })}
                  onUnit={(u) => set(i, { unit: u })}
                />
                <label className="field">
                  <span>{t('inv.costOfLine', { n: i + 1 })}</span>
                  <input
                    inputMode="decimal"
                    value={l.cost}
                    onChange={(e) => set(i, { cost: e.target.value.replace(/[^\d.]/g, '') })}
                  />
                </label>
              </div>
            )}
            {lines.length > 1 && (
              <Button variant="ghost" onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}>
                {t('inv.removeLine', { n: i + 1 })}
              </Button>
            )}
          </fieldset>
        );
      })}
      <Button variant="ghost" onClick={() => setLines((ls) => [...ls, blank()])}>
        {t('inv.addLine')}
      </Button>
      <TextField label={t('inv.note')} value={note} onChange={setNote} maxLength={500} />
    </FormSection>
  );
}

export function NewSupplier({ onCreated }: { onCreated: (s: Supplier) => void }) {
  const { t } = useTranslation();
  const fail = useFail();
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [phone, setPhone] = useState('');
  return (
    <FormSection
      id="new-supplier-h"
      title={t('inv.newSupplier')}
      submit={t('inv.addSupplier')}
      onSubmit={async () => {
        try {
          const s = await call((api) =>
            api.POST('/v1/inventory/suppliers', {
              body: {
                name: name.trim(),
                ...(contact.trim() ? { contact: contact.trim() } : {}),
                ...(phone.trim() ? { phone: phone.trim() } : {}),
              },
            }),
          );
          setName('');
          setContact('');
          setPhone('');
          onCreated(s);
        } catch (err) {
          fail(err);
        }
      }}
    >
      <TextField label={t('inv.supplierName')} value={name} onChange={setName} required maxLength={200} />
      <div className="row-2 even">
        <TextField label={t('inv.contact')} value={contact} onChange={setContact} maxLength={200} />
        <TextField label={t('inv.phone')} value={phone} onChange={setPhone} maxLength={50} />
      </div>
    </FormSection>
  );
}
