// Public API of the printing module: network printers per outlet and the print queue.
export { createPrintersService, type PrintersService } from './printers.service.ts';
export { createPrintWorker, type PrintWorker, type PrintWorkerOptions } from './print-worker.ts';
export { printingRoutes } from './printing.routes.ts';
export { createPrintingModule } from './printing.module.ts';
