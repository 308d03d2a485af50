// Public API of the inventory module: stock, recipes, movements, cost of goods, purchasing.
export { createInventoryModule } from './inventory.module.ts';
export type { InventoryService } from './inventory.service.ts';
export type { PurchasingService } from './purchasing.service.ts';
// The seams the sale path calls in its own transaction (orders: completion and voids; payments: refunds).
export { deductStockForOrder, restockForRefund, wasteVoidedLine, type SoldLine } from './sale-hooks.ts';
// The quick costing of a sale, as CTEs of the statement that completes the order.
export {
  saleCostFlags,
  withSaleCosts,
  type QuickCosting,
  type SaleCostAt,
  type SoldLinesFrom,
} from './sale-stock.repo.ts';
export { INVENTORY_EVENT_TYPES, type InventoryEventType } from './inventory.events.ts';
// The one writer of levels (the demo seed receives its opening stock through it).
export { applyMovements, type MovementInput } from './stock-ledger.ts';
