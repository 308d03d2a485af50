import { sql, type Insertable, type QueryCreator, type Updateable } from 'kysely';
import type { DB, Executor, Tx } from '../../platform/db/db.ts';
import { precompiled, precompiledRow, precompiledRows } from '../../platform/db/precompiled.ts';
import type { Payments, RefundLines, Refunds } from '../../platform/db/schema.ts';
import { movementIntoOpenSession, type OpenSessionMovement, type SessionPosting } from '../drawer/index.ts';
import { lockedOrder, lockOrderForMoneyQuery, type PayableOrder } from '../orders/index.ts';
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

export interface PaymentTerms {
  reserved: number;
  fees: { platformPpm: number; processingPpm: number };
  tenant: { currency: string; practical_increment: string | number | null };
}
/** A new order's terms (read with its sale's setup): nothing reserved yet. */
export type NewOrderTerms = Omit<PaymentTerms, 'reserved'>;

/**
 * A payment's terms as scalar subqueries on the order's tenant and id: what payments still waiting
 * for the customer hold of its balance, the fee schedule and the tenant's currency and practical
 * increment (aliases `terms_*`, clear of the order's columns when read beside it).
 */
function termColumns(tenantId: string, orderId: string) {
  return [
    sql<string | null>`(select coalesce(sum(amount), 0) from payments
      where tenant_id = ${tenantId} and order_id = ${orderId} and status in ('pending', 'authorized'))`.as(
      'terms_reserved',
    ),
    sql<number | null>`(select platform_fee_ppm from fee_schedules where tenant_id = ${tenantId})`.as(
      'terms_platform_fee_ppm',
    ),
    sql<number | null>`(select processing_fee_ppm from fee_schedules where tenant_id = ${tenantId})`.as(
      'terms_processing_fee_ppm',
    ),
    sql<string | null>`(select currency from tenants where id = ${tenantId})`.as('terms_currency'),
    sql<string | number | null>`(select practical_increment from tenants where id = ${tenantId})`.as(
      'terms_practical_increment',
    ),
  ];
}

type TermsRow = {
  terms_reserved: string | null;
  terms_platform_fee_ppm: number | null;
  terms_processing_fee_ppm: number | null;
  terms_currency: string | null;
  terms_practical_increment: string | number | null;
};

function termsOf(r: TermsRow): PaymentTerms {
  return {
    reserved: Number(r.terms_reserved ?? 0),
    fees: { platformPpm: r.terms_platform_fee_ppm ?? 0, processingPpm: r.terms_processing_fee_ppm ?? 0 },
    tenant: { currency: r.terms_currency ?? '', practical_increment: r.terms_practical_increment ?? null },
  };
}

/**
 * Locks the order a payment is taken on (`lockOrderForMoneyQuery`: payments and refunds lock the
 * order first) and reads the payment's terms in the same statement: one round trip, not two.
 */
export async function lockOrderWithTerms(
  tx: Tx,
  tenantId: string,
  orderId: string,
): Promise<{ order: PayableOrder; terms: PaymentTerms }> {
  const [row] = await orderWithTerms(tx, tenantId, orderId);
  return { order: lockedOrder(row, orderId), terms: termsOf(row!) };
}
const orderWithTerms = precompiled((tx: Executor, tenantId: string, orderId: string) =>
  lockOrderForMoneyQuery(tx, tenantId, orderId).select(termColumns(tenantId, orderId)),
);

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

/** Inserts a payment; undefined when one with this id exists. */
export async function insertPayment(tx: Tx, row: Insertable<Payments>): Promise<PaymentRow | undefined> {
  return (await insertPaymentRow(tx, row))[0];
}

/** A payment's insert: a client id used before inserts nothing and returns no row. */
const paymentInsert = (db: QueryCreator<DB>, row: Insertable<Payments>) =>
  db
    .insertInto('payments')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .returningAll();

/** Written by every card payment: built and compiled once per set of columns (platform/db/precompiled). */
const insertPaymentRow = precompiledRow((tx: Executor, row: Insertable<Payments>) => paymentInsert(tx, row));

/**
 * Inserts a completed cash payment and its drawer movement in one statement: the movement
 * (drawer's `movementIntoOpenSession`, its CTEs) is written only when the payment row was — and
 * the register has an open session. Undefined when a payment with this id exists (nothing
 * written); otherwise the payment and what the posting came to (the session, the outlet's
 * `require_open_session`), for the caller to check (drawer's `postedCashSession`).
 */
export async function insertCashPayment(
  tx: Tx,
  row: Insertable<Payments>,
  movement: OpenSessionMovement,
): Promise<{ payment: PaymentRow; drawer: SessionPosting } | undefined> {
  const [inserted] = await insertCashPaymentRow(tx, [row], [movement]);
  if (!inserted) {
    return undefined;
  }
  const { drawer_session_id: sessionId, require_open_session: requireOpenSession, ...payment } = inserted;
  return { payment, drawer: { sessionId, requireOpenSession } };
}

