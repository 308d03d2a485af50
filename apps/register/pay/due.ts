// What one tender pays: pure, so the register's rule is tested without a browser.

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
