import type { Clock } from '../../platform/clock/clock.ts';
import { type AppModule } from '../../platform/module.ts';
import type { ItemsService } from '../catalog/index.ts';
import { createKitchenFigures } from './figures.ts';
import { kitchenSetupRoutes, kitchenTicketRoutes } from './kitchen.routes.ts';
import { createTicketing } from './send-tickets.ts';
import { createStationsService } from './stations.service.ts';
import { createTicketsService } from './tickets.service.ts';

/**
 * The kitchen: stations and routing, tickets made in the send's transaction (`orderHooks`, given
 * to the orders module), line states, bump and recall, courses, figures and the ready board.
 */
export function createKitchenModule(deps: { clock: Clock; items: ItemsService }) {
  const stations = createStationsService(deps);
  const tickets = createTicketsService(deps);
  const figures = createKitchenFigures(deps);
  const orderHooks = createTicketing(deps);
  return {
    name: 'kitchen',
    services: { stations, tickets, kitchenFigures: figures, kitchenOrderHooks: orderHooks },
    routes: async (app) => {
      await app.register(kitchenSetupRoutes, { stations, figures });
      await app.register(kitchenTicketRoutes, { tickets });
    },
  } satisfies AppModule;
}
