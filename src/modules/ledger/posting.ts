import { allocate } from '../../platform/money/allocate.ts';
import { roundRatio } from '../../platform/money/rounding.ts';

/**
 * The chart of accounts. Assets: the tender accounts. Liabilities: customer deposits (paid but not
 * yet sold), tax payable, tips payable, fees payable. Revenue: sales, service charge, cash
 * rounding, payment rounding (card and gateway charges rounded up to the practical increment).
 * Contra-revenue: discounts, sales returns. Expenses: platform and processing fees.
 * Cash drawers (issue 14): floats come from and counted cash goes back to the safe (`cash_safe`);
 * paid in and paid out have their own accounts; a count's over/short is `cash_over_short`
 * (debit when short, credit when over).
 * Inventory (issue 16): see `postInventory`.
 */
export const ACCOUNTS = {
  cash_drawer: 'asset',
  card_clearing: 'asset',
  gateway_clearing: 'asset',
  cash_safe: 'asset',
  customer_deposits: 'liability',
  tax_payable: 'liability',
  tips_payable: 'liability',
  platform_fees_payable: 'liability',
  processing_fees_payable: 'liability',
  sales: 'revenue',
  service_charge: 'revenue',
  cash_rounding: 'revenue',
  payment_rounding: 'revenue',
  discounts: 'contra_revenue',
  sales_returns: 'contra_revenue',
  platform_fees: 'expense',
  processing_fees: 'expense',
  cash_paid_in: 'revenue',
  cash_paid_out: 'expense',
  cash_over_short: 'expense',
  // Inventory (issue 16): stock at moving-average cost, stock between outlets, what suppliers are
  // owed for goods received, and where stock goes: sold, wasted, or found short/over at a count.
  inventory: 'asset',
  inventory_in_transit: 'asset',
  accounts_payable: 'liability',
  cost_of_goods_sold: 'expense',
  inventory_waste: 'expense',
  inventory_adjustments: 'expense',
} as const;
export type Account = keyof typeof ACCOUNTS;

export interface PostingLine {
  account: Account;
  debit: number;
  credit: number;
}

export type Tender = 'cash' | 'card' | 'gateway';

/** Where money of each tender is held until it is banked or settled. */
export const TENDER_ACCOUNT: Record<Tender, Account> = {
  cash: 'cash_drawer',
  card: 'card_clearing',
  gateway: 'gateway_clearing',
};

/** Cash rounding is its own account; card and gateway charges rounded up go to payment rounding. */
const roundingAccount = (tender: Tender): Account =>
  tender === 'cash' ? 'cash_rounding' : 'payment_rounding';

/** Builds entry lines from signed amounts (positive = debit), dropping zeros. */
function lines(amounts: ReadonlyArray<[Account, number]>): PostingLine[] {
  const out: PostingLine[] = [];
  for (const [account, amount] of amounts) {
    if (amount > 0) {
      out.push({ account, debit: amount, credit: 0 });
    } else if (amount < 0) {
      out.push({ account, debit: 0, credit: -amount });
    }
  }
  assertBalanced(out);
  return out;
}

/** Throws unless Σ debit = Σ credit and every line is a non-negative integer on one side. */
export function assertBalanced(entry: readonly PostingLine[]): void {
  let sum = 0;
  for (const l of entry) {
    if (!Number.isSafeInteger(l.debit) || !Number.isSafeInteger(l.credit) || l.debit < 0 || l.credit < 0) {
      throw new RangeError(`ledger line ${l.account} is not a non-negative integer amount`);
    }
    if ((l.debit === 0) === (l.credit === 0)) {
      throw new RangeError(`ledger line ${l.account} must be a debit or a credit`);
    }
    sum += l.debit - l.credit;
  }
  if (sum !== 0) {
    throw new RangeError(`ledger entry does not balance (debits − credits = ${sum})`);
  }
}

export interface PaymentPosting {
  tender: Tender;
  /** Applied to the order. */
  amount: number;
  tip: number;
  /** Rounding: received − amount − tip (cash rounding, or a card/gateway charge rounded up). */
  rounding: number;
  feePlatform: number;
  feeProcessing: number;
}

/**
 * A completed payment: the money received sits in its tender account; the order's part is a
 * customer deposit until the sale completes; tips are owed to staff; rounding is its own line;
 * revenue-share fees are expenses owed to the platform and the processor.
 */
export function postPayment(p: PaymentPosting): PostingLine[] {
  return lines([
    [TENDER_ACCOUNT[p.tender], p.amount + p.tip + p.rounding],
    ['customer_deposits', -p.amount],
    ['tips_payable', -p.tip],
    [roundingAccount(p.tender), -p.rounding],
    ['platform_fees', p.feePlatform],
    ['platform_fees_payable', -p.feePlatform],
    ['processing_fees', p.feeProcessing],
    ['processing_fees_payable', -p.feeProcessing],
  ]);
}

export interface SaleFigures {
  total: number;
  subtotal: number;
  discountTotal: number;
  serviceChargeTotal: number;
  taxInclusiveTotal: number;
  taxExclusiveTotal: number;
}

