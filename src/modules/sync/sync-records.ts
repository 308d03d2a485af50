// What an upload writes beside each sale: its `synced_sales` row (the exactly-once key) and, for a
// sale that needs a manager's look, a conflict report with its `alert` event.
import type { Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { newId } from '../../platform/ids/ids.ts';
import type { SaleReason } from '../orders/index.ts';
import type { CallingDevice as Device } from './receipt-blocks.ts';
import type { OfflineSaleInput } from './sync.contracts.ts';
import * as repo from './sync.repo.ts';

/** The device of the upload, and its tenant. */
export type CallingDevice = Device & { tenantId: string };

/** The `alert` a manager sees (realtime, webhooks) for a sale that needs a look. */
function syncAlert(
  device: CallingDevice,
  sale: { clientId: string; receiptNumber: number },
  outcome: 'accepted' | 'refused',
  reasons: SaleReason[],
  refundId?: string,
) {
  const what = refundId ? 'An offline refund' : `Offline sale #${sale.receiptNumber}`;
  const verdict = outcome === 'accepted' ? 'was recorded with differences' : 'was refused';
  return {
    type: 'alert',
    version: 1,
    topic: 'alerts' as const,
    outletId: device.outletId,
    registerId: device.registerId,
    orderId: outcome === 'accepted' ? sale.clientId : null,
    payload: {
      kind: 'sync.conflict',
      message: `${what} ${verdict}: ${reasons.map((r) => r.message).join(' ')}`,
      saleId: sale.clientId,
      refundId: refundId ?? null,
      outcome,
      reasons,
    },
  };
}

/** Stores a conflict report (once per sale or refund) and emits its `alert`. */
export function reportSale(
  tx: Tx,
  ctx: ServiceContext,
  device: CallingDevice,
  sale: OfflineSaleInput,
  outcome: 'accepted' | 'refused',
  reasons: SaleReason[],
  now: Date,
  refundId?: string,
) {
  return repo
    .insertReport(tx, {
      tenant_id: ctx.tenantId,
      id: newId(),
      outlet_id: device.outletId,
      register_id: device.registerId,
      device_id: device.deviceId,
      sale_id: sale.clientId,
      refund_id: refundId ?? null,
      subject_id: refundId ?? sale.clientId,
      outcome,
      receipt_number: sale.receiptNumber,
      catalog_version: sale.catalogVersion,
      reasons: JSON.stringify(reasons),
      created_at: now,
    })
    .then((inserted) => {
      if (inserted) {
        ctx.emit(syncAlert(device, sale, outcome, reasons, refundId));
      }
    });
}

/** The `synced_sales` row that makes a sale's upload exactly-once (claimed in the sale's transaction). */
export function syncedRow(
  ctx: ServiceContext,
  device: CallingDevice,
  sale: OfflineSaleInput,
  outcome: 'accepted' | 'refused',
  reasons: SaleReason[],
  now: Date,
) {
  return {
    tenant_id: ctx.tenantId,
    client_id: sale.clientId,
    device_id: device.deviceId,
    register_id: device.registerId,
    outlet_id: device.outletId,
    sequence: sale.sequence,
    block_id: sale.blockId,
    receipt_number: sale.receiptNumber,
    outcome,
    order_id: outcome === 'accepted' ? sale.clientId : null,
    catalog_version: sale.catalogVersion,
    device_time: new Date(sale.deviceTime),
    synced_at: now,
    reasons: JSON.stringify(reasons),
  };
}
