// What the kitchen is doing with each line of an order, from its tickets (pure).
import type { Order, OrderLine, Ticket } from './types.ts';

export type LineState = 'unsent' | 'sent' | 'held' | 'new' | 'preparing' | 'ready' | 'served' | 'voided';

/** lineId → its state on the kitchen's tickets (a held ticket is a course not fired yet). */
export function lineStates(tickets: Ticket[]): Map<string, LineState> {
  const states = new Map<string, LineState>();
  for (const ticket of tickets) {
    for (const l of ticket.lines) {
      states.set(l.lineId, ticket.status === 'held' && l.status !== 'voided' ? 'held' : l.status);
    }
  }
  return states;
}

export function stateOf(line: OrderLine, states: Map<string, LineState>): LineState {
  if (line.status === 'voided') {
    return 'voided';
  }
  if (!line.sent) {
    return 'unsent';
  }
  return states.get(line.id) ?? 'sent'; // sent, but no station makes it (no ticket)
}

/** The lowest course still held in the kitchen (the one to fire next), or null. */
export function nextHeldCourse(tickets: Ticket[]): number | null {
  const held = tickets.filter((t) => t.status === 'held' && t.course !== null).map((t) => t.course!);
  return held.length ? Math.min(...held) : null;
}

/** Lines by course (no course last), in the order they were added. */
export function byCourse(order: Order): { course: number | null; lines: OrderLine[] }[] {
  const groups = new Map<number | null, OrderLine[]>();
  for (const line of order.lines) {
    const c = line.course ?? null;
    groups.set(c, [...(groups.get(c) ?? []), line]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a ?? Number.MAX_SAFE_INTEGER) - (b ?? Number.MAX_SAFE_INTEGER))
    .map(([course, lines]) => ({ course, lines }));
}

/** Upserts a ticket from an event (the payload is the whole ticket). */
export function withTicket(tickets: Ticket[], ticket: Ticket): Ticket[] {
  return tickets.some((t) => t.id === ticket.id)
    ? tickets.map((t) => (t.id === ticket.id ? ticket : t))
    : [...tickets, ticket];
}