/**
 * Written by every cash payment taken at the counter: built and compiled once per set of columns
 * (platform/db/precompiled). The movement's rows sit in CTEs beside the payment's insert (the
 * sibling CTEs see the same snapshot; drawer_movements has no foreign key to the payment).
 */
const insertCashPaymentRow = precompiledRows(
  (tx: Executor, rows: readonly Insertable<Payments>[], movements: readonly OpenSessionMovement[]) => {
    const drawer = movementIntoOpenSession(movements[0]!, sql`exists (select 1 from payment)`);
    return tx
      .with('payment', (db) => paymentInsert(db, rows[0]!))
      .with('drawer_session', () => drawer.session)
      .with('drawer_movement', () => drawer.movement)
      .selectFrom('payment')
      .selectAll('payment')
      .select([
        drawer.sessionId.as('drawer_session_id'),
        drawer.requireOpenSession.as('require_open_session'),
      ]);
  },
);

/** Changes a payment; with `fromStatus`, only while it is still in that status (undefined otherwise). */
export function updatePayment(
  tx: Tx,
  tenantId: string,
  id: string,
  change: Updateable<Payments>,
  fromStatus?: string,
): Promise<PaymentRow | undefined> {
  let q = tx.updateTable('payments').set(change).where('tenant_id', '=', tenantId).where('id', '=', id);
  if (fromStatus !== undefined) {
    q = q.where('status', '=', fromStatus);
  }
  return q.returningAll().executeTakeFirst();
}

/** Money that moved on a payment's refund side, added in SQL (concurrent refunds add up). */
export async function addPaymentRefundFigures(
  tx: Tx,
  tenantId: string,
  id: string,
  d: { refunded?: number; pending?: number; platformReversed?: number; processingReversed?: number },
  now: Date,
): Promise<void> {
  await tx
    .updateTable('payments')
    .set((eb) => ({
      refunded_amount: eb('refunded_amount', '+', String(d.refunded ?? 0)),
      refund_pending_amount: eb('refund_pending_amount', '+', String(d.pending ?? 0)),
      fee_platform_reversed: eb('fee_platform_reversed', '+', String(d.platformReversed ?? 0)),
      fee_processing_reversed: eb('fee_processing_reversed', '+', String(d.processingReversed ?? 0)),
      updated_at: now,
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Inserts a refund and its lines; false when a refund with this id exists. */
export async function insertRefund(
  tx: Tx,
  row: Insertable<Refunds>,
  lines: Omit<Insertable<RefundLines>, 'tenant_id' | 'refund_id'>[],
): Promise<boolean> {
  const inserted = await tx
    .insertInto('refunds')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    return false;
  }
  if (lines.length) {
    await tx
      .insertInto('refund_lines')
      .values(lines.map((l) => ({ ...l, tenant_id: row.tenant_id, refund_id: row.id })))
      .execute();
  }
  return true;
}

/** Changes a refund. */
export async function updateRefund(
  tx: Tx,
  tenantId: string,
  id: string,
  change: Updateable<Refunds>,
): Promise<void> {
  await tx
    .updateTable('refunds')
    .set(change)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Records a gateway notification id; false when it was seen before (a redelivery). */
export async function claimNotification(
  tx: Tx,
  tenantId: string,
  gateway: string,
  eventId: string,
  kind: string,
  paymentId: string | null,
  refundId: string | null,
): Promise<boolean> {
  const fresh = await tx
    .insertInto('gateway_notifications')
    .values({
      tenant_id: tenantId,
      gateway,
      event_id: eventId.slice(0, 500),
      kind,
      payment_id: paymentId,
      refund_id: refundId,
      outcome: 'received',
    })
    .onConflict((oc) => oc.doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return fresh !== undefined;
}

/** What handling a gateway notification came to. */
export async function setNotificationOutcome(
  tx: Tx,
  tenantId: string,
  gateway: string,
  eventId: string,
  outcome: string,
): Promise<void> {
  await tx
    .updateTable('gateway_notifications')
    .set({ outcome })
    .where('tenant_id', '=', tenantId)
    .where('gateway', '=', gateway)
    .where('event_id', '=', eventId.slice(0, 500))
    .execute();
}

/** Sets a tenant's fee schedule (one row per tenant). */
export async function upsertFeeSchedule(
  tx: Tx,
  tenantId: string,
  values: { platform_fee_ppm: number; processing_fee_ppm: number; updated_at: Date; updated_by: string },
): Promise<void> {
  await tx
    .insertInto('fee_schedules')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}
