import type { Clock } from '../../platform/clock/clock.ts';
import type { Updateable } from 'kysely';
import type { Tx } from '../../platform/db/db.ts';
import type { Payments } from '../../platform/db/schema.ts';
import type { EventInput } from '../../platform/events/events.ts';
import type { AuditEntry } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { postPayment, postRefund, returnSplit, type EntryInput, type Tender } from '../ledger/index.ts';
import { lockOrderForMoney, recordOrderMoney, type OrderHeader, type PayableOrder } from '../orders/index.ts';
import { assignReceiptNumber, postCashToDrawer } from '../drawer/index.ts';
import { restockForRefund } from '../inventory/index.ts';
import { feeReversal, splitFees } from './fees.ts';
import { canTransitionPayment, type PaymentStatus } from './payment-state.ts';
import { cashIn, cashOut } from './cash-movements.ts';
import { paymentDto, refundDto } from './payment-view.ts';
import * as repo from './payments.repo.ts';
import { paymentAlert, paymentEvent, refundEvent } from './payments.events.ts';

const num = (v: string | number) => Number(v);
type PaymentChange = Updateable<Payments>;

/** Where a use case records its events and audit entries (a request's context, or a system job's). */
export interface Sink {
  tenantId: string;
  emit(event: EventInput): void;
  audit(entry: AuditEntry): void;
}

/** What a gateway (or the cashier) says happened to a payment. */
export interface Outcome {
  status: PaymentStatus;
  gatewayStatus?: string;
  gatewayPaymentId?: string;
  cardBrand?: string;
  cardLast4?: string;
  failureReason?: string;
  /** Who said so: the request itself, a gateway notification, or the status poller. */
  source: 'request' | 'webhook' | 'poll';
}

export type Settled =
  | { applied: true; payment: repo.PaymentRow; order: OrderHeader | null }
  | { applied: false; payment: repo.PaymentRow; reason: 'same_state' | 'stale' };

/**
 * The one place a payment changes state, with everything that goes with it in the caller's
 * transaction: order money fields, revenue-share fees, the ledger entry, events and audit.
 * Locks the order, then the payment (the order-first order every money change uses). A transition
 * the table does not allow is not an error here — it is a late or repeated report — and changes nothing.
 */
