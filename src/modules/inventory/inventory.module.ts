import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Clock } from '../../platform/clock/clock.ts';
import { bindRoutes, type AppModule } from '../../platform/module.ts';
import { inventoryRoutes } from './inventory.routes.ts';
import { createInventoryService } from './inventory.service.ts';
import { purchasingRoutes } from './purchasing.routes.ts';
import { createPurchasingService } from './purchasing.service.ts';

/** Stock, recipes, movements, costs, suppliers, purchase orders and transfers. */
export function createInventoryModule(deps: { clock: Clock }) {
  const inventory = createInventoryService(deps);
  const purchasing = createPurchasingService(deps);
  const stock = bindRoutes(inventoryRoutes, { inventory });
  const buying = bindRoutes(purchasingRoutes, { purchasing });
  const routes: FastifyPluginAsyncTypebox = async (app) => {
    await app.register(stock);
    await app.register(buying);
  };
  return { name: 'inventory', services: { inventory, purchasing }, routes } satisfies AppModule;
}
