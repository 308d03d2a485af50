// The waiter's view of the kitchen: each line's state from the order and its tickets (pure).
import { describe, expect, it } from 'vitest';
import type { Order, Ticket } from '../../apps/waiter/types.ts';
import {
  byCourse,
  lineStates,
  nextHeldCourse,
  stateOf,
  withTicket,
} from '../../apps/waiter/kitchen-state.ts';

const line = (id: string, extra: Partial<Order['lines'][number]> = {}) =>
  ({ id, status: 'active', sent: true, course: null, seat: null, ...extra }) as Order['lines'][number];
const ticket = (id: string, status: Ticket['status'], course: number | null, lines: [string, string][]) =>
  ({
    id,
    status,
    course,
    lines: lines.map(([lineId, s]) => ({ lineId, status: s, name: lineId, quantity: 1 })),
  }) as unknown as Ticket;

describe('waiter kitchen state', () => {
  it('a line is not sent, held, in the kitchen, or sent to no station', () => {
    const tickets = [
      ticket('t1', 'open', null, [['a', 'preparing']]),
      ticket('t2', 'held', 2, [['b', 'new']]),
    ];
    const states = lineStates(tickets);
    expect(stateOf(line('a'), states)).toBe('preparing');
    expect(stateOf(line('b'), states)).toBe('held');
    expect(stateOf(line('c', { sent: false }), states)).toBe('unsent');
    expect(stateOf(line('d'), states)).toBe('sent'); // sent, but no station makes it
    expect(stateOf(line('a', { status: 'voided' }), states)).toBe('voided');
  });

  it('a bumped ticket makes its lines ready; an event replaces the ticket by id', () => {
    let tickets = [ticket('t1', 'open', null, [['a', 'new']])];
    tickets = withTicket(tickets, ticket('t1', 'bumped', null, [['a', 'ready']]));
    expect(tickets).toHaveLength(1);
    expect(lineStates(tickets).get('a')).toBe('ready');
    tickets = withTicket(tickets, ticket('t2', 'open', null, [['b', 'new']]));
    expect(tickets.map((t) => t.id)).toEqual(['t1', 't2']);
  });

  it('the next course to fire is the lowest held one', () => {
    expect(nextHeldCourse([])).toBeNull();
    expect(
      nextHeldCourse([ticket('a', 'held', 3, []), ticket('b', 'held', 2, []), ticket('c', 'open', 1, [])]),
    ).toBe(2);
  });

  it('lines go by course, lines without a course last', () => {
    const order = {
      lines: [line('x', { course: 2 }), line('y'), line('z', { course: 1 }), line('w', { course: 2 })],
    } as Order;
    expect(byCourse(order).map((g) => [g.course, g.lines.map((l) => l.id)])).toEqual([
      [1, ['z']],
      [2, ['x', 'w']],
      [null, ['y']],
    ]);
  });
});
