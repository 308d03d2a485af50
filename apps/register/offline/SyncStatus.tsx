import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RealtimeStatus } from '../../shared/realtime.ts';
import { useRegister } from '../context.ts';
import { WARN_BELOW } from './queue.ts';

/** "12 minutes ago" in the screen's language ("just now" under a minute). */
export function ago(ms: number, lang: string, justNow: string): string {
  if (ms < 60_000) {
    return justNow;
  }
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) {
    return rtf.format(-minutes, 'minute');
  }
  const hours = Math.round(minutes / 60);
  return hours < 48 ? rtf.format(-hours, 'hour') : rtf.format(-Math.round(hours / 24), 'day');
}

/** A clock that ticks every `every` ms (for "menu from 12 min ago"). */
export function useNow(every = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(timer);
  }, [every]);
  return now;
}

/**
 * Always in the top bar: online or offline with the count of sales not yet synced (a tap opens
 * the sync panel), the age of the menu while the register sells from its own copy, and a warning
 * when few receipt numbers are left for offline sales.
 */
export function SyncStatus({ status, onOpen }: { status: RealtimeStatus; onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const { sync, loadedAt } = useRegister();
  const now = useNow();
  const { offline, pending, syncing, numbersLeft, conflicts } = sync;
  const shown: RealtimeStatus = offline ? 'offline' : status;
  const label = offline
    ? pending
      ? t('sync.offlineWaiting', { count: pending })
      : t('offline')
    : pending
      ? syncing
        ? t('sync.syncing', { count: pending })
        : t('sync.onlineWaiting', { count: pending })
      : status === 'live'
        ? t('online')
        : t('connecting');
  return (
    <div className="sync-status">
      <button
        type="button"
        className={`pill pill-btn pill-${shown}${pending && !offline ? ' pill-pending' : ''}`}
        aria-label={label}
        onClick={onOpen}
      >
        <span className="pill-dot" aria-hidden="true" />
        {/* The button is named in full; on the bar a short form, so the bar fits a tablet. */}
        <span role="status">{offline && pending ? t('sync.offlineShort', { count: pending }) : label}</span>
      </button>
      {offline ? (
        <span className="menu-age" data-testid="menu-age">
          {t('sync.menuAge', { age: ago(now - loadedAt, i18n.language, t('sync.justNow')) })}
        </span>
      ) : null}
      {offline && numbersLeft < WARN_BELOW ? (
        <span className="pill pill-warn" role="alert" title={t('sync.numbersHint')}>
          {numbersLeft === 0 ? t('sync.noNumbers') : t('sync.fewNumbers', { count: numbersLeft })}
        </span>
      ) : null}
      {conflicts > 0 ? (
        <button type="button" className="pill pill-btn pill-warn" onClick={onOpen}>
          {t('sync.conflicts', { count: conflicts })}
        </button>
      ) : null}
    </div>
  );
}
