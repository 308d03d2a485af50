import { sql } from 'kysely';
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
  const row = await sql<{ last_number: string }>`
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
    RETURNING last_number`.execute(tx);
  return Number(row.rows[0]!.last_number);
}
