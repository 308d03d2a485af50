import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/db.ts';
import { bindRoutes, type AppModule } from '../../platform/module.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { createItemsService } from './items.service.ts';
import { createMenuService } from './menu.service.ts';
import { createMenuChangesService } from './menu-changes.service.ts';
import { createPricingSetupService } from './pricing-setup.service.ts';

/** Catalog: items, modifiers, taxes, service charges, discounts, per-outlet prices, the menu. */
export function createCatalogModule(deps: { db: Db; clock: Clock }) {
  const items = createItemsService({ clock: deps.clock });
  const pricingSetup = createPricingSetupService({ clock: deps.clock });
  const menu = createMenuService({ db: deps.db, clock: deps.clock, items, setup: pricingSetup });
  const menuChanges = createMenuChangesService({ db: deps.db, items, setup: pricingSetup, menu });
  return {
    name: 'catalog',
    services: { items, pricingSetup, menu },
    routes: bindRoutes(catalogRoutes, { items, setup: pricingSetup, menu, menuChanges }),
  } satisfies AppModule;
}
