import type { Clock } from '../../platform/clock/clock.ts';
import { bindRoutes, type AppModule } from '../../platform/module.ts';
import type { OrdersService } from '../orders/index.ts';
import { createFloorPlanService } from './floor-plan.service.ts';
import { floorRoutes } from './floor.routes.ts';
import { createSeatingService } from './seating.service.ts';

/** The restaurant floor: floors, tables and their live status, tabs, move, merge, bill, split by seat. */
export function createFloorModule(deps: { clock: Clock; orders: OrdersService }) {
  const plan = createFloorPlanService(deps);
  const seating = createSeatingService({ ...deps, plan });
  return {
    name: 'floor',
    services: { floorPlan: plan, seating },
    routes: bindRoutes(floorRoutes, { plan, seating }),
  } satisfies AppModule;
}
