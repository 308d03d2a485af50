import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../shared/ui/ui.tsx';
import { useRegister } from '../context.ts';
import { DrawerDialog } from './DrawerDialog.tsx';
import { addDrawerStrings } from './strings.ts';
import './drawer.css';

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
      {open ? <DrawerDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
