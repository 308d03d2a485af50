// Public API of the drawer module: cash drawer sessions, X/Z reports, official receipt numbers.
export { createDrawerService, type DrawerService } from './drawer.service.ts';
export { drawerRoutes } from './drawer.routes.ts';
export { DRAWER_EVENT_TYPES, type DrawerEventType } from './drawer.events.ts';
export { cashMovementRow, postCashToDrawer, postedCashSession, type CashMovement } from './cash-hook.ts';
export { assignReceiptNumber, nextReceiptNumber, reserveReceiptBlock } from './receipt-numbers.ts';
export {
  getCashSettings,
  movementIntoOpenSession,
  type CashSettings,
  type OpenSessionMovement,
  type SessionPosting,
} from './drawer.repo.ts';
export { createDrawerModule } from './drawer.module.ts';
