import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Segmented } from '../shared/ui/ui.tsx';
import {
  FloorForms,
  NewTable,
  snap,
  SNAP,
  TableForm,
  type Floor,
  type Plan,
  type Table,
} from './FloorForms.tsx';
import { useFail } from './forms.tsx';
import { call } from './session.ts';

/** Plan units the canvas shows at least (the demo plans are ~1000 wide). */
const MIN_SPAN = 1000;

/**
 * The floor plan of one outlet: floors as tabs, tables on a canvas that are dragged into place
 * (or nudged with the arrow keys), a table's name, seats, shape, size and floor edited beside it,
 * tables taken off the plan, new floors and tables.
 */
export function FloorPlan({ outletId }: { outletId: string }) {
  const { t } = useTranslation();
  const fail = useFail();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [floorId, setFloorId] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const p = await call((api) =>
        api.GET('/v1/outlets/{outletId}/floor-plan', { params: { path: { outletId } } }),
      );
      setPlan(p);
      setFloorId((f) => (f && p.floors.some((x) => x.id === f) ? f : (p.floors[0]?.id ?? null)));
    } catch (err) {
      fail(err);
    }
  }, [outletId]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!plan) {
    return <section className="panel" aria-busy="true" />;
  }
  const floor = plan.floors.find((f) => f.id === floorId) ?? null;
  const table = floor?.tables.find((x) => x.id === selected) ?? null;
  /** A table as the server stored it, put in the plan (on whichever floor it is now). */
  const placed = (saved: Table) =>
    setPlan(
      (p) =>
        p && {
          ...p,
          floors: p.floors.map((f) => ({
            ...f,
            tables: [
              ...f.tables.filter((x) => x.id !== saved.id),
              ...(f.id === saved.floorId ? [saved] : []),
            ],
          })),
        },
    );
  const change = async (
    id: string,
    body: Partial<Pick<Table, 'x' | 'y' | 'name' | 'seats' | 'shape' | 'width' | 'height' | 'floorId'>> & {
      archived?: boolean;
    },
  ) => {
    try {
      const saved = await call((api) => api.PATCH('/v1/tables/{id}', { params: { path: { id } }, body }));
      if (body.archived) {
        setPlan(
          (p) =>
            p && {
              ...p,
              floors: p.floors.map((f) => ({ ...f, tables: f.tables.filter((x) => x.id !== id) })),
            },
        );
        setSelected(null);
      } else {
        placed(saved);
      }
    } catch (err) {
      fail(err);
      void load();
    }
  };

  return (
    <div className="floor-editor">
      <section className="panel floor-canvas-panel" aria-labelledby="floor-plan-h">
        <div className="item-head">
          <h2 id="floor-plan-h">{t('floor.plan')}</h2>
          {plan.floors.length > 0 && (
            <Segmented
              label={t('floor.floors')}
              value={floorId ?? ''}
              onChange={(id) => {
                setFloorId(id);
                setSelected(null);
              }}
              options={plan.floors.map((f) => ({ value: f.id, label: f.name }))}
            />
          )}
        </div>
        {floor ? (
          <Canvas
            floor={floor}
            selected={selected}
            onSelect={setSelected}
            onMove={(tb, x, y) => {
              placed({ ...tb, x, y });
              void change(tb.id, { x, y });
            }}
          />
        ) : (
          <p className="muted">{t('floor.noFloors')}</p>
        )}
        <p className="muted small-text">{t('floor.dragHint')}</p>
      </section>
      <div className="stack-col">
        {table && floor ? (
          <TableForm
            key={`${table.id}:${table.floorId}`}
            table={table}
            floors={plan.floors}
            onSave={(body) => change(table.id, body).then(() => body.floorId && setFloorId(body.floorId))}
            onArchive={() => change(table.id, { archived: true })}
            onClose={() => setSelected(null)}
          />
        ) : (
          floor && (
            <NewTable
              floor={floor}
              onAdded={(tb) => {
                placed(tb);
                setSelected(tb.id);
              }}
            />
          )
        )}
        <FloorForms
          key={floor?.id ?? 'none'}
          outletId={outletId}
          floor={floor}
          count={plan.floors.length}
          onRemoved={() => {
            setSelected(null);
            setFloorId(null);
            void load();
          }}
          onSaved={(f, created) => {
            setPlan(
              (p) =>
                p && {
                  ...p,
                  floors: created
                    ? [...p.floors, { ...f, tables: [] }]
                    : p.floors.map((x) => (x.id === f.id ? { ...x, ...f } : x)),
                },
            );
            if (created) {
              setFloorId(f.id);
              setSelected(null);
            }
          }}
        />
      </div>
    </div>
  );
}

