// Public API of the inventory module: stock, recipes, movements, cost of goods, purchasing.
export { createInventoryModule } from './inventory.module.ts';
export type { InventoryService } from './inventory.service.ts';
export type { PurchasingService } from './purchasing.service.ts';
// The seams the sale path calls in its own transaction (orders: completion and voids; payments: refunds).
export { deductStockForOrder, restockForRefund, wasteVoidedLine, type SoldLine } from './sale-hooks.ts';
export { INVENTORY_EVENT_TYPES, type InventoryEventType } from './inventory.events.ts';
// The one writer of levels (the demo seed receives its opening stock through it).
export { applyMovements, type MovementInput } from './stock-ledger.ts';
