// The kitchen display's pure rules (apps/kitchen/tickets.ts): what an event does to the screen,
// the arrival order, the age colours and the line taps.
import { describe, expect, it } from 'vitest';
import {
  ageTone,
  applyTicket,
  arrange,
  clock,
  nextLineStatus,
  rebase,
  type Ticket,
} from '../../apps/kitchen/tickets.ts';

const STATION = 's-dapur';
let n = 0;
function ticket(over: Partial<Ticket> = {}): Ticket {
  n += 1;
  return {
    id: `t-${String(n).padStart(3, '0')}`,
    outletId: 'o',
    stationId: STATION,
    stationKey: 'dapur',
    orderId: `o-${n}`,
    orderNumber: n,
    tableRef: null,
    sentBy: null,
    course: null,
    status: 'open',
    rush: false,
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, n)).toISOString(),
    firedAt: null,
    bumpedAt: null,
    servedAt: null,
    lines: [],
    ...over,
  };
}

describe('kitchen display rules', () => {
  it('an event replaces the copy of an open or held ticket, and removes a bumped or served one', () => {
    const a = ticket();
    let m = applyTicket(new Map(), a, STATION);
    expect([...m.keys()]).toEqual([a.id]);
    m = applyTicket(m, { ...a, rush: true }, STATION);
    expect(m.get(a.id)?.rush).toBe(true);
    expect(applyTicket(m, { ...a, status: 'bumped' }, STATION).size).toBe(0);
    expect(applyTicket(m, { ...a, status: 'served' }, STATION).size).toBe(0);
    // Another station's ticket never shows here.
    expect(applyTicket(new Map(), ticket({ stationId: 'bar' }), STATION).size).toBe(0);
  });

  it('a fresh list keeps the events that came while it was fetched', () => {
    const a = ticket();
    const b = ticket();
    const c = ticket();
    // Fetched while a was open and b still there; meanwhile b was bumped and c arrived.
    const m = rebase([a, b], [{ ...b, status: 'bumped' }, c], STATION);
    expect([...m.keys()].sort()).toEqual([a.id, c.id].sort());
    expect(rebase([{ ...a, status: 'bumped' }], [], STATION).size).toBe(0);
  });

  it('open tickets oldest first (by fire time for a fired course), held courses after them', () => {
    const first = ticket();
    const heldEarly = ticket({ status: 'held', course: 2 });
    const second = ticket();
    const firedLate = ticket({
      createdAt: first.createdAt,
      firedAt: new Date(Date.UTC(2026, 0, 1, 13)).toISOString(),
    });
    const order = arrange([firedLate, heldEarly, second, first]).map((t) => t.id);
    expect(order).toEqual([first.id, second.id, firedLate.id, heldEarly.id]);
  });

  it('age colours against the late threshold: amber from 60 %, red from it', () => {
    expect(ageTone(0, 480)).toBe('fresh');
    expect(ageTone(287, 480)).toBe('fresh');
    expect(ageTone(288, 480)).toBe('warn');
    expect(ageTone(479, 480)).toBe('warn');
    expect(ageTone(480, 480)).toBe('late');
    expect(clock(0)).toBe('00:00');
    expect(clock(-3)).toBe('00:00');
    expect(clock(75.9)).toBe('01:15');
    expect(clock(3723)).toBe('1:02:03');
  });

  it('a tap moves a line new → preparing → ready; ready, served and voided lines stay', () => {
    expect(nextLineStatus('new')).toBe('preparing');
    expect(nextLineStatus('preparing')).toBe('ready');
    expect(nextLineStatus('ready')).toBeNull();
    expect(nextLineStatus('served')).toBeNull();
    expect(nextLineStatus('voided')).toBeNull();
  });
});
