import { AppError } from '../../platform/http/errors.ts';

/** States of a line on a ticket. `voided` is set only when the order line is voided after sending. */
export type TicketLineStatus = 'new' | 'preparing' | 'ready' | 'served' | 'voided';

/** Which line state may follow which (a cook may step back one state by mistake). */
export const LINE_TRANSITIONS: Record<TicketLineStatus, readonly TicketLineStatus[]> = {
  new: ['preparing', 'ready'],
  preparing: ['new', 'ready'],
  ready: ['preparing', 'served'],
  served: [],
  voided: [],
};

export function assertLineTransition(from: TicketLineStatus, to: TicketLineStatus): void {
  if (!LINE_TRANSITIONS[from].includes(to)) {
    throw new AppError('kitchen.invalid_transition', `A ${from} line cannot become ${to}.`, { from, to });
  }
}

/**
 * Which lines of a send go now and which are held: a line with no course, or a course at or below
 * the order's fired course, goes now. On an order's first send nothing is fired yet, so its lowest
 * course is fired at once ("the first course goes at once").
 */
export function courseSplit(
  firedCourse: number,
  courses: readonly (number | null)[],
): { fired: number; held: (c: number | null) => boolean } {
  const numbered = courses.filter((c): c is number => c !== null);
  const fired = firedCourse > 0 || numbered.length === 0 ? firedCourse : Math.min(...numbered);
  return { fired, held: (c) => c !== null && c > fired };
}

/** The p-th percentile (0–1) of a list of numbers by nearest rank; null for an empty list. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}
