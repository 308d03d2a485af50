/**
 * What a tender asks the customer for. Order amounts stay exact in minor units (a rupiah bill can
 * carry sen from its tax); a tender can only ask for multiples of the currency's practical
 * increment (`defaultPracticalIncrement`: Rp 1 = 100 sen) — or, for cash, of the cash rounding
 * increment. The rules, in one place for the payments module, the bill split and the register:
 *
 * - A part payment asks for exactly its amount (a split part is already a multiple).
 * - A payment that settles the balance asks for it rounded: card and gateway *up* to the practical
 *   increment (never less than the bill, at most one increment less one minor unit more), cash
 *   half-up to the cash increment. The difference is the payment's rounding, booked on its own line.
 * - A split divides the balance rounded up to the increment, so every part is payable by any
 *   tender, in any order: whichever part is paid last settles the balance, and its rounding is what
 *   the parts sum to beyond the balance.
 */
import { splitEvenly } from './allocate.ts';
import { assertNonNegativeMinor, toMinor } from './money.ts';
import { roundToIncrement } from './rounding.ts';

function checkIncrement(increment: number): bigint {
  if (!Number.isSafeInteger(increment) || increment < 1) {
    throw new RangeError(`increment must be a positive safe integer, got ${increment}`);
  }
  return BigInt(increment);
}

/** `amount` (≥ 0) rounded up to a multiple of `increment` (≥ 1): 1_357_950 by 100 → 1_358_000. */
export function roundUpToIncrement(amount: number, increment: number): number {
  assertNonNegativeMinor(amount);
  const step = checkIncrement(increment);
  const a = BigInt(amount);
  return toMinor(((a + step - 1n) / step) * step, 'rounded amount');
}

/** The increments a tender rounds to (minor units). `cash` 0 = the tenant has no cash rounding. */
export interface TenderIncrements {
  practical: number;
  cash: number;
}

/** The increment cash is counted in: the cash rounding increment, or else the practical one. */
export function cashIncrement(inc: TenderIncrements): number {
  return inc.cash > 0 ? inc.cash : inc.practical;
}

/**
 * What one tender asks for to settle `balance` in full: card and gateway round up to the practical
 * increment; cash rounds half-up to the cash increment (or the practical one). The payment applies
 * exactly `balance`; `due − balance` is its rounding.
 */
export function settlementDue(balance: number, tender: 'cash' | 'card' | 'gateway', inc: TenderIncrements) {
  assertNonNegativeMinor(balance, 'balance');
  return tender === 'cash'
    ? roundToIncrement(balance, cashIncrement(inc), 'half_up')
    : roundUpToIncrement(balance, inc.practical);
}

/**
 * `amount` split into `parts` multiples of `increment`, as equal as possible (earlier parts take
 * the extra increments), summing to `amount` rounded up to the increment. A part is 0 when the
 * amount has fewer increments than there are parts.
 */
export function splitInIncrements(amount: number, parts: number, increment: number): number[] {
  const due = roundUpToIncrement(amount, increment);
  return splitEvenly(due / increment, parts).map((units) => units * increment);
}

/**
 * Quick cash tenders for a cash `due`: the amounts a customer is likely to hand over — `due`
 * rounded up to each "1-2-5" note or coin value (…, 1,000, 2,000, 5,000, 10,000 … minor units)
 * that is a multiple of the cash `step`, up to the next power of ten above the due. The largest
 * `limit` of them above `due`, ascending: Rp 36,500 → Rp 37,000, 38,000, 40,000, 50,000, 100,000.
 * Exact cash ("uang pas") is `due` itself and not repeated.
 */
export function quickCashTenders(due: number, step: number, limit = 5): number[] {
  assertNonNegativeMinor(due, 'due');
  checkIncrement(step);
  if (due === 0) {
    return [];
  }
  let ceiling = 1;
  while (ceiling <= due) {
    ceiling *= 10;
  }
  if (ceiling > Number.MAX_SAFE_INTEGER) {
    return []; // no cash drawer holds 10^15 minor units
  }
  const found = new Set<number>();
  for (let decade = 1; decade <= ceiling; decade *= 10) {
    for (const note of [decade, 2 * decade, 5 * decade]) {
      if (note <= ceiling && note % step === 0) {
        const tender = roundUpToIncrement(due, note);
        if (tender > due) {
          found.add(tender);
        }
      }
    }
  }
  return [...found].sort((a, b) => a - b).slice(-limit);
}

/**
 * The share of a payment's rounding a refund gives back, so that what the tender returns is in
 * whole increments and a payment refunded in full (in any pieces) returns exactly what it took.
 * On the running total: refunds of `y` applied in all return R(y) — `took` (amount + rounding)
 * once y reaches the amount, else y rounded up to the increment, never past `took`. A refund of
 * `amount` after `before` returns R(before + amount) − R(before) = amount + the result. R only
 * grows, so a refund never returns a negative amount (it returns 0 when an earlier refund, rounded
 * up, already gave its sen back).
 */
export function refundRounding(
  payment: { amount: number; rounding: number },
  before: number,
  amount: number,
  increment: number,
): number {
  const took = payment.amount + payment.rounding;
  const returned = (y: number) =>
    y >= payment.amount ? took : Math.min(roundUpToIncrement(y, increment), took);
  return returned(before + amount) - returned(before) - amount;
}
