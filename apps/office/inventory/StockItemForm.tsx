import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, useToast } from '../../shared/ui/ui.tsx';
import { FormSection, SelectField, TextField, useFail } from '../forms.tsx';
import { call } from '../session.ts';
import type { StockItem } from './data.ts';
import { QtyField } from './QtyField.tsx';
import { formatQty, toBaseQty, UNITS, type Dimension, type Unit } from './qty.ts';

const DEFAULT_UNIT: Record<Dimension, Unit> = { mass: 'kg', volume: 'l', count: 'pcs' };
const unitsOf = (d: Dimension) => (Object.keys(UNITS) as Unit[]).filter((u) => UNITS[u].dimension === d);
const PACK = '__pack__';

/**
 * Creates a stock item, or (with `item`) changes one: name, SKU, kind, what it is measured by,
 * the unit levels are shown in, and the unit it is bought in — a unit of its dimension or a named
 * pack with its size (a 25 kg karung, a case of 24). With `outletId`, also its reorder level there.
 */
export function StockItemEditor({
  item,
  outletId,
  reorderLevel = null,
  onSaved,
}: {
  item?: StockItem;
  outletId?: string;
  reorderLevel?: number | null;
  onSaved: (item: StockItem) => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const fail = useFail();
  const [name, setName] = useState(item?.name ?? '');
  const [sku, setSku] = useState(item?.sku ?? '');
  const [kind, setKind] = useState<'ingredient' | 'retail'>(item?.kind ?? 'ingredient');
  const [dimension, setDimension] = useState<Dimension>((item?.dimension as Dimension) ?? 'mass');
  const [stockUnit, setStockUnit] = useState<string>(item?.stockUnit ?? 'kg');
  const isPack = item ? !Object.hasOwn(UNITS, item.purchaseUnit) : false;
  const [purchase, setPurchase] = useState<string>(item ? (isPack ? PACK : item.purchaseUnit) : 'kg');
  const [packName, setPackName] = useState(isPack ? (item?.purchaseUnit ?? '') : '');
  const sizeUnit = item?.stockUnit ?? 'kg';
  const [packSize, setPackSize] = useState(
    isPack && item ? formatQty(item.purchaseUnitQty, sizeUnit as Unit) : '',
  );
  const [packUnit, setPackUnit] = useState<string>(sizeUnit);
  const [reorder, setReorder] = useState(
    reorderLevel !== null && item ? formatQty(reorderLevel, item.stockUnit as Unit) : '',
  );
  const [reorderUnit, setReorderUnit] = useState<string>(item?.stockUnit ?? 'kg');
  const [busy, setBusy] = useState(false);
  const units = unitsOf(dimension);
  const dimUnits = { dimension, stockUnit, purchaseUnit: stockUnit, purchaseUnitQty: 1 };
  const id = item ? `edit-stock-${item.id}` : 'new-stock-h';

  const changeDimension = (d: Dimension) => {
    setDimension(d);
    setStockUnit(DEFAULT_UNIT[d]);
    setPurchase(purchase === PACK ? PACK : DEFAULT_UNIT[d]);
    setPackUnit(DEFAULT_UNIT[d]);
    setReorderUnit(DEFAULT_UNIT[d]);
  };

  const submit = async () => {
    let purchaseFields: { purchaseUnit: string; purchaseUnitSize?: { quantity: number; unit: string } };
    if (purchase === PACK) {
      const size = toBaseQty(packSize, packUnit, dimUnits);
      if (!packName.trim() || size === null || size <= 0) {
        toast(t('inv.badPack'), 'error');
        return;
      }
      purchaseFields = { purchaseUnit: packName.trim(), purchaseUnitSize: { quantity: size, unit: 'base' } };
    } else {
      purchaseFields = { purchaseUnit: purchase };
    }
    const reorderBase = reorder.trim() ? toBaseQty(reorder, reorderUnit, dimUnits) : null;
    if (reorder.trim() && (reorderBase === null || reorderBase <= 0)) {
      toast(t('inv.badQty'), 'error');
      return;
    }
    setBusy(true);
    try {
      const saved = item
        ? await call((api) =>
            api.PATCH('/v1/inventory/items/{id}', {
              params: { path: { id: item.id } },
              body: {
                name: name.trim(),
                sku: sku.trim() || null,
                stockUnit: stockUnit as Unit,
                ...purchaseFields,
              },
            }),
          )
        : await call((api) =>
            api.POST('/v1/inventory/items', {
              body: {
                name: name.trim(),
                ...(sku.trim() ? { sku: sku.trim() } : {}),
                kind,
                dimension,
                stockUnit: stockUnit as Unit,
                ...purchaseFields,
              },
            }),
          );
      if (item && outletId && (reorderBase ?? null) !== reorderLevel) {
        await call((api) =>
          api.PUT('/v1/inventory/reorder-levels', {
            body: {
              outletId,
              stockItemId: item.id,
              reorderLevel: reorderBase === null ? null : { quantity: reorderBase, unit: 'base' },
            },
          }),
        );
      }
      toast(t(item ? 'inv.saved' : 'inv.created', { name: saved.name }), 'success');
      if (!item) {
        setName('');
        setSku('');
        setPackName('');
        setPackSize('');
      }
      onSaved(saved);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const archive = async () => {
    if (!item) {
      return;
    }
    try {
      onSaved(
        await call((api) =>
          api.PATCH('/v1/inventory/items/{id}', {
            params: { path: { id: item.id } },
            body: { archived: true },
          }),
        ),
      );
    } catch (err) {
      fail(err);
    }
  };

  return (
    <FormSection
      id={id}
      title={item ? t('inv.editItem') : t('inv.newItem')}
      submit={item ? t('inv.save') : t('inv.createItem')}
      onSubmit={submit}
      busy={busy}
    >
      <TextField label={t('inv.name')} value={name} onChange={setName} required maxLength={200} />
      <div className="row-2 even">
        <TextField label={t('inv.sku')} value={sku} onChange={setSku} maxLength={100} />
        {!item && (
          <SelectField
            label={t('inv.kindLabel')}
            value={kind}
            onChange={setKind}
            options={[
              { value: 'ingredient', label: t('inv.kind.ingredient') },
              { value: 'retail', label: t('inv.kind.retail') },
            ]}
          />
        )}
      </div>
      <div className="row-2 even">
        {!item && (
          <SelectField
            label={t('inv.measuredBy')}
            value={dimension}
            onChange={changeDimension}
            options={(['mass', 'volume', 'count'] as const).map((d) => ({
              value: d,
              label: t(`inv.dim.${d}`),
            }))}
          />
        )}
        <SelectField
          label={t('inv.stockUnit')}
          value={stockUnit}
          onChange={setStockUnit}
          options={units.map((u) => ({ value: u, label: u }))}
        />
      </div>
      <SelectField
        label={t('inv.purchaseUnit')}
        value={purchase}
        onChange={setPurchase}
        options={[...units.map((u) => ({ value: u, label: u })), { value: PACK, label: t('inv.pack') }]}
      />
      {purchase === PACK && (
        <div className="row-2 even sub-form">
          <TextField
            label={t('inv.packName')}
            value={packName}
            onChange={setPackName}
            maxLength={40}
            placeholder={t('inv.packExample')}
          />
          <QtyField
            label={t('inv.packSize')}
            item={dimUnits}
            units={units}
            value={packSize}
            unit={packUnit}
            onChange={setPackSize}
            onUnit={setPackUnit}
          />
        </div>
      )}
      {item && outletId && (
        <QtyField
          label={t('inv.reorderLevel')}
          item={dimUnits}
          units={units}
          value={reorder}
          unit={reorderUnit}
          onChange={setReorder}
          onUnit={setReorderUnit}
        />
      )}
      {item && (
        <Button variant="ghost" className="danger-link" onClick={() => void archive()}>
          {t('inv.archive')}
        </Button>
      )}
    </FormSection>
  );
}
