import type { Clock } from '../../platform/clock/clock.ts';
import { bindRoutes, type AppModule } from '../../platform/module.ts';
import { drawerRoutes } from './drawer.routes.ts';
import { createDrawerService } from './drawer.service.ts';

/** Cash drawer sessions, cash movements, X/Z reports and the outlet's cash settings. */
export function createDrawerModule(deps: { clock: Clock }) {
  const drawer = createDrawerService(deps);
  return {
    name: 'drawer',
    services: { drawer },
    routes: bindRoutes(drawerRoutes, { drawer }),
  } satisfies AppModule;
}
