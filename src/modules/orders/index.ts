// Public API of the orders module: orders, lines, status, totals (pricing engine in ./pricing).
export { createOrdersService, businessDate, type OrdersService } from './orders.service.ts';
export { ordersRoutes } from './orders.routes.ts';
export { priceOrder } from './pricing/engine.ts';
export { ORDER_TRANSITIONS, assertTransition, type OrderStatus } from './order-state.ts';
export { ORDER_EVENT_TYPES, type OrderEventType, type OrderEventPayloadV1 } from './orders.events.ts';
export {
  findOrderForMoney,
  lockOrderForMoney,
  recordOrderMoney,
  refundableLines,
  type MoneyDelta,
  type MoneySink,
  type PayableOrder,
} from './order-money.ts';
export { orderEvent, type OrderHeader } from './orders.events.ts';
export { CreateOrderBody, OrderSchema } from './orders.contracts.ts';
