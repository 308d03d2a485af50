// Refunds of sales made offline, worked out on the device: what each tender can still give back
// (its amount less the refunds already recorded against it), and the refund to queue — from the
// tender that can cover it, cash back in cash, a card part back to the card.
import type { QueuedSale } from './db.ts';

export interface RefundableTender {
  id: string;
  method: 'cash' | 'card';
  label: string | null;
  refundable: number;
}

/** What each tender of an offline sale can still refund (amounts as the register recorded them). */
export function refundableTenders(q: QueuedSale): RefundableTender[] {
  const r = q.receipt;
  const tenders =
    r.tenders ??
    q.sale.payments.map((p) => ({
      id: p.id,
      method: p.method,
      amount: p.method === 'cash' ? r.total + r.rounding : (p.amount ?? r.total),
      cardLabel: r.cardLabel,
    }));
  const given = new Map<string, number>();
  for (const f of q.sale.refunds ?? []) {
    given.set(f.paymentId, (given.get(f.paymentId) ?? 0) + refundAmountOf(q, f));
  }
  return tenders.map((t) => ({
    id: t.id,
    method: t.method,
    label: t.cardLabel,
    refundable: Math.max(0, t.amount - (given.get(t.id) ?? 0)),
  }));
}

type Refund = NonNullable<QueuedSale['sale']['refunds']>[number];

/** What a queued refund gives back, as the register counts it (by lines: their share of the gross). */
export function refundAmountOf(q: QueuedSale, f: Pick<Refund, 'amount' | 'lines'>): number {
  if (f.amount !== undefined) {
    return f.amount;
  }
  return (f.lines ?? []).reduce((s, l) => {
    const line = q.receipt.lines.find((x) => x.id === l.lineId);
    return s + (line ? Math.round((line.gross * l.quantity) / line.quantity) : 0);
  }, 0);
}

/** Lines already refunded (by quantity), so a line is not refunded twice. */
export function refundedQuantities(q: QueuedSale): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of q.sale.refunds ?? []) {
    for (const l of f.lines ?? []) {
      out.set(l.lineId, (out.get(l.lineId) ?? 0) + l.quantity);
    }
  }
  return out;
}

/** The tender to refund `amount` from: the one with the most left that covers it; null when none can. */
export function tenderFor(q: QueuedSale, amount: number): RefundableTender | null {
  const covering = refundableTenders(q)
    .filter((t) => t.refundable >= amount)
    .sort((a, b) => b.refundable - a.refundable);
  return covering[0] ?? null;
}
