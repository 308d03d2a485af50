import type { EventInput } from '../../platform/events/events.ts';

export const INVENTORY_EVENT_TYPES = ['inventory.low_stock', 'inventory.sold_out_changed'] as const;
export type InventoryEventType = (typeof INVENTORY_EVENT_TYPES)[number];

/**
 * `inventory.low_stock` (version 1): a level crossed its reorder level going down — once per
 * crossing (it must rise above it again before the next). Topic `inventory` (managers: `inventory:read`).
 */
export function lowStockEvent(p: {
  outletId: string;
  stockItemId: string;
  name: string;
  unit: string;
  qty: number;
  reorderLevel: number;
}): EventInput {
  return {
    type: 'inventory.low_stock',
    version: 1,
    topic: 'inventory',
    outletId: p.outletId,
    payload: { ...p },
  };
}

/** `inventory.sold_out_changed` (version 1): stock marked items sold out at an outlet, or cleared them. */
export function soldOutChangedEvent(p: {
  outletId: string;
  itemId: string;
  soldOut: boolean;
  shortVariantIds: string[];
}): EventInput {
  return {
    type: 'inventory.sold_out_changed',
    version: 1,
    topic: 'inventory',
    outletId: p.outletId,
    payload: { ...p },
  };
}
