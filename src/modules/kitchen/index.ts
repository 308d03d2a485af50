// Public API of the kitchen module: stations, routing, tickets, courses, figures.
export { createKitchenModule } from './kitchen.module.ts';
export { KITCHEN_EVENT_TYPES, type KitchenEventType } from './ticket-record.ts';
export type { TicketDto } from './kitchen.contracts.ts';
