import type { Clock } from '../../platform/clock/clock.ts';
import type { Db, Tx } from '../../platform/db/db.ts';
import { hasPermission, type ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  type OrdersService,
  type SaleReason,
  type SaleSetupCache,
  type SoldAsPaid,
} from '../orders/index.ts';
import type { Payments } from '../payments/index.ts';
import { callingDevice, checkSaleNumber } from './receipt-blocks.ts';
import type { OfflineSaleInput, SaleResultDto, SyncSalesInput } from './sync.contracts.ts';
import * as repo from './sync.repo.ts';
import { reportSale, syncedRow, type CallingDevice } from './sync-records.ts';

/** Runs one transaction with a fresh request context (events and audit appended last). */
export type RunTx = <T>(fn: (tx: Tx, ctx: ServiceContext) => Promise<T>) => Promise<T>;

type RefundResult = SaleResultDto['refunds'][number];

/** The most sales one upload records in one transaction (it holds the outlet's order counter meanwhile). */
const BATCH_MAX = 8;
/**
 * Past BATCH_FLOOR sales (the former fixed batch), a batch ends before a sale that would, at its
 * pace so far, hold the outlet's order counter (first sale to commit) past HOLD_MS — about what a
 * batch of 4 held it on a quiet machine before its sales got cheaper (~9.5 ms each): online sales
 * at the outlet wait no longer than then; on a loaded machine batches stay at 4.
 */
const BATCH_FLOOR = 4;
const HOLD_MS = 40;

const reasonOf = (err: AppError): SaleReason => ({ code: err.code, message: err.message });

/** Read by a transaction's first sale, reused by the others (one device, outlet, register). */
type Shared = { setup: SaleSetupCache };
const shared = (): Shared => ({ setup: new Map() });

/**
 * Exactly-once sync of sales a register made offline. Each sale in the device's sequence order, a
 * few per transaction (`syncBatch`; one by one after a refusal), through the online path:
 * `orders.create` (lines standing at the price paid, see orders/sold-lines.ts), each tender by `payments.take`, then `completeOrder` with
 * the number the register printed (from its reserved block) — the same events, ledger and audit as
 * an online sale. The `synced_sales` row keyed by the sale's client id commits with the sale, so a
 * replay (lost acknowledgement, crash mid-upload) finds it and changes nothing. What the server
 * refuses is rolled back, stored as refused with a report and an `alert`; refunds follow their sale
 * through the refund path, each idempotent by its own id.
 */