/**
 * A completed order: its deposits become the sale. Sales are recognised net of tax (inclusive tax
 * is taken out of the line prices), discounts shown gross as contra-revenue.
 * total + discounts = (subtotal − inclusive tax) + service charge + all tax.
 */
export function postSale(s: SaleFigures): PostingLine[] {
  return lines([
    ['customer_deposits', s.total],
    ['discounts', s.discountTotal],
    ['sales', -(s.subtotal - s.taxInclusiveTotal)],
    ['service_charge', -s.serviceChargeTotal],
    ['tax_payable', -(s.taxInclusiveTotal + s.taxExclusiveTotal)],
  ]);
}

/** How a refund of a completed sale is split between revenue, service charge and tax. */
export interface RefundWeights {
  sales: number;
  serviceCharge: number;
  tax: number;
}

export interface RefundPosting {
  /** Where the money leaves from. */
  tender: Tender;
  amount: number;
  /** The share of the payment's rounding given back (the tender returns amount + rounding). */
  rounding?: number;
  /** The payment's own tender, whose rounding account this reverses (default: `tender`). */
  paidWith?: Tender;
  /** Was the order completed (the sale recognised)? Then this is a return; else a deposit given back. */
  afterCompletion: boolean;
  /** When afterCompletion: the exact split of the amount (see `returnSplit`) … */
  returned?: RefundWeights;
  /** … or weights to split it by largest remainder (exact per refund, not over several). */
  weights?: RefundWeights;
  feePlatformReversed: number;
  feeProcessingReversed: number;
}

/** A completed refund: reverses the sale's parts in proportion (or the deposit), and the fees. */
export function postRefund(r: RefundPosting): PostingLine[] {
  const reversal: Array<[Account, number]> = [];
  if (r.afterCompletion && r.returned) {
    const x = r.returned;
    if (x.sales + x.serviceCharge + x.tax !== r.amount) {
      throw new RangeError('the returned split must add up to the refund amount');
    }
    reversal.push(['sales_returns', x.sales], ['service_charge', x.serviceCharge], ['tax_payable', x.tax]);
  } else if (r.afterCompletion) {
    const w = r.weights ?? { sales: 1, serviceCharge: 0, tax: 0 };
    const [sales, service, tax] = allocate(r.amount, [w.sales, w.serviceCharge, w.tax]);
    reversal.push(['sales_returns', sales!], ['service_charge', service!], ['tax_payable', tax!]);
  } else {
    reversal.push(['customer_deposits', r.amount]);
  }
  const rounding = r.rounding ?? 0;
  return lines([
    ...reversal,
    [TENDER_ACCOUNT[r.tender], -(r.amount + rounding)],
    [roundingAccount(r.paidWith ?? r.tender), rounding],
    ['platform_fees_payable', r.feePlatformReversed],
    ['platform_fees', -r.feePlatformReversed],
    ['processing_fees_payable', r.feeProcessingReversed],
    ['processing_fees', -r.feeProcessingReversed],
  ]);
}

/**
 * How a return of `amount` after `returnedBefore` already returned splits over the sale's revenue,
 * service charge and tax — on the running total, so returning the whole sale in any pieces
 * reverses exactly what the sale booked (each piece is within a unit of its proportional share).
 */
export function returnSplit(sale: SaleFigures, returnedBefore: number, amount: number): RefundWeights {
  const salesNet = sale.subtotal - sale.taxInclusiveTotal - sale.discountTotal;
  if (sale.total <= 0) {
    return { sales: amount, serviceCharge: 0, tax: 0 };
  }
  const share = (part: number) =>
    runningShare(
      part,
      sale.total,
      Math.min(returnedBefore, sale.total),
      Math.min(amount, sale.total - Math.min(returnedBefore, sale.total)),
    );
  const sales = share(salesNet);
  const serviceCharge = share(sale.serviceChargeTotal);
  return { sales, serviceCharge, tax: amount - sales - serviceCharge };
}

/** `total × (before + now) / whole − total × before / whole`, each rounded half-even. */
function runningShare(total: number, whole: number, before: number, now: number): number {
  const at = (taken: number) => Number(roundRatio(BigInt(total) * BigInt(taken), BigInt(whole), 'half_even'));
  return at(before + now) - at(before);
}

/**
 * An inventory entry: what stock at one outlet gained or lost in value (signed, minor units),
 * against the account each change came from or went to (a sale: cost of goods sold; receiving:
 * accounts payable; a transfer: in transit; waste; a count or an adjustment). Σ of these over
 * the books is exactly Σ of the stock movements' values.
 */
export function postInventory(changes: ReadonlyArray<{ counter: Account; value: number }>): PostingLine[] {
  const net = new Map<Account, number>();
  let inventory = 0;
  for (const c of changes) {
    inventory += c.value;
    net.set(c.counter, (net.get(c.counter) ?? 0) - c.value);
  }
  return lines([['inventory', inventory], ...net.entries()]);
}
