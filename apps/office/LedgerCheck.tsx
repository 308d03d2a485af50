// Beside the reports: do they reconcile to the ledger for the chosen days (GET /v1/reports/check)?
// Green with the days checked, or red with how many figures differ (the API lists them).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { call } from './session.ts';

type Check = Ok<'/v1/reports/check', 'get'>;

export function LedgerCheck({ from, to, stamp }: { from: string; to: string; stamp: unknown }) {
  const { t } = useTranslation();
  const [check, setCheck] = useState<Check | null>(null);
  useEffect(() => {
    let live = true;
    void call((api) => api.GET('/v1/reports/check', { params: { query: { from, to } } }))
      .then((c) => live && setCheck(c))
      .catch(() => live && setCheck(null));
    return () => {
      live = false;
    };
  }, [from, to, stamp]);
  if (!check) {
    return null;
  }
  return (
    <p role="status" className={`ledger-check ${check.ok ? 'up' : 'down'}`}>
      {check.ok
        ? t('ledgerCheck.ok', { count: check.daysChecked })
        : t('ledgerCheck.bad', { count: check.mismatches.length })}
    </p>
  );
}
