// The register's view of its connection and its queue: offline when the browser says so or the
// last request got no answer (the socket dropping triggers a probe); the unsynced count, the
// receipt numbers left; and the sync loop (on reconnect, when the socket comes back, every 5 s
// while the server does not answer and every 15 s while something waits), each run uploading the queue then topping up the numbers.
import { liveQuery } from 'dexie';
import { useCallback, useEffect, useRef, useState } from 'react';
import { network } from '../../shared/api.ts';
import type { RealtimeStatus } from '../../shared/realtime.ts';
import { flaggedCount, numbersLeft, pendingCount, pruneSynced, TOP_UP_BELOW } from './queue.ts';
import { probe, syncError, syncSales, topUpNumbers, type SyncOutcome } from './sync.ts';

export interface OfflineState {
  /** Sales are recorded on this device (no server to take them now). */
  offline: boolean;
  /** Sales recorded here that the server has not acknowledged. */
  pending: number;
  /** Offline sales the server refused or recorded with differences (a manager should look). */
  conflicts: number;
  /** Receipt numbers left for offline sales. */
  numbersLeft: number;
  syncing: boolean;
  /** epoch ms of the last complete upload */
  lastSyncAt: number | null;
  /** Why the last upload was refused as a whole (not a lost connection: that just retries). */
  error: string | null;
  lastOutcome: SyncOutcome | null;
}

export function useOffline(
  deviceId: string,
  realtime: RealtimeStatus,
): OfflineState & { syncNow: () => Promise<void> } {
  const [browserOnline, setBrowserOnline] = useState(navigator.onLine);
  const [netDown, setNetDown] = useState(network.down);
  const [counts, setCounts] = useState({ pending: 0, conflicts: 0, numbersLeft: 0 });
  const [run, setRun] = useState<Pick<OfflineState, 'syncing' | 'lastSyncAt' | 'error' | 'lastOutcome'>>({
    syncing: false,
    lastSyncAt: null,
    error: null,
    lastOutcome: null,
  });

  useEffect(() => {
    const up = () => setBrowserOnline(true);
    const down = () => setBrowserOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const stop = network.listen(setNetDown);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      stop();
    };
  }, []);

  useEffect(() => {
    const sub = liveQuery(async () => ({
      pending: await pendingCount(deviceId),
      conflicts: await flaggedCount(deviceId),
      numbersLeft: await numbersLeft(deviceId),
    })).subscribe({ next: setCounts, error: () => undefined });
    void pruneSynced(deviceId).catch(() => undefined);
    return () => sub.unsubscribe();
  }, [deviceId]);

  const syncNow = useCallback(async () => {
    if (!navigator.onLine) {
      return;
    }
    setRun((r) => ({ ...r, syncing: true }));
    try {
      if (network.down && !(await probe())) {
        setRun((r) => ({ ...r, syncing: false }));
        return;
      }
      const outcome = await syncSales(deviceId);
      await topUpNumbers(deviceId);
      setRun({ syncing: false, lastSyncAt: Date.now(), error: null, lastOutcome: outcome });
    } catch (err) {
      setRun((r) => ({ ...r, syncing: false, error: syncError(err) }));
    }
  }, [deviceId]);

  // Back online, or the socket is live again: upload at once. The socket dropping: is the server there?
  const offline = !browserOnline || netDown;
  useEffect(() => {
    if (browserOnline && realtime === 'live') {
      network.report(false);
      void syncNow();
    } else if (browserOnline && (realtime === 'offline' || network.down)) {
      // The socket dropped: is the server there? Also when the 'online' event and the socket's new
      // attempt ('connecting') arrive in one render after a failure seen while offline: probe now
      // rather than wait for the socket or the 5 s loop to clear it.
      void probe();
    }
  }, [browserOnline, realtime, syncNow]);
  useEffect(() => {
    if (!offline) {
      void syncNow();
    }
  }, [offline, syncNow]);

  // Every 5 s while the server did not answer (is it back?), every 15 s while something waits.
  const latest = useRef({ counts, netDown, tick: 0 });
  latest.current = { ...latest.current, counts, netDown };
  useEffect(() => {
    const timer = setInterval(() => {
      const l = latest.current;
      l.tick += 1;
      const waiting = l.counts.pending > 0 || l.counts.numbersLeft < TOP_UP_BELOW;
      if (navigator.onLine && (l.netDown || (waiting && l.tick % 3 === 0))) {
        void syncNow();
      }
    }, 5_000);
    return () => clearInterval(timer);
  }, [syncNow]);

  return { offline, ...counts, ...run, syncNow };
}
