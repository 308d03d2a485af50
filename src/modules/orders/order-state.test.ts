import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/errors.ts';
import {
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  assertTransition,
  canTransition,
  isEditable,
} from './order-state.ts';

describe('order state machine', () => {
  const allowed = new Set([
    'open>sent',
    'open>completed',
    'open>canceled',
    'sent>completed',
    'sent>canceled',
  ]);
  it.each(ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const)))(
    '%s → %s',
    (from, to) => {
      const ok = allowed.has(`${from}>${to}`);
      expect(canTransition(from, to)).toBe(ok);
      if (ok) {
        expect(() => assertTransition(from, to)).not.toThrow();
      } else {
        expect(() => assertTransition(from, to)).toThrow(AppError);
      }
    },
  );
  it('final states have no way out and are not editable', () => {
    expect(ORDER_TRANSITIONS.completed).toEqual([]);
    expect(ORDER_TRANSITIONS.canceled).toEqual([]);
    expect(ORDER_STATUSES.filter(isEditable)).toEqual(['open', 'sent']);
  });
});
