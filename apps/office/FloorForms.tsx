// The forms beside the floor plan: a table's name, seats, shape, size and floor; a new table; a
// floor renamed or added.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { Button } from '../shared/ui/ui.tsx';
import { FormSection, SelectField, TextField, useFail } from './forms.tsx';
import { call } from './session.ts';

export type Plan = Ok<'/v1/outlets/{outletId}/floor-plan', 'get'>;
export type Floor = Plan['floors'][number];
export type Table = Floor['tables'][number];
type Shape = Table['shape'];

/** Dragged tables snap to this grid (plan units). */
export const SNAP = 10;
export const snap = (v: number) => Math.min(10_000, Math.max(0, Math.round(v / SNAP) * SNAP));

/** Where a new table goes: below everything on the floor, at the left. */
export function freeSpot(tables: ReadonlyArray<{ x: number; y: number; height: number }>): {
  x: number;
  y: number;
} {
  const bottom = tables.reduce((m, t) => Math.max(m, t.y + t.height), 0);
  return { x: 60, y: snap(tables.length === 0 ? 60 : bottom + 60) };
}

/** Name, seats and shape: what every table has, new or edited. */
function TableBasics(p: {
  name: string;
  setName: (v: string) => void;
  seats: string;
  setSeats: (v: string) => void;
  shape: Shape;
  setShape: (v: Shape) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="row-2">
        <TextField label={t('floor.tableName')} value={p.name} onChange={p.setName} required maxLength={50} />
        <TextField
          label={t('floor.seatsLabel')}
          value={p.seats}
          inputMode="numeric"
          required
          onChange={(v) => p.setSeats(v.replace(/\D/g, ''))}
        />
      </div>
      <SelectField
        label={t('floor.shape')}
        value={p.shape}
        onChange={p.setShape}
        options={(['square', 'round', 'rect'] as const).map((s) => ({
          value: s,
          label: t(`floor.shapes.${s}`),
        }))}
      />
    </>
  );
}

type TableChange = Partial<Pick<Table, 'name' | 'seats' | 'shape' | 'width' | 'height' | 'floorId'>>;

