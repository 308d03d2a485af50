// An offline sale as the register records it: the cart priced by the shared engine on the cached
// catalog, each line with what that catalog said (`sold`: the price the customer pays stands even
// if the catalog changes before the sale syncs), the catalog version, the device clock, the
// receipt number from this device's reserved block, and its tenders: cash, external cards, or
// card parts then cash for the rest (a split tender).
import { roundToIncrement } from '../../../src/platform/money/rounding.ts';
import { snapshotCartLine, type Cart, type MenuShape, type PricingResult } from '../../shared/pricing.ts';
import type { SaleHeader } from '../sale.ts';
import type { LocalReceipt, OfflineSale } from './db.ts';

/** A tender taken without the network: cash (with what was handed over) or a card on an external terminal. */
export type OfflineTenderInput =
  | { method: 'cash'; tendered: number }
  | {
      method: 'card';
      amount: number;
      tipAmount?: number;
      card: { brand: string; last4: string; approvalCode?: string };
    };

/** A tender with the id it keeps in the queue (each tender is idempotent by its own id on the server). */
export type OfflineTenderDraft = OfflineTenderInput & { id: string };

export interface OfflineSaleDraft {
  clientId: string;
  cart: Cart;
  header: SaleHeader;
  menu: MenuShape;
  priced: PricingResult;
  cashRoundingIncrement: number;
  /** Card parts first; the last tender settles the rest (cash: with change; card: exactly). */
  tenders: OfflineTenderDraft[];
}

/** What a cash tender must at least cover: the total rounded to the cash increment (as the server does). */
export const cashDueOf = (total: number, increment: number) => roundToIncrement(total, increment, 'half_up');

export const cardLabelOf = (card: { brand: string; last4: string; approvalCode?: string }) =>
  `${card.brand} •••• ${card.last4}${card.approvalCode ? ` (${card.approvalCode})` : ''}`;

/**
 * Checks the tenders settle a sale of `total`: every tender before the last is a card part
 * (less than what is left), the last one settles the rest — cash covering it rounded to the cash
 * increment, or a card of exactly the rest. Returns what the cash tender must cover (0 without one).
 */
export function settle(total: number, tenders: readonly OfflineTenderInput[], increment: number): number {
  if (tenders.length === 0 || tenders.length > 10) {
    throw new Error('An offline sale takes one to ten tenders.');
  }
  let rest = total;
  for (const [i, t] of tenders.entries()) {
    const last = i === tenders.length - 1;
    if (t.method === 'cash') {
      if (!last) {
        throw new Error('Offline, cash settles the rest: take card parts first.');
      }
      const due = cashDueOf(rest, increment);
      if (t.tendered < due) {
        throw new Error('The cash handed over does not cover the total.');
      }
      return due;
    }
    if (t.amount <= 0 || (last ? t.amount !== rest : t.amount >= rest)) {
      throw new Error('The card parts do not settle the bill.');
    }
    rest -= t.amount;
  }
  return 0;
}

/**
 * The sale body (`POST /v1/sync/sales`, minus the number and sequence the queue stamps in its
 * transaction) and the receipt shown now. Throws when the tender does not settle the sale: an
 * offline sale is complete when recorded (part payments need the server).
 */
export function buildOfflineSale(d: OfflineSaleDraft): {
  sale: Omit<OfflineSale, 'sequence' | 'blockId' | 'receiptNumber'>;
  receipt: LocalReceipt;
} {
  const { priced, tenders, cart, header } = d;
  const total = priced.total;
  const cashDue = settle(total, tenders, d.cashRoundingIncrement);
  const cardsTotal = tenders.reduce((sum, t) => sum + (t.method === 'card' ? t.amount : 0), 0);
  const snapshots = cart.lines.map((l) => snapshotCartLine(d.menu, l));
  const sale: Omit<OfflineSale, 'sequence' | 'blockId' | 'receiptNumber'> = {
    clientId: d.clientId,
    deviceTime: new Date().toISOString(),
    catalogVersion: d.menu.version,
    total,
    diningOption: cart.diningOption,
    ...(header.tableRef ? { tableRef: header.tableRef } : {}),
    ...(header.customerName ? { customerName: header.customerName } : {}),
    ...(header.guestCount ? { guestCount: header.guestCount } : {}),
    ...(cart.discounts.length ? { discounts: cart.discounts } : {}),
    lines: cart.lines.map((l, i) => {
      const s = snapshots[i]!;
      return {
        id: l.id,
        itemId: l.itemId,
        variantId: l.variantId,
        quantity: l.quantity,
        ...(l.modifierOptionIds.length ? { modifierOptionIds: l.modifierOptionIds } : {}),
        ...(l.notes ? { notes: l.notes } : {}),
        ...(l.discounts.length ? { discounts: l.discounts } : {}),
        sold: {
          name: s.name,
          variantName: s.variantName,
          unitPrice: s.unitPrice,
          modifiers: s.modifiers,
          taxRates: s.taxRates,
        },
      };
    }),
    payments: tenders.map((t) =>
      t.method === 'cash'
        ? { id: t.id, method: 'cash' as const, tendered: t.tendered }
        : {
            id: t.id,
            method: 'card' as const,
            amount: t.amount,
            ...(t.tipAmount ? { tipAmount: t.tipAmount } : {}),
            card: t.card,
          },
    ),
  };
  const cash = tenders.find((t) => t.method === 'cash');
  const firstCard = tenders.find((t) => t.method === 'card');
  const tip = tenders.reduce((sum, t) => sum + (t.method === 'card' ? (t.tipAmount ?? 0) : 0), 0);
  const receipt: LocalReceipt = {
    lines: priced.lines.map((pl, i) => {
      const s = snapshots[i]!;
      return {
        id: pl.id,
        name: s.variantName && s.variantName !== s.name ? `${s.name} (${s.variantName})` : s.name,
        quantity: pl.quantity,
        gross: pl.gross,
        modifiers: s.modifiers.map((m) => m.name),
      };
    }),
    subtotal: priced.subtotal,
    discountTotal: priced.discountTotal,
    serviceChargeTotal: priced.serviceChargeTotal,
    taxes: priced.taxes.map((x) => ({ id: x.taxRateId, name: x.name, amount: x.amount })),
    total,
    rounding: cash ? cashDue - (total - cardsTotal) : 0,
    method: cash ? 'cash' : 'card',
    tendered: cash ? cash.tendered : null,
    change: cash ? cash.tendered - cashDue : 0,
    cardLabel: firstCard ? cardLabelOf(firstCard.card) : null,
    tip,
    tenders: tenders.map((t) =>
      t.method === 'cash'
        ? {
            id: t.id,
            method: 'cash' as const,
            amount: cashDue,
            tendered: t.tendered,
            tip: 0,
            cardLabel: null,
          }
        : {
            id: t.id,
            method: 'card' as const,
            amount: t.amount,
            tendered: null,
            tip: t.tipAmount ?? 0,
            cardLabel: cardLabelOf(t.card),
          },
    ),
  };
  return { sale, receipt };
}
