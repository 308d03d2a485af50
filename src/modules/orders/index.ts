// Public API of the orders module: orders, lines, status, totals (pricing engine in ./pricing).
export type { OrdersService } from './orders.service.ts';
export { businessDate } from './create-order.ts';
export { priceOrder } from './pricing/engine.ts';
export { ORDER_TRANSITIONS, assertTransition, type OrderStatus } from './order-state.ts';
export { ORDER_EVENT_TYPES, type OrderEventType, type OrderEventPayloadV1 } from './orders.events.ts';
// The seams other modules use: money (payments, refunds) and completion (cash drawer, flows).
export { completeOrder, type OrderSink, type PayableOrder } from './complete-order.ts';
export {
  currentPayable,
  findOrderForMoney,
  lockedOrder,
  lockOrderForMoney,
  lockOrderForMoneyQuery,
  recordOrderMoney,
  type MoneyDelta,
  type MoneySink,
} from './order-money.ts';
export { refundableLines } from './orders.repo.ts';
export { derivePaymentState, type OrderHeader } from './order-record.ts';
export { orderEvent } from './orders.events.ts';
export { CreateOrderBody, LineInput, OrderSchema, type CreateOrderInput } from './orders.contracts.ts';
export type { SaleReason, SoldAsPaid, SoldLine } from './sold-lines.ts';
export type { SaleSetupCache } from './sale-setup.repo.ts';
export { createOrdersModule } from './orders.module.ts';
export type { OrderHooks } from './order-hooks.ts';
export type { OrderDto } from './order-record.ts';
