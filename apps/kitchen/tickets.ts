// The display's pure rules: how an event or a fresh list changes the tickets on screen, their
// order, and the colour of their age. No React, no network (unit-tested in tickets.test.ts).
import type { Ok } from '../shared/api-types.ts';

export type Ticket = Ok<'/v1/kitchen/tickets', 'get'>['items'][number];
export type TicketLine = Ticket['lines'][number];
export type Station = Ok<'/v1/kitchen/stations', 'get'>['items'][number];
export type Tone = 'fresh' | 'warn' | 'late';

/** On screen: held (a later course, pending) and open tickets. Bumped and served ones leave. */
export const onScreen = (t: Ticket) => t.status === 'held' || t.status === 'open';

/** When the kitchen got it: fired (a held course) or created. */
export const arrivedAt = (t: Ticket) => Date.parse(t.firedAt ?? t.createdAt);

/**
 * Arrival order: open tickets oldest first (the oldest sits top left); held courses after them,
 * greyed, in the order they will come.
 */
export function arrange(tickets: Iterable<Ticket>): Ticket[] {
  const key = (t: Ticket): [number, number, string] => [t.status === 'held' ? 1 : 0, arrivedAt(t), t.id];
  return [...tickets].sort((a, b) => {
    const [ha, ta, ia] = key(a);
    const [hb, tb, ib] = key(b);
    return ha - hb || ta - tb || (ia < ib ? -1 : ia > ib ? 1 : 0);
  });
}

/** A ticket as the server sent it now (event payload or answer): replaces the copy, or removes it. */
export function applyTicket(
  current: ReadonlyMap<string, Ticket>,
  t: Ticket,
  stationId: string,
): Map<string, Ticket> {
  const next = new Map(current);
  if (t.stationId !== stationId || !onScreen(t)) {
    next.delete(t.id);
  } else {
    next.set(t.id, t);
  }
  return next;
}

/** A fresh list from the server, with the events that came while it was being fetched on top. */
export function rebase(fetched: Ticket[], since: Ticket[], stationId: string): Map<string, Ticket> {
  let m = new Map(fetched.filter(onScreen).map((t) => [t.id, t] as const));
  for (const t of since) {
    m = applyTicket(m, t, stationId);
  }
  return m;
}

/** Age against the station's late threshold: amber from 60 % of it, red from it on. */
export function ageTone(ageSeconds: number, lateAfterSeconds: number): Tone {
  if (ageSeconds >= lateAfterSeconds) {
    return 'late';
  }
  return ageSeconds >= lateAfterSeconds * 0.6 ? 'warn' : 'fresh';
}

/** `mm:ss`, or `h:mm:ss` past an hour. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

/** What a tap on a line does: new → preparing → ready; ready, served and voided lines stay. */
export function nextLineStatus(status: TicketLine['status']): 'preparing' | 'ready' | null {
  return status === 'new' ? 'preparing' : status === 'preparing' ? 'ready' : null;
}
