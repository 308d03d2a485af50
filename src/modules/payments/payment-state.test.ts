import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/errors.ts';
import {
  PAYMENT_STATUSES,
  PAYMENT_TRANSITIONS,
  assertPaymentTransition,
  canTransitionPayment,
  isFinalPayment,
  isOpenPayment,
  type PaymentStatus,
} from './payment-state.ts';

/**
 * The expected table, written out independently of the implementation: a change to the real
 * table has to be made here too, on purpose.
 */
const ALLOWED = new Set([
  'pending>authorized',
  'pending>completed',
  'pending>failed',
  'pending>canceled',
  'authorized>completed',
  'authorized>failed',
  'authorized>canceled',
]);
const FINAL: readonly PaymentStatus[] = ['completed', 'failed', 'canceled'];

const PAIRS = PAYMENT_STATUSES.flatMap((from) => PAYMENT_STATUSES.map((to) => [from, to] as const));

/** Every status reachable from `from` in one or more steps. */
function reachable(from: PaymentStatus): Set<PaymentStatus> {
  const seen = new Set<PaymentStatus>();
  const queue = [...PAYMENT_TRANSITIONS[from]];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (!seen.has(next)) {
      seen.add(next);
      queue.push(...PAYMENT_TRANSITIONS[next]);
    }
  }
  return seen;
}

describe('payment state machine', () => {
  it('knows exactly the five statuses, each with a table row', () => {
    expect([...PAYMENT_STATUSES].sort()).toEqual([
      'authorized',
      'canceled',
      'completed',
      'failed',
      'pending',
    ]);
    expect(Object.keys(PAYMENT_TRANSITIONS).sort()).toEqual([...PAYMENT_STATUSES].sort());
  });

  it.each(PAIRS)('%s → %s follows the table', (from, to) => {
    const ok = ALLOWED.has(`${from}>${to}`);
    expect(canTransitionPayment(from, to)).toBe(ok);
    expect(PAYMENT_TRANSITIONS[from].includes(to)).toBe(ok);
    if (ok) {
      expect(() => assertPaymentTransition(from, to)).not.toThrow();
      return;
    }
    let thrown: unknown;
    try {
      assertPaymentTransition(from, to);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('payments.invalid_transition');
    expect((thrown as AppError).details).toEqual({ from, to });
  });

  it('has no self transitions (a repeated report is "same state", not a change)', () => {
    for (const s of PAYMENT_STATUSES) {
      expect(canTransitionPayment(s, s)).toBe(false);
    }
  });

  it('final states have no exits; open states are exactly the non-final ones', () => {
    for (const s of PAYMENT_STATUSES) {
      const final = FINAL.includes(s);
      expect(isFinalPayment(s)).toBe(final);
      expect(isOpenPayment(s)).toBe(!final);
      if (final) {
        expect(PAYMENT_TRANSITIONS[s]).toEqual([]);
      }
    }
  });

  it('no path leads back from a final state, nor back to pending or authorized from anywhere later', () => {
    for (const s of FINAL) {
      expect(reachable(s).size).toBe(0);
    }
    // No cycles at all: nothing reaches itself.
    for (const s of PAYMENT_STATUSES) {
      expect(reachable(s).has(s)).toBe(false);
    }
    expect(reachable('authorized').has('pending')).toBe(false);
    // Every open state can still end in every final state.
    for (const s of ['pending', 'authorized'] as const) {
      expect([...reachable(s)].filter((x) => FINAL.includes(x)).sort()).toEqual([...FINAL].sort());
    }
  });
});