export function createPaymentEffects(deps: { clock: Clock }) {
  const { clock } = deps;

  /** Locks a payment's order and then the payment itself. */
  async function lockPayment(tx: Tx, tenantId: string, paymentId: string) {
    const unlocked = await repo.getPaymentRow(tx, tenantId, paymentId);
    const order = await lockOrderForMoney(tx, tenantId, unlocked.order_id);
    const payment = await repo.getPaymentRow(tx, tenantId, paymentId, true);
    return { order, payment };
  }

  /**
   * `locked`: the order and payment the caller has just locked (taking a payment), saving the
   * re-reads; otherwise they are locked here.
   */
  async function settle(
    tx: Tx,
    sink: Sink,
    paymentId: string,
    outcome: Outcome,
    locked?: { order: PayableOrder; payment: repo.PaymentRow },
  ): Promise<Settled> {
    const { order, payment } = locked ?? (await lockPayment(tx, sink.tenantId, paymentId));
    const from = payment.status as PaymentStatus;
    const to = outcome.status;
    if (from === to) {
      return { applied: false, payment, reason: 'same_state' };
    }
    if (!canTransitionPayment(from, to)) {
      if (to === 'completed' && (from === 'failed' || from === 'canceled')) {
        // Money arrived for a payment we gave up on: never silently drop it.
        sink.emit(
          paymentAlert(
            payment,
            'payment.late_success',
            `The gateway reports ${payment.gateway} payment ${payment.id} paid after it was ${from}; refund or reconcile it.`,
          ),
        );
      }
      return { applied: false, payment, reason: 'stale' };
    }
    const now = clock.now();
    const details = {
      status: to,
      gateway_status: outcome.gatewayStatus ?? payment.gateway_status,
      gateway_payment_id: outcome.gatewayPaymentId ?? payment.gateway_payment_id,
      card_brand: outcome.cardBrand ?? payment.card_brand,
      card_last4: outcome.cardLast4 ?? payment.card_last4,
      failure_reason: to === 'failed' || to === 'canceled' ? (outcome.failureReason ?? null) : null,
      updated_at: now,
    };
    if (to === 'completed') {
      const fees = splitFees(
        num(payment.amount),
        await repo.getFeeSchedule(tx, sink.tenantId),
        payment.method as Tender,
      );
      const after = await updatePayment(tx, sink.tenantId, payment.id, from, {
        ...details,
        fee_platform: fees.platform,
        fee_processing: fees.processing,
        completed_at: now,
      });
      return {
        applied: true,
        payment: after,
        order: await completed(tx, sink, order, after, from, outcome, now),
      };
    }
    const after = await updatePayment(tx, sink.tenantId, payment.id, from, details);
    recorded(sink, after, from, outcome);
    return { applied: true, payment: after, order: null };
  }

  /** A payment's event and audit entry for its new status. */
  function recorded(sink: Sink, after: repo.PaymentRow, from: PaymentStatus, outcome: Outcome): void {
    const dto = paymentDto(after);
    const to = after.status as PaymentStatus;
    sink.emit(paymentEvent(`payment.${to === 'pending' ? 'created' : to}`, dto));
    sink.audit({
      action: `payment.${to}`,
      targetType: 'payment',
      targetId: after.id,
      before: { status: from },
      after: {
        status: to,
        source: outcome.source,
        amount: dto.amount,
        ...(outcome.failureReason ? { reason: outcome.failureReason } : {}),
      },
    });
  }

  /**
   * What a completed payment (`after`, stored completed with its fees) does: its event and audit
   * entry, then — in one call to the orders module — the order's money, the payment's ledger
   * entry and, when the payment asked for it and settles the order, the completion and the sale.
   */
  async function completed(
    tx: Tx,
    sink: Sink,
    order: PayableOrder,
    after: repo.PaymentRow,
    from: PaymentStatus,
    outcome: Outcome,
    now: Date,
    o: {
      /** The receipt number an offline sale was given (sync): the completion uses it. */
      presetReceiptNumber?: number;
      /**
       * A cash payment inserted with its drawer movement (`insertCashPayment`): the session the
       * cash went into (null: none), for the ledger entry — the cash is not posted again.
       */
      drawerSessionId?: string | null;
    } = {},
  ): Promise<OrderHeader> {
    const { presetReceiptNumber } = o;
    const amount = num(after.amount);
    if (order.status === 'canceled') {
      sink.emit(
        paymentAlert(
          after,
          'payment.on_canceled_order',
          `Payment ${after.id} completed on a canceled order; refund it.`,
        ),
      );
    }
    recorded(sink, after, from, outcome);
    // Drawer hook (issue 14): cash received goes into the register's open drawer session — posted
    // here unless the payment's insert already did (`o.drawerSessionId`, a cash payment taken now).
    const drawerSessionId =
      o.drawerSessionId !== undefined
        ? o.drawerSessionId
        : after.method === 'cash'
          ? await postCashToDrawer(tx, sink.tenantId, cashIn(after, now))
          : null;
    const entry: EntryInput = {
      drawerSessionId,
      kind: 'payment',
      currency: after.currency,
      postedAt: now,
      outletId: after.outlet_id,
      registerId: after.register_id,
      orderId: after.order_id,
      paymentId: after.id,
      memo: `${after.method}${after.gateway ? ` ${after.gateway}` : ''} payment`,
      lines: postPayment({
        tender: after.method as Tender,
        amount,
        tip: num(after.tip_amount),
        rounding: num(after.rounding),
        feePlatform: num(after.fee_platform),
        feeProcessing: num(after.fee_processing),
      }),
    };
    return recordOrderMoney(
      tx,
      sink,
      order,
      { paid: amount, tip: num(after.tip_amount) },
      {
        now,
        change: 'payment',
        complete: after.complete_order,
        entries: [entry],
        ...(presetReceiptNumber !== undefined ? { presetReceiptNumber } : {}),
      },
    );
  }

  /** Completes a refund: money leaves the tender, fees reverse in proportion, the order's fields follow. */
  async function completeRefund(
    tx: Tx,
    sink: Sink,
    refundId: string,
    details: { gatewayStatus?: string; refundRef?: string; source: Outcome['source'] },
  ): Promise<boolean> {
    const unlocked = await repo.getRefundRow(tx, sink.tenantId, refundId);
    const { order, payment } = await lockPayment(tx, sink.tenantId, unlocked.payment_id);
    const refund = await repo.getRefundRow(tx, sink.tenantId, refundId, true);
    if (refund.status !== 'pending') {
      return false;
    }
    const now = clock.now();
    const amount = num(refund.amount);
    const paymentAmount = num(payment.amount);
    const before = num(payment.refunded_amount);
    const platform = feeReversal(num(payment.fee_platform), paymentAmount, before, amount);
    const processing = feeReversal(num(payment.fee_processing), paymentAmount, before, amount);
    const afterCompletion = order.status === 'completed';
    const refundTender: Tender = refund.destination === 'cash' ? 'cash' : (payment.method as Tender);
    // Drawer hooks (issue 14): cash given back leaves the drawer; a credit note number is taken.
    const drawerSessionId =
      refundTender === 'cash'
        ? await postCashToDrawer(tx, sink.tenantId, cashOut(payment, refund, now))
        : null;
    const creditNoteNumber = afterCompletion
      ? await assignReceiptNumber(
          tx,
          sink.tenantId,
          { outletId: payment.outlet_id, registerId: payment.register_id },
          'credit_note',
        )
      : null;
    await repo.updateRefund(tx, sink.tenantId, refundId, {
      credit_note_number: creditNoteNumber,
      status: 'completed',
      after_completion: afterCompletion,
      fee_platform_reversed: platform,
      fee_processing_reversed: processing,
      gateway_status: details.gatewayStatus ?? refund.gateway_status,
      gateway_refund_ref: details.refundRef ?? refund.gateway_refund_ref,
      completed_at: now,
      updated_at: now,
    });
    await repo.addPaymentRefundFigures(
      tx,
      sink.tenantId,
      payment.id,
      { refunded: amount, pending: -amount, platformReversed: platform, processingReversed: processing },
      now,
    );
    const lines = await repo.getRefundLines(tx, sink.tenantId, [refundId]);
    if (afterCompletion && lines.length > 0) {
      // Inventory hook (issue 16): returned lines count as returned; restocked ones go back on the shelf.
      await restockForRefund(tx, sink, {
        id: refundId,
        orderId: payment.order_id,
        lines: lines.map((l) => ({ orderLineId: l.order_line_id, quantity: l.quantity, restock: l.restock })),
        actor: refund.created_by,
        at: now,
      });
    }
    const p = paymentDto(await repo.getPaymentRow(tx, sink.tenantId, payment.id));
    const r = refundDto(await repo.getRefundRow(tx, sink.tenantId, refundId), lines);
    sink.emit(refundEvent('payment.refunded', p, r));
    sink.audit({
      action: 'payment.refunded',
      targetType: 'refund',
      targetId: refundId,
      after: { paymentId: payment.id, amount, destination: refund.destination, source: details.source },
    });
    await recordOrderMoney(
      tx,
      sink,
      order,
      { paid: -amount, refunded: amount, returned: afterCompletion ? amount : 0 },
      {
        now,
        change: 'refund',
        entries: [
          {
            kind: 'refund',
            currency: refund.currency,
            postedAt: now,
            outletId: payment.outlet_id,
            registerId: payment.register_id,
            orderId: payment.order_id,
            paymentId: payment.id,
            refundId,
            drawerSessionId,
            memo: refund.reason.slice(0, 200),
            lines: postRefund({
              tender: refundTender,
              amount,
              rounding: num(refund.rounding),
              paidWith: payment.method as Tender,
              afterCompletion,
              ...(afterCompletion ? { returned: returnSplit(order.sale, order.returned, amount) } : {}),
              feePlatformReversed: platform,
              feeProcessingReversed: processing,
            }),
          },
        ],
      },
    );
    return true;
  }

  /** A gateway refused a refund: the amount it held becomes refundable again. */
  async function failRefund(
    tx: Tx,
    sink: Sink,
    refundId: string,
    details: { gatewayStatus?: string; reason: string; source: Outcome['source'] },
  ): Promise<boolean> {
    const unlocked = await repo.getRefundRow(tx, sink.tenantId, refundId);
    const { payment } = await lockPayment(tx, sink.tenantId, unlocked.payment_id);
    const refund = await repo.getRefundRow(tx, sink.tenantId, refundId, true);
    if (refund.status !== 'pending') {
      return false;
    }
    const now = clock.now();
    await repo.updateRefund(tx, sink.tenantId, refundId, {
      status: 'failed',
      failure_reason: details.reason.slice(0, 500),
      gateway_status: details.gatewayStatus ?? refund.gateway_status,
      updated_at: now,
    });
    await repo.addPaymentRefundFigures(tx, sink.tenantId, payment.id, { pending: -num(refund.amount) }, now);
    const p = paymentDto(await repo.getPaymentRow(tx, sink.tenantId, payment.id));
    const lines = await repo.getRefundLines(tx, sink.tenantId, [refundId]);
    const r = refundDto(await repo.getRefundRow(tx, sink.tenantId, refundId), lines);
    sink.emit(refundEvent('payment.refund_failed', p, r));
    sink.audit({
      action: 'payment.refund_failed',
      targetType: 'refund',
      targetId: refundId,
      after: { reason: details.reason, source: details.source },
    });
    return true;
  }

  return { lockPayment, settle, completed, completeRefund, failRefund };
}
export type PaymentEffects = ReturnType<typeof createPaymentEffects>;

/** Moves a payment on from the status it was locked in; 409 when it changed meanwhile. */
async function updatePayment(
  tx: Tx,
  tenantId: string,
  id: string,
  from: PaymentStatus,
  set: PaymentChange,
): Promise<repo.PaymentRow> {
  const row = await repo.updatePayment(tx, tenantId, id, set, from);
  if (!row) {
    throw new AppError('payments.conflict', 'The payment changed meanwhile; try again.');
  }
  return row;
}

export type { PayableOrder };
