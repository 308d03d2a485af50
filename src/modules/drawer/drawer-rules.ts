import { AppError } from '../../platform/http/errors.ts';
import type { PostingLine } from '../ledger/index.ts';

/** A count of notes and coins: the face value (minor units) and how many. */
export interface Denomination {
  value: number;
  count: number;
}

/** What kinds of cash move in or out of a drawer session (signed: positive = into the drawer). */
export type MovementKind =
  'float' | 'sale' | 'refund' | 'paid_in' | 'paid_out' | 'drop' | 'no_sale' | 'over_short' | 'close_out';

/**
 * Σ value × count of a denomination count. Each value appears once (a count lists each note or
 * coin once); the sum must stay within `max`.
 */
export function sumDenominations(list: readonly Denomination[], field: string, max: number): number {
  const seen = new Set<number>();
  let sum = 0;
  for (const d of list) {
    if (seen.has(d.value)) {
      throw new AppError('drawer.invalid', `The denomination ${d.value} is listed twice.`, { field });
    }
    seen.add(d.value);
    sum += d.value * d.count;
  }
  if (!Number.isSafeInteger(sum) || sum > max) {
    throw new AppError('drawer.invalid', 'The count is more than the largest amount allowed.', { field });
  }
  return sum;
}

/**
 * The amount of a count given as an amount, denominations or both (then they must agree).
 */
export function countedAmount(
  input: { amount?: number | undefined; denominations?: readonly Denomination[] | undefined },
  field: string,
  max: number,
): number {
  const fromCount =
    input.denominations === undefined
      ? undefined
      : sumDenominations(input.denominations, `${field}.denominations`, max);
  if (input.amount === undefined && fromCount === undefined) {
    throw new AppError('drawer.invalid', 'Give the amount or the count by denomination.', { field });
  }
  if (input.amount !== undefined && fromCount !== undefined && input.amount !== fromCount) {
    throw new AppError('drawer.count_mismatch', 'The amount is not what the denominations add up to.', {
      field,
      amount: input.amount,
      denominations: fromCount,
    });
  }
  return (input.amount ?? fromCount)!;
}

/** Does a variance need a reason and a manager: its size is above the outlet's threshold. */
export function varianceNeedsApproval(variance: number, threshold: number): boolean {
  return Math.abs(variance) > threshold;
}

/** Builds balanced lines from signed amounts (positive = debit), dropping zeros. */
function lines(amounts: ReadonlyArray<[PostingLine['account'], number]>): PostingLine[] {
  const out: PostingLine[] = [];
  for (const [account, amount] of amounts) {
    if (amount > 0) {
      out.push({ account, debit: amount, credit: 0 });
    } else if (amount < 0) {
      out.push({ account, debit: 0, credit: -amount });
    }
  }
  return out;
}

/**
 * The ledger entry of a drawer movement the drawer posts itself (cash sales and refunds are posted
 * by payments, tagged with the session). `amount` is signed: positive = into the drawer.
 * float: safe → drawer; paid in: other income → drawer; paid out: drawer → expense; drop and
 * close-out: drawer → safe; over/short: the count's difference against `cash_over_short`.
 */
export function drawerPosting(kind: MovementKind, amount: number): PostingLine[] {
  switch (kind) {
    case 'float':
    case 'drop':
    case 'close_out':
      return lines([
        ['cash_drawer', amount],
        ['cash_safe', -amount],
      ]);
    case 'paid_in':
    case 'paid_out':
      return lines([
        ['cash_drawer', amount],
        [kind === 'paid_in' ? 'cash_paid_in' : 'cash_paid_out', -amount],
      ]);
    case 'over_short':
      return lines([
        ['cash_drawer', amount],
        ['cash_over_short', -amount],
      ]);
    case 'sale':
    case 'refund':
    case 'no_sale':
      return [];
  }
}
