import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { pageInMemory, PageQuery } from '../../platform/http/pagination.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import type { PrintWorker } from './print-worker.ts';
import type { PrintersService } from './printers.service.ts';
import * as c from './printing.contracts.ts';

/** Printers per outlet and the print queue: thin routes. */
export const printingRoutes: FastifyPluginAsyncTypebox<{
  printers: PrintersService;
  worker: PrintWorker;
}> = async (app, { printers, worker }) => {
  const tags = ['printing'];
  const manage = { permission: 'registers:manage' } as const;
  const print = { permission: 'orders:read' } as const;

  app.post(
    '/v1/printers',
    {
      schema: {
        tags,
        operationId: 'createPrinter',
        summary: 'Add a network printer to an outlet',
        description:
          "A receipt printer or a kitchen station's printer, reached over raw TCP (IP address, port 9100–9199).",
        body: c.CreatePrinterBody,
        response: { 201: c.PrinterSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => printers.create(tx, ctx, req.body), { status: 201 }),
  );
  app.get(
    '/v1/printers',
    {
      schema: {
        tags,
        operationId: 'listPrinters',
        summary: 'The printers of the outlets the caller may see',
        description: 'Printers with their status (online, offline since, last error), by name.',
        querystring: PageQuery,
        response: { 200: c.PrinterPage, ...errorResponses },
      },
      config: print,
    },
    async (req) =>
      pageInMemory(await printers.list(req.server.db, serviceContext(req)), req.query, (p) => p.id),
  );
  app.get(
    '/v1/printers/:id',
    {
      schema: {
        tags,
        operationId: 'getPrinter',
        summary: 'One printer and its status',
        description: 'A printer with its status: online, offline (since when, last error) or unknown.',
        params: IdParams,
        response: { 200: c.PrinterSchema, ...errorResponses },
      },
      config: print,
    },
    async (req) => printers.get(req.server.db, serviceContext(req), req.params.id),
  );
  app.patch(
    '/v1/printers/:id',
    {
      schema: {
        tags,
        operationId: 'updatePrinter',
        summary: 'Change a printer',
        description: 'Changes the given fields of a printer; the address is checked again.',
        params: IdParams,
        body: c.UpdatePrinterBody,
        response: { 200: c.PrinterSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => printers.update(tx, ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/orders/:id/receipt/print',
    {
      schema: {
        tags,
        operationId: 'createReceiptPrintJob',
        summary: "Print an order's receipt on a network printer",
        description:
          "Queues the receipt as ESC/POS bytes for the printer (default: the outlet's receipt printer; 422 `printers.no_printer` without one — print from the browser instead). The queue retries until the printer takes it; `GET /v1/print-jobs/:id` says how it went.",
        params: IdParams,
        body: c.PrintReceiptBody,
        response: { 202: c.PrintJobSchema, ...errorResponses },
      },
      config: print,
    },
    async (req, reply) => {
      const job = await runMutation(
        req,
        reply,
        (tx, ctx) => printers.printReceipt(tx, ctx, req.params.id, req.body),
        {
          status: 202,
        },
      );
      worker.wake();
      return job;
    },
  );
  app.get(
    '/v1/print-jobs/:id',
    {
      schema: {
        tags,
        operationId: 'getPrintJob',
        summary: 'A print job and how it went',
        description: 'Queued, printing, printed or failed, with the attempts so far and the last error.',
        params: IdParams,
        response: { 200: c.PrintJobSchema, ...errorResponses },
      },
      config: print,
    },
    async (req) => printers.getJob(req.server.db, serviceContext(req), req.params.id),
  );
};
