import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/db.ts';
import { bindRoutes, type AppModule } from '../../platform/module.ts';
import type { ReceiptLinks } from '../receipts/index.ts';
import { createPrintersService } from './printers.service.ts';
import { createPrintWorker, type PrintWorkerOptions } from './print-worker.ts';
import { printingRoutes } from './printing.routes.ts';

/** Network printers per outlet and this node's print queue worker (runs while the app does). */
export function createPrintingModule(deps: {
  db: Db;
  clock: Clock;
  links: ReceiptLinks;
  allowPrivate: boolean;
  log: { warn(obj: object, msg: string): void };
  options?: PrintWorkerOptions | undefined;
}) {
  const worker = createPrintWorker({ db: deps.db, clock: deps.clock, log: deps.log }, deps.options);
  const printers = createPrintersService({
    clock: deps.clock,
    links: deps.links,
    allowPrivate: deps.allowPrivate,
  });
  return {
    name: 'printing',
    services: { printers },
    routes: bindRoutes(printingRoutes, { printers, worker }),
    start: () => worker.start(),
    stop: () => worker.stop(),
  } satisfies AppModule;
}
