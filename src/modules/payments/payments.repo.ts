import { sql } from 'kysely';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { notFound } from '../../platform/http/errors.ts';

/** A payment row, locked for update when `lock`. */
export async function getPaymentRow(db: Executor, tenantId: string, id: string, lock = false) {
  let q = db.selectFrom('payments').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (lock) {
    q = q.forUpdate();
  }
  const row = await q.executeTakeFirst();
  if (!row) {
    throw notFound('payments', id);
  }
  return row;
}
export type PaymentRow = Awaited<ReturnType<typeof getPaymentRow>>;

export async function findPaymentByRef(db: Executor, tenantId: string, gateway: string, ref: string) {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('gateway', '=', gateway)
    .where('gateway_ref', '=', ref)
    .executeTakeFirst();
}

export function listPaymentRows(db: Executor, tenantId: string, orderId: string) {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * What taking a payment on an order needs, in one round trip: what payments still waiting for the
 * customer hold of its balance, the tenant's fee schedule (no row = no fees) and what its practical
 * increment is read from.
 */
export async function getPaymentTerms(tx: Tx, tenantId: string, orderId: string) {
  const r = await tx
    .selectNoFrom((eb) => [
      eb
        .selectFrom('payments')
        .select(sql<string>`coalesce(sum(amount), 0)`.as('reserved'))
        .where('tenant_id', '=', tenantId)
        .where('order_id', '=', orderId)
        .where('status', 'in', ['pending', 'authorized'])
        .as('reserved'),
      eb
        .selectFrom('fee_schedules')
        .select('platform_fee_ppm')
        .where('tenant_id', '=', tenantId)
        .as('platform_fee_ppm'),
      eb
        .selectFrom('fee_schedules')
        .select('processing_fee_ppm')
        .where('tenant_id', '=', tenantId)
        .as('processing_fee_ppm'),
      eb.selectFrom('tenants').select('currency').where('id', '=', tenantId).as('currency'),
      eb
        .selectFrom('tenants')
        .select('practical_increment')
        .where('id', '=', tenantId)
        .as('practical_increment'),
    ])
    .executeTakeFirstOrThrow();
  return {
    reserved: Number(r.reserved ?? 0),
    fees: { platformPpm: r.platform_fee_ppm ?? 0, processingPpm: r.processing_fee_ppm ?? 0 },
    tenant: { currency: r.currency ?? '', practical_increment: r.practical_increment ?? null },
  };
}

/** What payments still waiting for the customer hold of an order's balance. */
export async function reservedAmount(db: Executor, tenantId: string, orderId: string): Promise<number> {
  const r = await db
    .selectFrom('payments')
    .select(sql<string>`coalesce(sum(amount), 0)`.as('reserved'))
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .where('status', 'in', ['pending', 'authorized'])
    .executeTakeFirstOrThrow();
  return Number(r.reserved);
}

export async function getRefundRow(db: Executor, tenantId: string, id: string, lock = false) {
  let q = db.selectFrom('refunds').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (lock) {
    q = q.forUpdate();
  }
  const row = await q.executeTakeFirst();
  if (!row) {
    throw notFound('refunds', id);
  }
  return row;
}
export type RefundRow = Awaited<ReturnType<typeof getRefundRow>>;

export function listRefundRows(db: Executor, tenantId: string, paymentId: string) {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('payment_id', '=', paymentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function getRefundLines(db: Executor, tenantId: string, refundIds: readonly string[]) {
  if (refundIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('refund_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('refund_id', 'in', [...refundIds])
    .execute();
}

export async function findRefundByRef(db: Executor, tenantId: string, refundRef: string) {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('gateway_refund_ref', '=', refundRef)
    .executeTakeFirst();
}

/** The tenant's fee schedule (no row = no fees). */
export async function getFeeSchedule(db: Executor, tenantId: string) {
  const row = await db
    .selectFrom('fee_schedules')
    .select(['platform_fee_ppm', 'processing_fee_ppm', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return {
    platformPpm: row?.platform_fee_ppm ?? 0,
    processingPpm: row?.processing_fee_ppm ?? 0,
    updatedAt: row?.updated_at ?? null,
  };
}
