import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Segmented } from '../shared/ui/ui.tsx';
import { useOffice } from './context.ts';
import { FloorPlan } from './FloorPlan.tsx';
import { KitchenStations } from './KitchenStations.tsx';
import { QrCodes } from './QrCodes.tsx';

type Pane = 'floor' | 'kitchen' | 'qr';

/**
 * Floor and kitchen of one outlet (the top bar's outlet, else the first): the floor plan editor and
 * the kitchen stations with their routing, and QR ordering (settings and the tables' codes).
 */
export function Restaurant() {
  const { t } = useTranslation();
  const office = useOffice();
  const [pane, setPane] = useState<Pane>('floor');
  const [picked, setPicked] = useState<string | null>(null);
  const outletId = office.outletId ?? picked ?? office.outlets[0]?.id ?? null;
  const outlet = office.outlets.find((o) => o.id === outletId);
  return (
    <div className="restaurant-screen">
      <div className="page-head">
        <h1>{t('floor.title')}</h1>
        <Segmented
          label={t('floor.sections')}
          value={pane}
          onChange={setPane}
          options={[
            { value: 'floor', label: t('floor.plan') },
            { value: 'kitchen', label: t('stations.title') },
            { value: 'qr', label: t('qr.title') },
          ]}
        />
        {!office.outletId && office.outlets.length > 1 && (
          <label className="field inline push-right">
            <span className="visually-hidden">{t('floor.outlet')}</span>
            <select
              aria-label={t('floor.outlet')}
              value={outletId ?? ''}
              onChange={(e) => setPicked(e.target.value)}
            >
              {office.outlets.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {!outlet && <p className="panel muted">{t('floor.noOutlet')}</p>}
      {outlet && pane === 'floor' && <FloorPlan key={outlet.id} outletId={outlet.id} />}
      {outlet && pane === 'qr' && <QrCodes key={outlet.id} outletId={outlet.id} />}
      {outlet && pane === 'kitchen' && (
        <KitchenStations key={outlet.id} outletId={outlet.id} outletName={outlet.name} />
      )}
    </div>
  );
}
