import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../platform/db/db.ts';

/**
 * Takes the next official number of a kind — a receipt when an order completes, a credit note when
 * a refund completes — for the outlet, or for the register when the outlet numbers per register.
 * One statement: the counter row is created or incremented and stays locked until the caller's
 * transaction ends; a rollback takes the number back, so the numbers have no gaps.
 */
export async function assignReceiptNumber(
  tx: Tx,
  tenantId: string,
  at: { outletId: string; registerId: string | null },
  kind: 'receipt' | 'credit_note' = 'receipt',
): Promise<number> {
  const row = await nextReceiptNumber(tenantId, at, kind).execute(tx);
  return Number(row.rows[0]!.last_number);
}

/**
 * The statement `assignReceiptNumber` runs, for a caller that takes the number inside its own
 * write (`WITH receipt AS (…) UPDATE … SET receipt_number = (SELECT last_number FROM receipt)`),
 * so the counter is locked one statement later and no round trip is spent on it.
 */
export function nextReceiptNumber(
  tenantId: string,
  at: { outletId: string; registerId: string | null },
  kind: 'receipt' | 'credit_note' = 'receipt',
): RawBuilder<{ last_number: string }> {
  return sql<{ last_number: string }>`
    INSERT INTO receipt_counters (tenant_id, scope_id, kind, last_number)
    VALUES (
      ${tenantId},
      CASE WHEN ${at.registerId}::uuid IS NOT NULL AND (
        SELECT receipt_numbering FROM outlet_cash_settings
         WHERE tenant_id = ${tenantId} AND outlet_id = ${at.outletId}
      ) = 'register' THEN ${at.registerId}::uuid ELSE ${at.outletId}::uuid END,
      ${kind},
      1
    )
    ON CONFLICT (tenant_id, scope_id, kind)
      DO UPDATE SET last_number = receipt_counters.last_number + 1
    RETURNING last_number`;
}

/**
 * Reserves `size` consecutive official numbers for a device that will sell offline: the same
 * counter `assignReceiptNumber` draws from moves past them in one statement, so the block can
 * never collide with numbers given online or with another device's block. Returns the block and
 * the counter's scope (the outlet, or the register when the outlet numbers per register).
 */
export async function reserveReceiptBlock(
  tx: Tx,
  tenantId: string,
  at: { outletId: string; registerId: string | null },
  size: number,
): Promise<{ scopeId: string; first: number; last: number }> {
  const row = await sql<{ scope_id: string; last_number: string }>`
    INSERT INTO receipt_counters (tenant_id, scope_id, kind, last_number)
    VALUES (
      ${tenantId},
      CASE WHEN ${at.registerId}::uuid IS NOT NULL AND (
        SELECT receipt_numbering FROM outlet_cash_settings
         WHERE tenant_id = ${tenantId} AND outlet_id = ${at.outletId}
      ) = 'register' THEN ${at.registerId}::uuid ELSE ${at.outletId}::uuid END,
      'receipt',
      ${size}::bigint
    )
    ON CONFLICT (tenant_id, scope_id, kind)
      DO UPDATE SET last_number = receipt_counters.last_number + ${size}::bigint
    RETURNING scope_id, last_number`.execute(tx);
  const last = Number(row.rows[0]!.last_number);
  return { scopeId: row.rows[0]!.scope_id, first: last - size + 1, last };
}
