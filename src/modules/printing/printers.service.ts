import { isIP } from 'node:net';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { actorRefOf, type ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { addressRange } from '../../platform/net/outbound.ts';
import { assertOutletAccess, outletFilter } from '../identity/index.ts';
import { loadReceipt, renderEscPos, type ReceiptLinks } from '../receipts/index.ts';
import * as repo from './printers.repo.ts';
import { requireOutlet } from '../tenancy/index.ts';

/** Ranges a printer address may never be in: loopback, link-local (cloud metadata), and the like. */
const REFUSED_RANGES = new Set([
  'loopback',
  'linkLocal',
  'unspecified',
  'multicast',
  'broadcast',
  'reserved',
]);

export interface PrinterInput {
  outletId: string;
  name: string;
  kind: 'receipt' | 'kitchen';
  station?: string | null;
  host: string;
  port?: number;
  paper?: 58 | 80;
  enabled?: boolean;
}

export const printerDto = (p: repo.PrinterRow) => ({
  id: p.id,
  outletId: p.outlet_id,
  name: p.name,
  kind: p.kind as 'receipt' | 'kitchen',
  station: p.station,
  host: p.host,
  port: p.port,
  paper: p.paper as 58 | 80,
  enabled: p.enabled,
  status: p.status as 'unknown' | 'online' | 'offline',
  lastError: p.last_error,
  downSince: p.down_since?.toISOString() ?? null,
  createdAt: p.created_at.toISOString(),
});

export const jobDto = (j: repo.JobRow) => ({
  id: j.id,
  printerId: j.printer_id,
  orderId: j.order_id,
  document: j.document,
  status: j.status as 'queued' | 'printing' | 'printed' | 'failed',
  attempts: j.attempts,
  nextAttemptAt: j.next_attempt_at.toISOString(),
  lastError: j.last_error,
  createdAt: j.created_at.toISOString(),
  printedAt: j.printed_at?.toISOString() ?? null,
});

/**
 * Network printers per outlet and the print queue. Printers are LAN devices reached by IPv4 address
 * on a raw printing port (9100–9199, by the contract): a tenant-chosen address is an SSRF path, so
 * loopback, link-local (cloud metadata) and other special ranges are refused unless `allowPrivate`
 * (development and tests); private LAN ranges are what printers use, so they are allowed.
 */
export function createPrintersService(deps: { clock: Clock; links: ReceiptLinks; allowPrivate: boolean }) {
  const { clock } = deps;

  function checkAddress(host: string): void {
    if (!isIP(host)) {
      throw new AppError('printers.invalid', 'Give the printer by its IP address on the local network.', {
        field: 'host',
      });
    }
    if (deps.allowPrivate) {
      return;
    }
    if (REFUSED_RANGES.has(addressRange(host))) {
      throw new AppError('printers.address_forbidden', 'Printers cannot be at this address.', {
        field: 'host',
      });
    }
  }

  return {
    async create(tx: Tx, ctx: ServiceContext, input: PrinterInput) {
      await requireOutlet(tx, ctx, input.outletId);
      const port = input.port ?? 9100;
      checkAddress(input.host);
      const now = clock.now();
      const row = await repo.insertPrinter(tx, {
        tenant_id: ctx.tenantId,
        id: newId(),
        outlet_id: input.outletId,
        name: input.name,
        kind: input.kind,
        station: input.kind === 'kitchen' ? (input.station ?? null) : null,
        host: input.host,
        port,
        paper: input.paper ?? 80,
        enabled: input.enabled ?? true,
        created_at: now,
        updated_at: now,
      });
      const dto = printerDto(row);
      ctx.audit({ action: 'printer.created', targetType: 'printer', targetId: row.id, after: dto });
      return dto;
    },

    async update(tx: Tx, ctx: ServiceContext, id: string, input: Partial<Omit<PrinterInput, 'outletId'>>) {
      const before = await repo.getPrinterRow(tx, ctx.tenantId, id);
      assertOutletAccess(ctx, before.outlet_id);
      if (input.host !== undefined) {
        checkAddress(input.host);
      }
      const row = await repo.updatePrinter(tx, ctx.tenantId, id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.kind !== undefined ? { kind: input.kind } : {}),
        ...(input.station !== undefined ? { station: input.station } : {}),
        ...(input.host !== undefined ? { host: input.host } : {}),
        ...(input.port !== undefined ? { port: input.port } : {}),
        ...(input.paper !== undefined ? { paper: input.paper } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        updated_at: clock.now(),
      });
      const after = printerDto(row);
      ctx.audit({
        action: 'printer.updated',
        targetType: 'printer',
        targetId: id,
        before: printerDto(before),
        after,
      });
      return after;
    },

    async get(db: Executor, ctx: ServiceContext, id: string) {
      const row = await repo.getPrinterRow(db, ctx.tenantId, id);
      assertOutletAccess(ctx, row.outlet_id);
      return printerDto(row);
    },

    async list(db: Executor, ctx: ServiceContext) {
      return (await repo.listPrinterRows(db, ctx.tenantId, outletFilter(ctx))).map(printerDto);
    },

    /** Queues an order's receipt as ESC/POS on the given printer (default: the outlet's receipt printer). */
    async printReceipt(
      tx: Tx,
      ctx: ServiceContext,
      orderId: string,
      input: { printerId?: string; copy?: boolean; kick?: boolean },
    ) {
      const doc = await loadReceipt(tx, ctx.tenantId, orderId, {
        copy: input.copy ?? false,
        link: deps.links.linkFor(ctx.tenantId, orderId),
      });
      assertOutletAccess(ctx, doc.outletId);
      const printer = input.printerId
        ? await repo.getPrinterRow(tx, ctx.tenantId, input.printerId)
        : await repo.findReceiptPrinter(tx, ctx.tenantId, doc.outletId);
      if (!printer || printer.outlet_id !== doc.outletId || !printer.enabled) {
        throw new AppError(
          'printers.no_printer',
          'This outlet has no enabled printer for receipts; print from the browser.',
        );
      }
      const now = clock.now();
      const id = newId();
      await repo.insertJob(tx, {
        tenant_id: ctx.tenantId,
        id,
        printer_id: printer.id,
        order_id: orderId,
        document: 'receipt',
        payload: Buffer.from(
          renderEscPos(doc, printer.paper === 58 ? 58 : 80, { kick: input.kick ?? false }),
        ),
        status: 'queued',
        next_attempt_at: now,
        created_by: actorRefOf(ctx.principal),
        created_at: now,
      });
      ctx.audit({
        action: 'receipt.printed',
        targetType: 'order',
        targetId: orderId,
        after: { printerId: printer.id, jobId: id, copy: input.copy ?? false },
      });
      return jobDto(await repo.getJobRow(tx, ctx.tenantId, id));
    },

    async getJob(db: Executor, ctx: ServiceContext, id: string) {
      const job = await repo.getJobRow(db, ctx.tenantId, id);
      const printer = await repo.getPrinterRow(db, ctx.tenantId, job.printer_id);
      assertOutletAccess(ctx, printer.outlet_id);
      return jobDto(job);
    },
  };
}
export type PrintersService = ReturnType<typeof createPrintersService>;
