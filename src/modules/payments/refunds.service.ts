import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { actorRefOf, type ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { refundRounding } from '../../platform/money/tender.ts';
import { assertOutletAccess, authorize } from '../identity/index.ts';
import { refundableLines } from '../orders/index.ts';
import { getPracticalIncrement } from '../tenancy/index.ts';
import { proratedLineAmount } from './fees.ts';
import type { GatewayAccounts } from './gateway-accounts.ts';
import type { GatewayName, GatewayRegistry } from './gateways/index.ts';
import type { PaymentEffects } from './payment-effects.ts';
import { refundDto, type RefundDto } from './payment-view.ts';
import * as repo from './payments.repo.ts';
import { gatewayFailure, type GatewayLog } from './gateway-payments.service.ts';

export interface CreateRefundInput {
  id?: string;
  /** By amount … */
  amount?: number;
  /** … or by lines (quantities of the order's lines; restock is stored for inventory). */
  lines?: Array<{ lineId: string; quantity: number; restock?: boolean }>;
  /** Back to the original tender (default), or out of the cash drawer. */
  destination?: 'original' | 'cash';
  reason: string;
  approvalId?: string;
}

const num = (v: string | number) => Number(v);

/**
 * Refunds, full or partial, by amount or by lines. Never more than the payment's refundable amount:
 * the order and then the payment are locked (`FOR UPDATE`), the amount is checked against what is
 * left, and a CHECK constraint on the payment row is the last line of defence. Cash, card and
 * cash-destination refunds complete at once; gateway refunds complete when the gateway says so.
 */
export function createRefundsService(deps: {
  clock: Clock;
  gateways: GatewayRegistry;
  accounts: GatewayAccounts;
  effects: PaymentEffects;
  log: GatewayLog;
}) {
  const { clock, gateways, accounts, effects } = deps;

  async function load(db: Executor, tenantId: string, id: string): Promise<RefundDto> {
    const row = await repo.getRefundRow(db, tenantId, id);
    return refundDto(row, await repo.getRefundLines(db, tenantId, [id]));
  }

  /** Line refunds: checks quantities left per line and prices them (exact over any pieces). */
  async function priceLines(
    tx: Tx,
    tenantId: string,
    orderId: string,
    lines: NonNullable<CreateRefundInput['lines']>,
  ) {
    const available = new Map((await refundableLines(tx, tenantId, orderId)).map((l) => [l.id, l]));
    const seen = new Set<string>();
    return lines.map((l) => {
      const line = available.get(l.lineId);
      if (!line) {
        throw new AppError('order_lines.not_found', 'No such active line on this order.', { id: l.lineId });
      }
      if (seen.has(l.lineId)) {
        throw new AppError('refunds.invalid', 'Name each line once.', { field: 'lines', id: l.lineId });
      }
      seen.add(l.lineId);
      const before = num(line.refunded);
      if (before + l.quantity > line.quantity) {
        throw new AppError(
          'refunds.quantity_exceeds_line',
          'More units than are left to refund on this line.',
          {
            lineId: l.lineId,
            refundable: line.quantity - before,
          },
        );
      }
      return {
        ...l,
        amount: proratedLineAmount(num(line.total), line.quantity, before, l.quantity),
      };
    });
  }

  return {
    get: async (db: Executor, ctx: ServiceContext, id: string) => {
      const r = await load(db, ctx.tenantId, id);
      const p = await repo.getPaymentRow(db, ctx.tenantId, r.paymentId);
      assertOutletAccess(ctx, p.outlet_id);
      return r;
    },

    async list(db: Executor, ctx: ServiceContext, paymentId: string): Promise<RefundDto[]> {
      const p = await repo.getPaymentRow(db, ctx.tenantId, paymentId);
      assertOutletAccess(ctx, p.outlet_id);
      const rows = await repo.listRefundRows(db, ctx.tenantId, paymentId);
      const lines = await repo.getRefundLines(
        db,
        ctx.tenantId,
        rows.map((r) => r.id),
      );
      return rows.map((r) =>
        refundDto(
          r,
          lines.filter((l) => l.refund_id === r.id),
        ),
      );
    },

    async create(
      tx: Tx,
      ctx: ServiceContext,
      paymentId: string,
      input: CreateRefundInput,
    ): Promise<RefundDto> {
      const now = clock.now();
      const { order, payment } = await effects.lockPayment(tx, ctx.tenantId, paymentId);
      assertOutletAccess(ctx, payment.outlet_id);
      await authorize(tx, ctx, 'payments:refund', { type: 'payment', id: paymentId }, input.approvalId, now);
      if (payment.status !== 'completed') {
        throw new AppError('payments.not_refundable', `A ${payment.status} payment cannot be refunded.`);
      }
      if ((input.amount === undefined) === (input.lines === undefined || input.lines.length === 0)) {
        throw new AppError('refunds.invalid', 'Refund either an amount or lines, not both or neither.', {
          field: 'amount',
        });
      }
      const refundable =
        num(payment.amount) - num(payment.refunded_amount) - num(payment.refund_pending_amount);
      const lines = input.lines?.length ? await priceLines(tx, ctx.tenantId, order.id, input.lines) : [];
      const amount = input.amount ?? lines.reduce((s, l) => s + l.amount, 0);
      if (amount <= 0) {
        throw new AppError('refunds.invalid', 'Nothing to refund.', { field: 'lines' });
      }
      if (amount > refundable) {
        throw new AppError(
          'payments.refund_exceeds_refundable',
          'The refund is more than is left to refund.',
          {
            amount,
            refundable,
          },
        );
      }
      const destination = input.destination ?? 'original';
      const id = input.id ?? newId();
      // What the tender gives back is in whole practical increments (a gateway refunds whole rupiah),
      // and a payment refunded in full gives back exactly what it took, its rounding included.
      const rounding = refundRounding(
        { amount: num(payment.amount), rounding: num(payment.rounding) },
        num(payment.amount) - refundable,
        amount,
        await getPracticalIncrement(tx, ctx.tenantId),
      );
      const inserted = await repo.insertRefund(
        tx,
        {
          tenant_id: ctx.tenantId,
          id,
          payment_id: paymentId,
          order_id: order.id,
          outlet_id: payment.outlet_id,
          status: 'pending',
          destination,
          amount,
          rounding,
          currency: payment.currency,
          reason: input.reason,
          after_completion: order.status === 'completed',
          created_by: actorRefOf(ctx.principal),
          created_at: now,
          updated_at: now,
        },
        lines.map((l) => ({
          order_line_id: l.lineId,
          quantity: l.quantity,
          amount: l.amount,
          restock: l.restock ?? false,
        })),
      );
      if (!inserted) {
        throw new AppError('refunds.already_exists', 'A refund with this id already exists.', { id });
      }
      // Reserve the amount at once: concurrent refunds see it gone (and the row's CHECK agrees).
      await repo.addPaymentRefundFigures(tx, ctx.tenantId, paymentId, { pending: amount }, now);
      ctx.audit({
        action: 'refund.created',
        targetType: 'refund',
        targetId: id,
        after: { paymentId, amount, destination, reason: input.reason, lines: input.lines ?? null },
      });
      // Nothing to give back when an earlier refund, rounded up, already returned these sen.
      if (payment.method === 'gateway' && destination === 'original' && amount + rounding > 0) {
        const name = payment.gateway as GatewayName;
        const creds = await accounts.credentials(tx, ctx.tenantId, name, { includeDisabled: true });
        if (!creds) {
          throw new AppError('payments.gateway_not_configured', `No ${name} account is configured.`);
        }
        const result = await gateways[name]
          .refund(creds, {
            ref: payment.gateway_ref!,
            ...(payment.gateway_payment_id ? { gatewayPaymentId: payment.gateway_payment_id } : {}),
            refundId: id,
            amount: amount + rounding,
            currency: payment.currency,
            reason: input.reason,
          })
          .catch(gatewayFailure(deps.log, ctx));
        await repo.updateRefund(tx, ctx.tenantId, id, {
          gateway_refund_ref: result.refundRef,
          gateway_status: result.gatewayStatus,
        });
        if (result.status === 'completed') {
          await effects.completeRefund(tx, ctx, id, {
            gatewayStatus: result.gatewayStatus,
            source: 'request',
          });
        } else if (result.status === 'failed') {
          await effects.failRefund(tx, ctx, id, {
            gatewayStatus: result.gatewayStatus,
            reason: `${name} refused the refund (${result.gatewayStatus})`,
            source: 'request',
          });
        }
      } else {
        await effects.completeRefund(tx, ctx, id, { source: 'request' });
      }
      return load(tx, ctx.tenantId, id);
    },
  };
}
export type RefundsService = ReturnType<typeof createRefundsService>;
