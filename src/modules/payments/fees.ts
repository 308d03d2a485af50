import { allocate } from '../../platform/money/allocate.ts';
import { roundRatio } from '../../platform/money/rounding.ts';

const PPM = 1_000_000;

/** A tenant's revenue-share schedule, in parts per million of a payment's amount. */
export interface FeeSchedule {
  platformPpm: number;
  /** Charged on card and gateway payments only: cash has no processor. */
  processingPpm: number;
}

export interface FeeSplit {
  platform: number;
  processing: number;
  /** What the tenant keeps. platform + processing + tenant = amount, exactly. */
  tenant: number;
}

/**
 * Splits one payment's amount (tips excluded — they belong to the staff) between the platform,
 * the processor and the tenant by largest remainder, so the three parts always sum to the amount.
 */
export function splitFees(
  amount: number,
  schedule: FeeSchedule,
  method: 'cash' | 'card' | 'gateway',
): FeeSplit {
  const processingPpm = method === 'cash' ? 0 : schedule.processingPpm;
  const tenantPpm = PPM - schedule.platformPpm - processingPpm;
  if (tenantPpm < 0) {
    throw new RangeError('fee rates add up to more than 100%');
  }
  const [platform, processing, tenant] = allocate(amount, [schedule.platformPpm, processingPpm, tenantPpm]);
  return { platform: platform!, processing: processing!, tenant: tenant! };
}

/**
 * The part of a fee a refund reverses, proportional to what it refunds. Computed on the running
 * total (what all refunds so far should have reversed, minus what they did), so a payment refunded
 * in any number of pieces reverses its fee exactly once over — never a unit more or less.
 */
export function feeReversal(fee: number, amount: number, refundedBefore: number, refunding: number): number {
  return runningShare(fee, amount, refundedBefore, refunding);
}

/**
 * `total × (before + now) / whole − total × before / whole`, each rounded half-even: the share of
 * `total` that `now` more units out of `whole` carry, given `before` units were already taken.
 * The shares of pieces that add up to `whole` add up to `total` exactly.
 */
export function runningShare(total: number, whole: number, before: number, now: number): number {
  const share = (taken: number) =>
    Number(roundRatio(BigInt(total) * BigInt(taken), BigInt(whole), 'half_even'));
  return share(before + now) - share(before);
}

/**
 * The amount a refund of `quantity` out of `lineQuantity` units of a line gives back, on the same
 * running-total principle: refunding every unit, in any pieces, returns the line's total exactly.
 */
export function proratedLineAmount(
  lineTotal: number,
  lineQuantity: number,
  quantityBefore: number,
  quantity: number,
): number {
  return runningShare(lineTotal, lineQuantity, quantityBefore, quantity);
}