/** The floor drawn to scale; a table is dragged with the pointer or nudged with the arrow keys. */
function Canvas({
  floor,
  selected,
  onSelect,
  onMove,
}: {
  floor: Floor;
  selected: string | null;
  onSelect: (id: string) => void;
  onMove: (t: Table, x: number, y: number) => void;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{
    id: string;
    sx: number;
    sy: number;
    x: number;
    y: number;
    moved: boolean;
  } | null>(null);
  const spanX = Math.max(MIN_SPAN, ...floor.tables.map((x) => x.x + x.width + 60));
  const spanY = Math.max(MIN_SPAN * 0.6, ...floor.tables.map((x) => x.y + x.height + 60));
  const scale = () => spanX / (box.current?.clientWidth || spanX);
  const down = (e: ReactPointerEvent, tb: Table) => {
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    setDrag({ id: tb.id, sx: e.clientX, sy: e.clientY, x: tb.x, y: tb.y, moved: false });
    onSelect(tb.id);
  };
  const move = (e: ReactPointerEvent, tb: Table) => {
    if (!drag || drag.id !== tb.id) {
      return;
    }
    const x = snap(tb.x + (e.clientX - drag.sx) * scale());
    const y = snap(tb.y + (e.clientY - drag.sy) * scale());
    if (x !== drag.x || y !== drag.y) {
      setDrag({ ...drag, x, y, moved: true });
    }
  };
  const up = (tb: Table) => {
    if (drag?.id === tb.id && drag.moved) {
      onMove(tb, drag.x, drag.y);
    }
    setDrag(null);
  };
  const nudge: Record<string, [number, number]> = {
    ArrowLeft: [-SNAP, 0],
    ArrowRight: [SNAP, 0],
    ArrowUp: [0, -SNAP],
    ArrowDown: [0, SNAP],
  };
  return (
    <div
      ref={box}
      className="floor-canvas"
      style={{ aspectRatio: `${spanX} / ${spanY}` }}
      role="group"
      aria-label={t('floor.canvasOf', { floor: floor.name })}
    >
      {floor.tables.map((tb) => {
        const at = drag?.id === tb.id ? drag : tb;
        return (
          <button
            key={tb.id}
            type="button"
            className={`plan-table shape-${tb.shape} ${selected === tb.id ? 'selected' : ''} ${tb.status}`}
            style={{
              left: `${(at.x / spanX) * 100}%`,
              top: `${(at.y / spanY) * 100}%`,
              width: `${(tb.width / spanX) * 100}%`,
              height: `${(tb.height / spanY) * 100}%`,
            }}
            aria-label={t('floor.tableLabel', { name: tb.name, count: tb.seats })}
            aria-pressed={selected === tb.id}
            onPointerDown={(e) => down(e, tb)}
            onPointerMove={(e) => move(e, tb)}
            onPointerUp={() => up(tb)}
            onPointerCancel={() => setDrag(null)}
            onKeyDown={(e) => {
              const d = nudge[e.key];
              if (d) {
                e.preventDefault();
                onMove(tb, snap(tb.x + d[0]), snap(tb.y + d[1]));
              }
            }}
          >
            <strong>{tb.name}</strong>
            <span>{t('floor.seats', { count: tb.seats })}</span>
          </button>
        );
      })}
    </div>
  );
}
