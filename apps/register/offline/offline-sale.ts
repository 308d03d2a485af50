// An offline sale as the register records it: the cart priced by the shared engine on the cached
// catalog, each line with what that catalog said (`sold`: the price the customer pays stands even
// if the catalog changes before the sale syncs), the catalog version, the device clock, the
// receipt number from this device's reserved block, and one cash or external-card tender.
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

export interface OfflineSaleDraft {
  clientId: string;
  paymentId: string;
  cart: Cart;
  header: SaleHeader;
  menu: MenuShape;
  priced: PricingResult;
  cashRoundingIncrement: number;
  tender: OfflineTenderInput;
}

/** What a cash tender must at least cover: the total rounded to the cash increment (as the server does). */
export const cashDueOf = (total: number, increment: number) => roundToIncrement(total, increment, 'half_up');

/**
 * The sale body (`POST /v1/sync/sales`, minus the number and sequence the queue stamps in its
 * transaction) and the receipt shown now. Throws when the tender does not settle the sale: an
 * offline sale is complete when recorded (part payments need the server).
 */
export function buildOfflineSale(d: OfflineSaleDraft): {
  sale: Omit<OfflineSale, 'sequence' | 'blockId' | 'receiptNumber'>;
  receipt: LocalReceipt;
} {
  const { priced, tender, cart, header } = d;
  const total = priced.total;
  const cashDue = cashDueOf(total, d.cashRoundingIncrement);
  if (tender.method === 'cash' && tender.tendered < cashDue) {
    throw new Error('The cash handed over does not cover the total.');
  }
  if (tender.method === 'card' && tender.amount !== total) {
    throw new Error('Offline, a card pays the whole bill.');
  }
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
    payments: [
      tender.method === 'cash'
        ? { id: d.paymentId, method: 'cash', tendered: tender.tendered }
        : {
            id: d.paymentId,
            method: 'card',
            amount: tender.amount,
            ...(tender.tipAmount ? { tipAmount: tender.tipAmount } : {}),
            card: tender.card,
          },
    ],
  };
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
    rounding: tender.method === 'cash' ? cashDue - total : 0,
    method: tender.method,
    tendered: tender.method === 'cash' ? tender.tendered : null,
    change: tender.method === 'cash' ? tender.tendered - cashDue : 0,
    cardLabel:
      tender.method === 'card'
        ? `${tender.card.brand} •••• ${tender.card.last4}${tender.card.approvalCode ? ` (${tender.card.approvalCode})` : ''}`
        : null,
    tip: tender.method === 'card' ? (tender.tipAmount ?? 0) : 0,
  };
  return { sale, receipt };
}