export function createSyncSales(deps: { db: Db; clock: Clock; orders: OrdersService; payments: Payments }) {
  const { db, clock, orders, payments } = deps;

  /** The sale, online path, in the caller's transaction; its reasons (what stood at the paid price). */
  async function recordOfflineSale(
    tx: Tx,
    ctx: ServiceContext,
    device: CallingDevice,
    sale: OfflineSaleInput,
    cache: Shared,
  ): Promise<SaleReason[]> {
    if (!hasPermission(ctx.principal, 'payments:create')) {
      throw new AppError('auth.forbidden', 'This needs the "payments:create" permission.');
    }
    const sold: SoldAsPaid = { lines: new Map(sale.lines.map((l) => [l.id, l.sold])), reasons: [] };
    const made = await orders.createPayable(
      tx,
      ctx,
      {
        id: sale.clientId,
        outletId: device.outletId,
        registerId: device.registerId,
        diningOption: sale.diningOption,
        ...(sale.tableRef !== undefined ? { tableRef: sale.tableRef } : {}),
        ...(sale.customerName !== undefined ? { customerName: sale.customerName } : {}),
        ...(sale.guestCount !== undefined ? { guestCount: sale.guestCount } : {}),
        ...(sale.notes !== undefined ? { notes: sale.notes } : {}),
        ...(sale.discounts !== undefined ? { discounts: sale.discounts } : {}),
        lines: sale.lines.map(({ sold: _sold, ...line }) => line),
      },
      // Inserted by its completion, numbered and completed in one statement (orders/staged-order.ts).
      { sold, setupCache: cache.setup, stage: true },
    );
    const { order: created, payable } = made;
    if (created.total !== sale.total) {
      throw new AppError(
        'sync.total_mismatch',
        `The register charged ${sale.total} but the order comes to ${created.total} (service charges or order discounts changed).`,
        { charged: sale.total, total: created.total },
      );
    }
    // The last tender completes the order with the sale's number, as `POST /v1/sales` does.
    let header = null;
    for (const [i, t] of sale.payments.entries()) {
      const last = i === sale.payments.length - 1;
      try {
        const taken = await payments.payments.take(
          tx,
          ctx,
          created.id,
          { ...t, completeOrder: last },
          {
            ...(last ? { presetReceiptNumber: sale.receiptNumber } : {}),
            // Every tender pays the order as this transaction holds it (staged: see orders/staged-order.ts).
            created: { order: payable, terms: made.terms },
          },
        );
        header = taken.order ?? header;
      } catch (err) {
        if (err instanceof AppError) {
          throw new AppError(err.code, `Tender ${i + 1}: ${err.message}`, err.details);
        }
        throw err;
      }
    }
    if (header?.status !== 'completed') {
      throw new AppError('sales.not_settled', 'The payments do not settle the order.', {
        balanceAmount: header?.balanceAmount ?? created.balanceAmount,
      });
    }
    return sold.reasons;
  }

  async function syncRefunds(
    run: RunTx,
    device: CallingDevice,
    sale: OfflineSaleInput,
    known: Set<string>,
  ): Promise<RefundResult[]> {
    const out: RefundResult[] = [];
    for (const r of sale.refunds ?? []) {
      if (known.has(r.id) || (await repo.refundExists(db, device.tenantId, r.id))) {
        out.push({ id: r.id, status: 'duplicate', reasons: [] });
        continue;
      }
      const { paymentId, deviceTime: _t, ...input } = r;
      try {
        await run((tx, ctx) => payments.refunds.create(tx, ctx, paymentId, input));
        out.push({ id: r.id, status: 'accepted', reasons: [] });
      } catch (err) {
        if (!(err instanceof AppError)) {
          throw err;
        }
        if (err.code === 'refunds.already_exists') {
          out.push({ id: r.id, status: 'duplicate', reasons: [] });
          continue;
        }
        const reasons = [reasonOf(err)];
        await run((tx, ctx) => reportSale(tx, ctx, device, sale, 'refused', reasons, clock.now(), r.id));
        out.push({ id: r.id, status: 'conflict', reasons });
      }
    }
    return out;
  }

  /**
   * Records consecutive fresh sales in one transaction (one commit, one events/audit append):
   * each sale as `syncOne` records it, in sequence order — the first ones, as many as fit
   * `HOLD_MS` (at least BATCH_FLOOR); the caller records the rest later. Null when the server
   * refused one of them: then nothing of the batch was kept and the caller records them one by
   * one, so each refusal is reported exactly as alone.
   */
  async function syncBatch(
    run: RunTx,
    device: CallingDevice,
    batch: readonly OfflineSaleInput[],
  ): Promise<Array<Omit<SaleResultDto, 'refunds'>> | null> {
    try {
      const reasons = await run((tx, ctx) => recordAccepted(tx, ctx, device, batch, HOLD_MS));
      return reasons.map((r, i) => ({
        clientId: batch[i]!.clientId,
        sequence: batch[i]!.sequence,
        receiptNumber: batch[i]!.receiptNumber,
        status: 'accepted',
        outcome: 'accepted',
        orderId: batch[i]!.clientId,
        reasons: r,
      }));
    } catch (err) {
      if (err instanceof AppError) {
        return null;
      }
      throw err;
    }
  }
  /**
   * Accepted sales in the caller's transaction, in order: each sale and its report, then their
   * `synced_sales` claims in one statement (a sale another upload claimed meanwhile fails them all).
   * With `holdMs`: the first sales, as many as fit it (at least BATCH_FLOOR); as many reasons.
   */
  async function recordAccepted(
    tx: Tx,
    ctx: ServiceContext,
    device: CallingDevice,
    sales: readonly OfflineSaleInput[],
    holdMs = Infinity,
  ): Promise<SaleReason[][]> {
    const cache = shared();
    const out: SaleReason[][] = [];
    const rows = [];
    const start = performance.now();
    for (const sale of sales) {
      const spent = performance.now() - start;
      if (out.length >= BATCH_FLOOR && spent + spent / out.length > holdMs) {
        break;
      }
      const r = await recordOfflineSale(tx, ctx, device, sale, cache);
      rows.push(syncedRow(ctx, device, sale, 'accepted', r, clock.now()));
      if (r.length > 0) {
        await reportSale(tx, ctx, device, sale, 'accepted', r, clock.now());
      }
      out.push(r);
    }
    if ((await repo.claimSyncedSales(tx, rows)) !== rows.length) {
      throw new AppError('sync.duplicate', 'Synced meanwhile by another upload.');
    }
    return out;
  }

  /** Syncs one upload; `run` opens a transaction with a fresh context of the request. */
  async function sync(run: RunTx, ctx: ServiceContext, input: SyncSalesInput): Promise<SaleResultDto[]> {
    const device = { ...(await callingDevice(db, ctx)), tenantId: ctx.tenantId };
    const sales = [...input.sales].sort((a, b) => a.sequence - b.sequence);
    const ids = sales.map((s) => s.clientId);
    if (new Set(ids).size !== ids.length) {
      throw new AppError('sync.invalid', 'The same sale is twice in this upload.', { field: 'sales' });
    }
    const done = await repo.findSyncedSales(db, ctx.tenantId, ids);
    const blocks = await repo.findBlocks(db, ctx.tenantId, [...new Set(sales.map((s) => s.blockId))]);
    const refundIds = sales.flatMap((s) => (s.refunds ?? []).map((r) => r.id));
    const refundReports = new Set(
      (await repo.findReports(db, ctx.tenantId, refundIds)).map((r) => r.subject_id),
    );
    const seen = new Set<string>();
    const results: SaleResultDto[] = [];
    const withRefunds = async (result: Omit<SaleResultDto, 'refunds'>, sale: OfflineSaleInput) => {
      const refunds =
        result.outcome === 'accepted' ? await syncRefunds(run, device, sale, refundReports) : [];
      results.push({ ...result, refunds });
    };
    // Fresh sales with a valid number go in batches (1, 2, 4, then 4 to BATCH_MAX sales per
    // transaction, as many as fit HOLD_MS; the others start the next batch); a sale with refunds
    // ends its batch, so its refunds still follow it directly.
    let batch: OfflineSaleInput[] = [];
    let size = 1;
    const hasRefunds = (sale: OfflineSaleInput | undefined) => (sale?.refunds?.length ?? 0) > 0;
    /** Records the batch when full or ending (all: whatever is in it, e.g. before a duplicate). */
    const flush = async (all = true) => {
      while (batch.length > 0 && (all || batch.length >= size || hasRefunds(batch.at(-1)))) {
        const current = batch;
        const recorded = current.length > 1 ? await syncBatch(run, device, current) : null;
        if (recorded) {
          for (const [i, result] of recorded.entries()) {
            await withRefunds(result, current[i]!);
          }
          batch = current.slice(recorded.length);
          size = batch.length > 0 ? size : Math.min(size * 2, BATCH_MAX);
          continue;
        }
        batch = [];
        let refused = false;
        for (const sale of current) {
          const result = await syncOne(run, device, sale, null);
          refused ||= result.outcome !== 'accepted';
          await withRefunds(result, sale);
        }
        // After a refusal start small again: a batch that fails is recorded again one by one.
        size = refused ? 1 : Math.min(size * 2, BATCH_MAX);
      }
    };
    for (const sale of sales) {
      const base = { clientId: sale.clientId, sequence: sale.sequence, receiptNumber: sale.receiptNumber };
      const prior = done.get(sale.clientId);
      if (prior) {
        await flush();
        seen.add(`${sale.blockId}:${sale.receiptNumber}`);
        await withRefunds(
          {
            ...base,
            status: 'duplicate',
            outcome: prior.outcome as 'accepted' | 'refused',
            orderId: prior.order_id,
            reasons: repo.reasonsOf(prior.reasons),
          },
          sale,
        );
        continue;
      }
      const numberError = checkSaleNumber(device, sale, blocks.get(sale.blockId), seen);
      if (numberError) {
        await flush();
        await withRefunds(await syncOne(run, device, sale, numberError), sale);
        continue;
      }
      batch.push(sale);
      await flush(false);
    }
    await flush();
    return results;
  }

  async function syncOne(
    run: RunTx,
    device: CallingDevice,
    sale: OfflineSaleInput,
    numberError: AppError | null,
  ): Promise<Omit<SaleResultDto, 'refunds'>> {
    const base = { clientId: sale.clientId, sequence: sale.sequence, receiptNumber: sale.receiptNumber };
    let refusal: AppError;
    try {
      if (numberError) {
        throw numberError;
      }
      const [reasons] = await run((tx, ctx) => recordAccepted(tx, ctx, device, [sale]));
      return { ...base, status: 'accepted', outcome: 'accepted', orderId: sale.clientId, reasons: reasons! };
    } catch (err) {
      if (!(err instanceof AppError)) {
        throw err;
      }
      refusal = err;
    }
    // A concurrent upload of the same sale may have recorded it: then it is a duplicate.
    const again = await syncedOrNull(device.tenantId, sale.clientId);
    if (again) {
      return duplicateOf(base, again);
    }
    const reasons = [reasonOf(refusal)];
    const stored = await run(async (tx, ctx) => {
      const claimed = await repo.claimSyncedSale(
        tx,
        syncedRow(ctx, device, sale, 'refused', reasons, clock.now()),
      );
      if (claimed) {
        await reportSale(tx, ctx, device, sale, 'refused', reasons, clock.now());
      }
      return claimed;
    });
    if (!stored) {
      const now = await syncedOrNull(device.tenantId, sale.clientId);
      return now
        ? duplicateOf(base, now)
        : { ...base, status: 'conflict', outcome: 'refused', orderId: null, reasons };
    }
    return { ...base, status: 'conflict', outcome: 'refused', orderId: null, reasons };
  }

  async function syncedOrNull(tenantId: string, clientId: string) {
    return (await repo.findSyncedSales(db, tenantId, [clientId])).get(clientId) ?? null;
  }

  function duplicateOf(
    base: Pick<SaleResultDto, 'clientId' | 'sequence' | 'receiptNumber'>,
    prior: repo.SyncedSaleRow,
  ): Omit<SaleResultDto, 'refunds'> {
    return {
      ...base,
      status: 'duplicate',
      outcome: prior.outcome as 'accepted' | 'refused',
      orderId: prior.order_id,
      reasons: repo.reasonsOf(prior.reasons),
    };
  }

  return { sync };
}
export type SyncSales = ReturnType<typeof createSyncSales>;
