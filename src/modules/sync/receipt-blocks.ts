import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { actorRefOf, type ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { reserveReceiptBlock } from '../drawer/index.ts';
import type { OfflineSaleInput, ReceiptBlockDto } from './sync.contracts.ts';
import * as repo from './sync.repo.ts';

/** Default size of a block: about a busy hour of a café's counter. */
export const DEFAULT_BLOCK_SIZE = 50;

/** The paired device whose staff session is calling (sync is for registers only). */
export async function callingDevice(db: Executor, ctx: ServiceContext) {
  const p = ctx.principal;
  const deviceId = p.kind === 'user' ? p.deviceId : null;
  if (!deviceId) {
    throw new AppError(
      'sync.forbidden',
      'Offline selling is for a staff session opened with a PIN on a paired register device.',
    );
  }
  const device = await repo.findDeviceRegister(db, ctx.tenantId, deviceId);
  if (!device) {
    throw new AppError('sync.forbidden', 'This device is no longer paired.');
  }
  return device;
}
export type CallingDevice = Awaited<ReturnType<typeof callingDevice>>;

/** The numbers of a block no synced sale used (void once the block is released). */
function unused(b: repo.BlockRow, used: number[]): number[] {
  const taken = new Set(used);
  const out: number[] = [];
  for (let n = Number(b.first_number); n <= Number(b.last_number); n++) {
    if (!taken.has(n)) {
      out.push(n);
    }
  }
  return out;
}

function blockDto(b: repo.BlockRow, used: number[]): ReceiptBlockDto {
  return {
    id: b.id,
    deviceId: b.device_id,
    registerId: b.register_id,
    outletId: b.outlet_id,
    firstNumber: Number(b.first_number),
    lastNumber: Number(b.last_number),
    used: used.length,
    releasedAt: b.released_at ? b.released_at.toISOString() : null,
    voidedNumbers: b.released_at ? unused(b, used) : [],
    createdAt: b.created_at.toISOString(),
  };
}

/**
 * Voids the numbers of every block a device still holds, in the transaction that revokes it: a
 * revoked device can never upload, so nothing can use them any more.
 */
export async function releaseDeviceBlocks(
  tx: Tx,
  ctx: ServiceContext,
  deviceId: string,
  now: Date,
): Promise<void> {
  for (const b of await repo.lockUnreleasedBlocksOfDevice(tx, ctx.tenantId, deviceId)) {
    const used = await repo.usedNumbers(tx, ctx.tenantId, b.id);
    await repo.markBlockReleased(tx, ctx.tenantId, b.id, now);
    ctx.audit({
      action: 'receipt_block.released',
      targetType: 'receipt_block',
      targetId: b.id,
      after: { used: used.length, voidedNumbers: unused(b, used), reason: 'device_revoked' },
    });
  }
}

/**
 * Receipt-number blocks: a register reserves numbers while online for the sales it may make
 * offline, from the same counter online sales draw from (`reserveReceiptBlock`), so numbers stay
 * unique per outlet whatever the number of registers offline; a released block's unused numbers
 * are void (recorded, so the sequence has no unexplained gap).
 */
export function createReceiptBlocks(deps: { clock: Clock }) {
  return {
    async reserve(tx: Tx, ctx: ServiceContext, size: number): Promise<ReceiptBlockDto> {
      const device = await callingDevice(tx, ctx);
      const now = deps.clock.now();
      const r = await reserveReceiptBlock(tx, ctx.tenantId, device, size);
      const row = await repo.insertBlock(tx, {
        tenant_id: ctx.tenantId,
        id: newId(),
        device_id: device.deviceId,
        register_id: device.registerId,
        outlet_id: device.outletId,
        scope_id: r.scopeId,
        first_number: r.first,
        last_number: r.last,
        created_by: actorRefOf(ctx.principal),
        created_at: now,
      });
      ctx.audit({
        action: 'receipt_block.reserved',
        targetType: 'receipt_block',
        targetId: row.id,
        after: { deviceId: device.deviceId, firstNumber: r.first, lastNumber: r.last },
      });
      return blockDto(row, []);
    },

    /**
     * Releases a block the device will not use further: the numbers no synced sale used become
     * void. The register releases only with an empty queue (a sale using a released number later
     * is refused with `sync.receipt_number_invalid`). Releasing twice answers the same.
     */
    async release(tx: Tx, ctx: ServiceContext, id: string): Promise<ReceiptBlockDto> {
      const device = await callingDevice(tx, ctx);
      const b = await repo.lockBlock(tx, ctx.tenantId, id);
      if (!b || b.device_id !== device.deviceId) {
        throw new AppError('receipt_blocks.not_found', 'Unknown receipt block of this device.', { id });
      }
      const used = await repo.usedNumbers(tx, ctx.tenantId, id);
      if (b.released_at) {
        return blockDto(b, used);
      }
      const now = deps.clock.now();
      await repo.markBlockReleased(tx, ctx.tenantId, id, now);
      const released = { ...b, released_at: now };
      const voided = unused(released, used);
      ctx.audit({
        action: 'receipt_block.released',
        targetType: 'receipt_block',
        targetId: id,
        after: { used: used.length, voidedNumbers: voided },
      });
      return blockDto(released, used);
    },
  };
}
export type ReceiptBlocks = ReturnType<typeof createReceiptBlocks>;

/** Checks the sale's number against the device's blocks (the one thing a register must not invent). */
export function checkSaleNumber(
  device: CallingDevice,
  sale: OfflineSaleInput,
  block: repo.BlockRow | undefined,
  seen: Set<string>,
): AppError | null {
  const key = `${sale.blockId}:${sale.receiptNumber}`;
  if (
    !block ||
    block.device_id !== device.deviceId ||
    sale.receiptNumber < Number(block.first_number) ||
    sale.receiptNumber > Number(block.last_number)
  ) {
    return new AppError(
      'sync.receipt_number_invalid',
      `Receipt number ${sale.receiptNumber} is not in a block reserved for this device.`,
    );
  }
  if (block.released_at) {
    return new AppError(
      'sync.receipt_number_invalid',
      `Receipt number ${sale.receiptNumber} belongs to a released block: it was voided.`,
    );
  }
  if (seen.has(key)) {
    return new AppError(
      'sync.receipt_number_invalid',
      `Receipt number ${sale.receiptNumber} was already used by another sale.`,
    );
  }
  seen.add(key);
  return null;
}
