import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api.ts';
import { useToast } from '../shared/ui/ui.tsx';

/** The clock, re-read every `ms` (elapsed times on tables and tabs). */
export function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

export const minutesSince = (iso: string, now: number) =>
  Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));

/** A failed call as an error toast: the server's own message, or "no connection". */
export function useFail(): (err: unknown) => void {
  const { t } = useTranslation();
  const toast = useToast();
  return (err: unknown) => {
    const message =
      err instanceof ApiError
        ? err.code === 'network.offline'
          ? t('errors.offline')
          : err.message
        : err instanceof Error
          ? err.message
          : String(err);
    toast(message, 'error');
  };
}
