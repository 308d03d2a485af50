import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/db.ts';
import { bindRoutes, type AppModule } from '../../platform/module.ts';
import type { OrdersService } from '../orders/index.ts';
import type { Payments } from '../payments/index.ts';
import { createReceiptBlocks } from './receipt-blocks.ts';
import { createSyncReports } from './sync-reports.ts';
import { createSyncSales } from './sync-sales.ts';
import { syncRoutes } from './sync.routes.ts';

/** Registers that keep selling offline: receipt-number blocks, exactly-once sync, conflict reports. */
export function createSyncModule(deps: { db: Db; clock: Clock; orders: OrdersService; payments: Payments }) {
  const sales = createSyncSales(deps);
  const blocks = createReceiptBlocks({ clock: deps.clock });
  const reports = createSyncReports();
  return {
    name: 'sync',
    services: { sync: sales, receiptBlocks: blocks, syncReports: reports },
    routes: bindRoutes(syncRoutes, { sales, blocks, reports }),
  } satisfies AppModule;
}
