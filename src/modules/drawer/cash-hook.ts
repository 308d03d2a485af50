import type { Tx } from '../../platform/db/db.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import * as repo from './drawer.repo.ts';
import type { OpenSessionMovement, SessionPosting } from './drawer.repo.ts';

/** Cash that a payment or refund moved through a register's drawer. */
export interface CashMovement {
  outletId: string;
  registerId: string | null;
  kind: 'sale' | 'refund';
  /** Signed: what went into the drawer (a sale: amount + rounding; a refund: negative). */
  amount: number;
  tendered?: number | null;
  change?: number | null;
  paymentId: string;
  refundId?: string | null;
  orderId: string;
  /** Who took or gave the cash (the payment's or refund's stored actor). */
  actor: string;
  at: Date;
}

/**
 * Posts a cash sale or refund into the register's open drawer session, in the caller's
 * transaction (the payment or refund and its drawer movement commit together). Returns the
 * session, to tag the ledger entry with, or null when there is none and the outlet does not
 * require one. An outlet that requires an open session refuses cash without one:
 * 422 `drawer.session_required`, and the whole payment rolls back.
 */
export async function postCashToDrawer(tx: Tx, tenantId: string, m: CashMovement): Promise<string | null> {
  const posted = await repo.insertMovementIntoOpenSession(tx, cashMovementRow(tenantId, m));
  return postedCashSession(posted, m.registerId);
}

/**
 * The row `postCashToDrawer` writes (a new id), for a caller that writes it inside its own
 * statement (`movementIntoOpenSession`: payments' insert of a completed cash payment).
 */
export function cashMovementRow(tenantId: string, m: CashMovement): OpenSessionMovement {
  return {
    tenant_id: tenantId,
    id: newId(),
    register_id: m.registerId,
    outlet_id: m.outletId,
    kind: m.kind,
    amount: m.amount,
    tendered: m.tendered ?? null,
    change_given: m.change ?? null,
    payment_id: m.paymentId,
    refund_id: m.refundId ?? null,
    order_id: m.orderId,
    actor: m.actor,
    created_at: m.at,
  };
}

/**
 * What a posting of cash came to: the session it went into, or null when there is none and the
 * outlet does not require one; without one where the outlet requires it, 422
 * `drawer.session_required` (the caller's transaction rolls back, the cash with it).
 */
export function postedCashSession(posted: SessionPosting, registerId: string | null): string | null {
  if (posted.sessionId === null && posted.requireOpenSession) {
    throw new AppError(
      'drawer.session_required',
      registerId
        ? 'Open the cash drawer on this register before taking or giving back cash.'
        : 'Cash at this outlet is taken on a register with an open cash drawer.',
      { registerId },
    );
  }
  return posted.sessionId;
}
