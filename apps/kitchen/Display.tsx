// One station's display: tickets as cards in arrival order, coloured by age against the station's
// late threshold, a tap per line (new → preparing → ready), bump, recall, the all-day counts, a
// chime on each new ticket and a clear banner while the connection is down. No prices anywhere.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, newIdempotencyKey } from '../shared/api.ts';
import { StatusPill, useToast } from '../shared/ui/ui.tsx';
import { useStationFeed } from './feed.ts';
import { kitchen } from './session.ts';
import { sound } from './sound.ts';
import { BellIcon, BellOffIcon, RecallIcon } from './icons.tsx';
import { TicketCard } from './TicketCard.tsx';
import { ageTone, arrange, arrivedAt, type Station, type Ticket } from './tickets.ts';

type AllDay = { itemId: string; name: string; pending: number; held: number };

export function Display({
  outlet,
  station,
  onChangeStation,
}: {
  outlet: { id: string; name: string };
  station: Station;
  onChangeStation: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const [now, setNow] = useState(Date.now());
  const [allDay, setAllDay] = useState<AllDay[]>([]);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [soundState, setSoundState] = useState(() => ({ wanted: sound.wanted(), ready: sound.ready() }));
  const figuresTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const loadAllDay = useCallback(async () => {
    try {
      const f = await kitchen.call((api) =>
        api.GET('/v1/kitchen/figures', { params: { query: { outletId: outlet.id } } }),
      );
      setAllDay(
        f.allDay
          .filter((a) => a.stationId === station.id && a.pending > 0)
          .sort((a, b) => b.pending - a.pending || a.name.localeCompare(b.name)),
      );
    } catch {
      // Offline: the panel keeps its last counts until the next event or tick.
    }
  }, [outlet.id, station.id]);

  const feed = useStationFeed(station, {
    onArrival: () => sound.chime(),
    onKitchenEvent: () => {
      clearTimeout(figuresTimer.current);
      figuresTimer.current = setTimeout(() => void loadAllDay(), 400);
    },
  });

  useEffect(() => {
    void loadAllDay();
    const every = setInterval(() => void loadAllDay(), 30_000);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(every);
      clearInterval(tick);
      clearTimeout(figuresTimer.current);
    };
  }, [loadAllDay]);

  // Sound needs one gesture on this page: any tap unlocks it.
  useEffect(() => {
    const update = () => setSoundState({ wanted: sound.wanted(), ready: sound.ready() });
    const off = sound.onChange(update);
    const unlock = () => {
      if (sound.wanted() && !sound.ready()) {
        sound.unlock();
      }
    };
    document.addEventListener('pointerdown', unlock);
    document.addEventListener('keydown', unlock);
    return () => {
      off();
      document.removeEventListener('pointerdown', unlock);
      document.removeEventListener('keydown', unlock);
    };
  }, []);

  const tickets = useMemo(() => arrange(feed.tickets.values()), [feed.tickets]);
  const open = tickets.filter((x) => x.status === 'open');

  // The alarm rings once when a ticket turns late.
  const alarmed = useRef(new Set<string>());
  useEffect(() => {
    for (const x of open) {
      const late = ageTone((now - arrivedAt(x)) / 1000, station.lateAfterSeconds) === 'late';
      if (late && !alarmed.current.has(x.id)) {
        alarmed.current.add(x.id);
        sound.alarm();
      }
    }
  }, [now, open, station.lateAfterSeconds]);

  const act = async (ticketId: string, run: () => Promise<Ticket>) => {
    setBusy((b) => new Set(b).add(ticketId));
    try {
      feed.apply(await run());
    } catch (err) {
      toast(t('kds.failed', { message: (err as Error).message }), 'error');
    } finally {
      setBusy((b) => {
        const n = new Set(b);
        n.delete(ticketId);
        return n;
      });
    }
  };
  const headers = () => ({ 'idempotency-key': newIdempotencyKey() });
  const advance = (ticket: Ticket, lineId: string, status: 'preparing' | 'ready') =>
    act(ticket.id, () =>
      kitchen.call((api) =>
        api.POST('/v1/kitchen/tickets/{id}/lines/{lineId}/status', {
          params: { path: { id: ticket.id, lineId } },
          body: { status },
          headers: headers(),
        }),
      ),
    );
  const bump = (ticket: Ticket) =>
    act(ticket.id, () =>
      kitchen.call((api) =>
        api.POST('/v1/kitchen/tickets/{id}/bump', {
          params: { path: { id: ticket.id } },
          headers: headers(),
        }),
      ),
    );
  const recall = async () => {
    try {
      feed.apply(
        await kitchen.call((api) =>
          api.POST('/v1/kitchen/stations/{id}/recall', {
            params: { path: { id: station.id } },
            headers: headers(),
          }),
        ),
      );
    } catch (err) {
      toast(
        err instanceof ApiError && err.status === 409
          ? t('kds.nothingToRecall')
          : t('kds.failed', { message: (err as Error).message }),
        err instanceof ApiError && err.status === 409 ? 'info' : 'error',
      );
    }
  };

  const disconnected = feed.offline || feed.status === 'offline';
  const pillLabel = disconnected ? t('kds.offline') : t(`kds.${feed.status}`);
  const time = new Date(now).toLocaleTimeString(document.documentElement.lang === 'id' ? 'id-ID' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
  });

  return (
    <div className={`kds ${disconnected ? 'kds-offline' : ''}`}>
      <header className="kds-bar">
        <div className="kds-title">
          <span className="k-brand small" aria-hidden="true">
            K
          </span>
          <div>
            <h1>{station.name}</h1>
            <span className="k-muted">{outlet.name}</span>
          </div>
        </div>
        <div className="kds-count" aria-live="polite">
          {t('kds.tickets', { count: open.length })}
        </div>
        <div className="kds-tools">
          <span className="kds-clock">{time}</span>
          <StatusPill status={disconnected ? 'offline' : feed.status} label={pillLabel} />
          <button
            type="button"
            className="k-tool"
            aria-pressed={soundState.wanted}
            onClick={() => sound.setWanted(!soundState.wanted)}
          >
            {soundState.wanted ? <BellIcon /> : <BellOffIcon />}
            {soundState.wanted ? t('kds.soundOn') : t('kds.soundOff')}
          </button>
          <button type="button" className="k-tool" aria-label={t('kds.recall')} onClick={() => void recall()}>
            <RecallIcon /> {t('kds.recallShort')}
          </button>
          <button type="button" className="k-tool" onClick={onChangeStation}>
            {t('kds.changeStation')}
          </button>
        </div>
      </header>
      {disconnected && (
        <div className="kds-banner" role="alert">
          {t('kds.offlineBanner')}
        </div>
      )}
      {!disconnected && soundState.wanted && !soundState.ready && (
        <button type="button" className="kds-hint" onClick={() => sound.unlock()}>
          <BellIcon /> {t('kds.enableSound')}
        </button>
      )}
      <div className="kds-body">
        <aside className="kds-allday" aria-labelledby="allday-title">
          <h2 id="allday-title">{t('kds.allDay')}</h2>
          {allDay.length === 0 ? (
            <p className="k-muted">{t('kds.allDayEmpty')}</p>
          ) : (
            <ul>
              {allDay.map((a) => (
                <li key={a.itemId}>
                  <span className="kds-allday-n">{a.pending}</span>
                  <span className="kds-allday-name">
                    {a.name}
                    {a.held > 0 && <small>{t('kds.heldCount', { count: a.held })}</small>}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </aside>
        <main className="kds-tickets" aria-label={t('app.title')}>
          {tickets.length === 0 ? (
            <p className="kds-empty">{t('kds.empty')}</p>
          ) : (
            tickets.map((x) => (
              <TicketCard
                key={x.id}
                ticket={x}
                now={now}
                lateAfter={station.lateAfterSeconds}
                recalled={feed.recalled.has(x.id)}
                busy={busy.has(x.id)}
                onAdvance={(lineId, to) => void advance(x, lineId, to)}
                onBump={() => void bump(x)}
              />
            ))
          )}
        </main>
      </div>
    </div>
  );
}