export function TableForm({
  table,
  floors,
  onSave,
  onArchive,
  onClose,
}: {
  table: Table;
  floors: Floor[];
  onSave: (body: TableChange) => Promise<unknown>;
  onArchive: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(table.name);
  const [seats, setSeats] = useState(String(table.seats));
  const [shape, setShape] = useState<Shape>(table.shape);
  const [width, setWidth] = useState(String(table.width));
  const [height, setHeight] = useState(String(table.height));
  const [floorId, setFloorId] = useState(table.floorId);
  const busy = table.status !== 'free';
  return (
    <FormSection
      id="table-form-h"
      title={t('floor.editTable', { name: table.name })}
      submit={t('edit.save')}
      onSubmit={async () => {
        await onSave({
          name: name.trim(),
          seats: Number(seats),
          shape,
          width: Number(width),
          height: Number(height),
          ...(floorId !== table.floorId ? { floorId } : {}),
        });
      }}
    >
      <TableBasics
        name={name}
        setName={setName}
        seats={seats}
        setSeats={setSeats}
        shape={shape}
        setShape={setShape}
      />
      <div className="row-2 even">
        <TextField
          label={t('floor.width')}
          value={width}
          inputMode="numeric"
          required
          onChange={(v) => setWidth(v.replace(/\D/g, ''))}
        />
        <TextField
          label={t('floor.height')}
          value={height}
          inputMode="numeric"
          required
          onChange={(v) => setHeight(v.replace(/\D/g, ''))}
        />
      </div>
      {floors.length > 1 && (
        <SelectField
          label={t('floor.onFloor')}
          value={floorId}
          onChange={setFloorId}
          options={floors.map((f) => ({ value: f.id, label: f.name }))}
        />
      )}
      <p className="muted small-text">
        {t('floor.position', { x: table.x, y: table.y })}
        {busy && ` · ${t('floor.busy')}`}
      </p>
      <div className="form-actions">
        <Button variant="ghost" className="danger-text" disabled={busy} onClick={() => void onArchive()}>
          {t('floor.removeTable')}
        </Button>
        <Button variant="ghost" className="push-right" onClick={onClose}>
          {t('floor.done')}
        </Button>
      </div>
    </FormSection>
  );
}

export function NewTable({ floor, onAdded }: { floor: Floor; onAdded: (t: Table) => void }) {
  const { t } = useTranslation();
  const fail = useFail();
  const [name, setName] = useState('');
  const [seats, setSeats] = useState('4');
  const [shape, setShape] = useState<Shape>('square');
  return (
    <FormSection
      id="new-table-h"
      title={t('floor.newTable', { floor: floor.name })}
      submit={t('floor.addTable')}
      onSubmit={async () => {
        try {
          const size = shape === 'rect' ? { width: 400, height: 240 } : { width: 240, height: 240 };
          onAdded(
            await call((api) =>
              api.POST('/v1/tables', {
                body: {
                  floorId: floor.id,
                  name: name.trim(),
                  seats: Number(seats || 1),
                  shape,
                  ...size,
                  ...freeSpot(floor.tables),
                },
              }),
            ),
          );
          setName('');
        } catch (err) {
          fail(err);
        }
      }}
    >
      <TableBasics
        name={name}
        setName={setName}
        seats={seats}
        setSeats={setSeats}
        shape={shape}
        setShape={setShape}
      />
    </FormSection>
  );
}

/** Rename the floor shown; add a floor. */
export function FloorForms({
  outletId,
  floor,
  count,
  onSaved,
  onRemoved,
}: {
  outletId: string;
  floor: Floor | null;
  count: number;
  onSaved: (f: Omit<Floor, 'tables'>, created: boolean) => void;
  onRemoved: () => void;
}) {
  const { t } = useTranslation();
  const fail = useFail();
  const [rename, setRename] = useState(floor?.name ?? '');
  const [name, setName] = useState('');
  const [asking, setAsking] = useState(false);
  const busy = floor?.tables.some((tb) => tb.status !== 'free') ?? false;
  const remove = async () => {
    try {
      await call((api) =>
        api.PATCH('/v1/floors/{id}', { params: { path: { id: floor!.id } }, body: { archived: true } }),
      );
      onRemoved();
    } catch (err) {
      fail(err);
    }
  };
  return (
    <>
      {floor && (
        <FormSection
          id="floor-form-h"
          title={t('floor.renameFloor', { name: floor.name })}
          submit={t('edit.save')}
          onSubmit={async () => {
            try {
              onSaved(
                await call((api) =>
                  api.PATCH('/v1/floors/{id}', {
                    params: { path: { id: floor.id } },
                    body: { name: rename.trim() },
                  }),
                ),
                false,
              );
            } catch (err) {
              fail(err);
            }
          }}
        >
          <TextField
            label={t('floor.floorName')}
            value={rename}
            onChange={setRename}
            required
            maxLength={100}
          />
        </FormSection>
      )}
      {floor && (
        <div className="panel danger-zone">
          {asking ? (
            <div className="confirm-box" role="alertdialog" aria-labelledby="remove-floor-ask">
              <p id="remove-floor-ask">
                {floor.tables.length
                  ? t('floor.removeFloorAsk', { name: floor.name, count: floor.tables.length })
                  : t('floor.removeFloorEmpty', { name: floor.name })}
              </p>
              <div className="form-actions">
                <Button variant="danger" onClick={() => void remove()}>
                  {t('floor.removeFloorYes')}
                </Button>
                <Button variant="ghost" onClick={() => setAsking(false)}>
                  {t('floor.keep')}
                </Button>
              </div>
            </div>
          ) : (
            <div className="form-actions">
              <Button variant="ghost" className="danger-text" disabled={busy} onClick={() => setAsking(true)}>
                {t('floor.removeFloor')}
              </Button>
              {busy && <span className="muted small-text">{t('floor.removeFloorBusy')}</span>}
            </div>
          )}
        </div>
      )}
      <FormSection
        id="new-floor-h"
        title={t('floor.newFloor')}
        submit={t('floor.addFloor')}
        onSubmit={async () => {
          try {
            onSaved(
              await call((api) =>
                api.POST('/v1/floors', { body: { outletId, name: name.trim(), position: count } }),
              ),
              true,
            );
            setName('');
          } catch (err) {
            fail(err);
          }
        }}
      >
        <TextField label={t('floor.floorName')} value={name} onChange={setName} required maxLength={100} />
      </FormSection>
    </>
  );
}
