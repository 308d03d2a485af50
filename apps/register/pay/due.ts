// The register's tender rules, pure (no browser, no API), so they are tested on their own.

/**
 * The amount of the next tender. A bill split evenly pays its next part (the last part pays the
 * exact balance, so the server's rounding rule settles it); otherwise an amount typed for a part
 * payment (never more than the balance), or the whole balance.
 */
export function amountToPay(parts: readonly number[], typed: number | null, balance: number): number {
  if (parts.length > 1) {
    return Math.min(parts[0]!, balance);
  }
  if (parts.length === 1) {
    return balance;
  }
  return typed === null ? balance : Math.min(balance, typed);
}

/** The parts as shown: the last one is what is left of the balance after the others. */
export function shownParts(parts: readonly number[], balance: number): number[] {
  const before = parts.slice(0, -1);
  const rest = balance - before.reduce((a, b) => a + b, 0);
  return parts.length ? [...before, Math.max(0, rest)] : [];
}

/**
 * Whether a tender makes a counter sale in one request (POST /v1/sales): cash or card for the
 * whole balance of a sale not on the server yet and not split. Otherwise the two-step path.
 */
export function isCounterSale(
  sale: { order: unknown; parts?: readonly number[] | undefined },
  payment: { method: string; amount?: number | undefined },
  balance: number,
): boolean {
  if (sale.order || sale.parts?.length) {
    return false;
  }
  if (payment.method !== 'cash' && payment.method !== 'card') {
    return false;
  }
  return payment.amount === undefined || payment.amount >= balance;
}
