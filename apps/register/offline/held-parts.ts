// Card parts of an offline split tender, taken on the terminal but not recorded yet: kept in the
// browser's storage beside the cart (localStorage, like the cart), so a reload or a crash does not
// forget a card already charged. A small module of its own: the sale screen reads it at start.
import type { OfflineTenderDraft } from './offline-sale.ts';

const partsKey = (saleId: string) => `kasir.register.offlineParts.${saleId}`;

/** Card parts of this sale taken offline and not recorded yet (kept across a reload or a crash). */
export function heldParts(saleId: string): OfflineTenderDraft[] {
  try {
    const raw = localStorage.getItem(partsKey(saleId));
    return raw ? (JSON.parse(raw) as OfflineTenderDraft[]) : [];
  } catch {
    return [];
  }
}

export function holdParts(saleId: string, parts: OfflineTenderDraft[]): void {
  if (parts.length) {
    localStorage.setItem(partsKey(saleId), JSON.stringify(parts));
  } else {
    localStorage.removeItem(partsKey(saleId));
  }
}
