// The display's live feed of one station: the tickets (fetched, then kept current by `kitchen`
// events), and the realtime status. Never misses a ticket: the socket resumes from the last seen
// seq (the server replays what was missed, in order), and every (re)connection re-fetches the
// station's active tickets too, with the events that arrive during that fetch applied on top.
import { useCallback, useEffect, useRef, useState } from 'react';
import { connectRealtime, type KasirEvent, type RealtimeStatus } from '../shared/realtime.ts';
import { kitchen } from './session.ts';
import { applyTicket, rebase, type Station, type Ticket } from './tickets.ts';

export interface Feed {
  tickets: ReadonlyMap<string, Ticket>;
  status: RealtimeStatus;
  /** The browser says it has no network (the socket may not have noticed yet). */
  offline: boolean;
  /** Ids of tickets brought back by a recall (labelled on screen). */
  recalled: ReadonlySet<string>;
  /** Put an answer of the API on screen at once (the event follows). */
  apply(t: Ticket): void;
}

export function useStationFeed(
  station: Station,
  handlers: { onArrival: (t: Ticket) => void; onKitchenEvent: () => void },
): Feed {
  const [tickets, setTickets] = useState<ReadonlyMap<string, Ticket>>(new Map());
  const [status, setStatus] = useState<RealtimeStatus>('connecting');
  const [offline, setOffline] = useState(!navigator.onLine);
  const [recalled, setRecalled] = useState<ReadonlySet<string>>(new Set());
  // Events that arrive while a fetch is in flight: re-applied on top of its (older) answer.
  const during = useRef<Ticket[] | null>(null);
  const generation = useRef(0);
  const on = useRef(handlers);
  on.current = handlers;

  const load = useCallback(async () => {
    const mine = ++generation.current;
    const since: Ticket[] = [];
    during.current = since;
    const all: Ticket[] = [];
    let cursor: string | undefined;
    try {
      do {
        const page = await kitchen.call((api) =>
          api.GET('/v1/kitchen/tickets', {
            params: {
              query: { stationId: station.id, state: 'active', limit: 100, ...(cursor ? { cursor } : {}) },
            },
          }),
        );
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    } catch {
      return; // offline: the next (re)connection fetches again
    } finally {
      if (during.current === since) {
        during.current = null;
      }
    }
    if (mine === generation.current) {
      setTickets(rebase(all, since, station.id));
    }
  }, [station.id]);

  useEffect(() => {
    const session = kitchen.session();
    void load();
    const conn = connectRealtime({
      token: () => kitchen.freshToken(),
      seqKey: `kasir.kitchen.seq.${session?.tenantId ?? ''}.${station.key}`,
      subscribe: [{ room: 'station', id: station.key }],
      onStatus: (s) => {
        setStatus(s);
        if (s === 'live') {
          void load(); // after a blip: the list as it is now, whatever the replay held
        }
      },
      onEvent: (e: KasirEvent) => {
        if (e.topic !== 'kitchen') {
          return;
        }
        const t = e.payload as unknown as Ticket;
        if (t.stationId !== station.id) {
          return;
        }
        during.current?.push(t);
        setTickets((m) => applyTicket(m, t, station.id));
        if (e.type === 'kitchen.ticket.recalled') {
          setRecalled((r) => new Set(r).add(t.id));
        }
        if (
          t.status === 'open' &&
          (e.type === 'kitchen.ticket.created' ||
            e.type === 'kitchen.ticket.fired' ||
            e.type === 'kitchen.ticket.recalled')
        ) {
          on.current.onArrival(t);
        }
        on.current.onKitchenEvent();
      },
    });
    const down = () => setOffline(true);
    const up = () => setOffline(false);
    window.addEventListener('offline', down);
    window.addEventListener('online', up);
    return () => {
      conn.stop();
      window.removeEventListener('offline', down);
      window.removeEventListener('online', up);
    };
  }, [station.id, station.key, load]);

  const apply = useCallback((t: Ticket) => setTickets((m) => applyTicket(m, t, station.id)), [station.id]);
  return { tickets, status, offline, recalled, apply };
}
