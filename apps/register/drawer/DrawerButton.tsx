import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../shared/ui/ui.tsx';
import { useRegister } from '../context.ts';
import { addDrawerStrings } from './strings.ts';
import './drawer.css';

// The drawer's screens are not needed for the first paint of the sale screen: their own chunk.
const DrawerDialog = lazy(() => import('./DrawerDialog.tsx').then((m) => ({ default: m.DrawerDialog })));

/** The register's topbar entry to the cash drawer (shown to staff who run the drawer). */
export function DrawerButton() {
  const { t, i18n } = useTranslation();
  addDrawerStrings(i18n);
  const { can } = useRegister();
  const [open, setOpen] = useState(false);
  if (!can('cash:manage')) {
    return null;
  }
  return (
    <>
      <Button variant="ghost" className="topbar-btn" onClick={() => setOpen(true)}>
        {t('drawer.button')}
      </Button>
      {open ? (
        <Suspense fallback={null}>
          <DrawerDialog onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </>
  );
}
