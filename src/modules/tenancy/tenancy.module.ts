import type { Clock } from '../../platform/clock/clock.ts';
import { bindRoutes, type AppModule } from '../../platform/module.ts';
import { tenancyRoutes } from './tenancy.routes.ts';
import { createTenancyService } from './tenancy.service.ts';

/** Tenancy: businesses, outlets, registers, platform administration. */
export function createTenancyModule(deps: { clock: Clock }) {
  const tenancy = createTenancyService({ clock: deps.clock });
  return {
    name: 'tenancy',
    services: { tenancy },
    routes: bindRoutes(tenancyRoutes, { tenancy }),
  } satisfies AppModule;
}
