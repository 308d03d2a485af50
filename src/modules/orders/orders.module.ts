import type { Clock } from '../../platform/clock/clock.ts';
import { bindRoutes, type AppModule } from '../../platform/module.ts';
import type { MenuService, PricingSetupService } from '../catalog/index.ts';
import type { OrderHooks } from './order-hooks.ts';
import { ordersRoutes } from './orders.routes.ts';
import { createOrdersService } from './orders.service.ts';

/** Orders: orders and lines priced from the catalog, status, splitting (money: `recordOrderMoney`). */
export function createOrdersModule(deps: {
  clock: Clock;
  menu: MenuService;
  setup: PricingSetupService;
  /** What other modules do in an order's transaction (the kitchen tickets sent lines). */
  hooks?: OrderHooks;
}) {
  const orders = createOrdersService(deps);
  return {
    name: 'orders',
    services: { orders },
    routes: bindRoutes(ordersRoutes, { orders }),
  } satisfies AppModule;
}
