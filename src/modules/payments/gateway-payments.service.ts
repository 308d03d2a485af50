import type { Insertable } from 'kysely';
import type { DB, Tx } from '../../platform/db/db.ts';
import { actorRefOf, type ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { cashMovementRow, postedCashSession } from '../drawer/index.ts';
import { assertOutletAccess } from '../identity/index.ts';
import type { PayableOrder } from '../orders/index.ts';
import { verifyRazorpayCheckoutSignature } from './gateways/razorpay.ts';
import { GatewayError, type GatewayName, type StatusResult } from './gateways/index.ts';
import { cashIn } from './cash-movements.ts';
import type { Settled } from './payment-effects.ts';
import { isOpenPayment, type PaymentStatus } from './payment-state.ts';
import { paymentDto, type PaymentDto } from './payment-view.ts';
import * as repo from './payments.repo.ts';
import { paymentEvent } from './payments.events.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { GatewayAccounts } from './gateway-accounts.ts';
import type { GatewayRegistry } from './gateways/index.ts';
import type { PaymentEffects } from './payment-effects.ts';
import type { CreatePaymentInput } from './payments.contracts.ts';

/** Where gateway failures are logged (Fastify's pino logger fits). */
export interface GatewayLog {
  warn(obj: object, msg: string): void;
}

const FAILURE_CODES: Record<GatewayError['kind'], string> = {
  invalid_request: 'payments.gateway_rejected',
  declined: 'payments.declined',
  auth: 'payments.gateway_auth_failed',
  timeout: 'payments.gateway_timeout',
  unavailable: 'payments.gateway_error',
  not_found: 'payments.gateway_error',
  target_forbidden: 'payments.gateway_url_forbidden',
};

/**
 * Maps a gateway failure to our error: a request the gateway refused as invalid (e.g. sen on a
 * rupiah-only QRIS charge) is 422, a decline 402, wrong tenant credentials 409, a base URL whose
 * address the outbound policy refuses 422; when the gateway itself failed or was too slow it is
 * 502 / 504 — not the caller's fault, and safe to retry. The client gets our own words only; what
 * the gateway answered is logged (warn) under the request id, never echoed.
 */
export function gatewayFailure(log: GatewayLog, ctx: { requestId: string; tenantId: string }) {
  return (err: unknown): never => {
    if (err instanceof GatewayError) {
      log.warn(
        {
          reqId: ctx.requestId,
          tenantId: ctx.tenantId,
          gateway: err.gateway,
          kind: err.kind,
          httpStatus: err.httpStatus,
          upstream: err.upstream,
        },
        `gateway call failed: ${err.message}`,
      );
      throw new AppError(FAILURE_CODES[err.kind], `${err.gateway}: ${err.message}`, {
        gateway: err.gateway,
        kind: err.kind,
        ...(err.httpStatus !== undefined ? { gatewayStatus: err.httpStatus } : {}),
      });
    }
    throw err;
  };
}

/** A gateway status report as an outcome for the state machine. */
export function statusOutcome(s: StatusResult) {
  return {
    status: s.status,
    gatewayStatus: s.gatewayStatus,
    ...(s.gatewayPaymentId ? { gatewayPaymentId: s.gatewayPaymentId } : {}),
    ...(s.cardBrand ? { cardBrand: s.cardBrand } : {}),
    ...(s.cardLast4 ? { cardLast4: s.cardLast4 } : {}),
    ...(s.failureReason ? { failureReason: s.failureReason } : {}),
  };
}

/** The payment's own columns; the order, actor and times are filled in by `insertPayment`. */
type PaymentValues = Omit<
  Insertable<DB['payments']>,
  | 'tenant_id'
  | 'order_id'
  | 'outlet_id'
  | 'register_id'
  | 'currency'
  | 'created_by'
  | 'created_at'
  | 'updated_at'
>;

/** The payment's row: its own columns with the order's, the actor's and the times. */
function paymentRow<V extends PaymentValues>(ctx: ServiceContext, order: PayableOrder, now: Date, values: V) {
  return {
    tenant_id: ctx.tenantId,
    order_id: order.id,
    outlet_id: order.outletId,
    register_id: order.registerId,
    currency: order.currency,
    created_by: actorRefOf(ctx.principal),
    created_at: now,
    updated_at: now,
    ...values,
  };
}

function alreadyExists(id: string | undefined): AppError {
  return new AppError('payments.already_exists', 'A payment with this id already exists.', { id });
}

/** Inserts a payment for a locked order; a client id used before is a 409. */
export async function insertPayment(
  tx: Tx,
  ctx: ServiceContext,
  order: PayableOrder,
  now: Date,
  values: PaymentValues,
) {
  const row = await repo.insertPayment(tx, paymentRow(ctx, order, now, values));
  if (!row) {
    throw alreadyExists(values.id);
  }
  return row;
}

/** A completed cash payment's own columns, its figures as numbers (its drawer movement is made of them). */
export type CashPaymentValues = PaymentValues & {
  id: string;
  method: 'cash';
  amount: number;
  rounding: number;
  tendered: number;
  change_given: number;
};

/**
 * Inserts a completed cash payment for a locked order and, in the same statement, its drawer
 * movement (the cash kept, into the register's open session): one round trip. Returns the payment
 * and the session the cash went into — null when the register has none open and the outlet does
 * not require one. A client id used before is a 409 (nothing written); an outlet that requires an
 * open session refuses cash without one, 422 `drawer.session_required` (the transaction rolls
 * back, the payment with it).
 */
export async function insertCashPayment(
  tx: Tx,
  ctx: ServiceContext,
  order: PayableOrder,
  now: Date,
  values: CashPaymentValues,
): Promise<{ payment: repo.PaymentRow; drawerSessionId: string | null }> {
  const row = paymentRow(ctx, order, now, values);
  const movement = cashMovementRow(ctx.tenantId, cashIn(row, now));
  const inserted = await repo.insertCashPayment(tx, row, movement);
  if (!inserted) {
    throw alreadyExists(values.id);
  }
  return {
    payment: inserted.payment,
    drawerSessionId: postedCashSession(inserted.drawer, order.registerId),
  };
}

/** Gateway payments: charge, cancel, ask for the status, confirm a browser checkout. */
export interface PaymentsDeps {
  clock: Clock;
  gateways: GatewayRegistry;
  accounts: GatewayAccounts;
  effects: PaymentEffects;
  /** Gateway failures are logged here (their upstream answers never reach a client). */
  log: GatewayLog;
  /** Public base URL of this server, for per-payment notification URLs (Midtrans). */
  publicUrl?: string;
}

export function createGatewayPaymentOps(deps: PaymentsDeps) {
  const { clock, gateways, accounts, effects } = deps;

  /** Creates the charge at the gateway (our payment id is its idempotency key) and records it. */
  async function charge(
    tx: Tx,
    ctx: ServiceContext,
    order: PayableOrder,
    input: CreatePaymentInput,
    id: string,
    figures: { amount: number; rounding: number },
  ): Promise<Settled | null> {
    const { amount, rounding } = figures;
    const name = input.gateway;
    if (!name) {
      throw new AppError('payments.invalid', 'Say which gateway.', { field: 'gateway' });
    }
    const adapter = gateways[name];
    const channel = input.channel ?? adapter.channels[0]!;
    if (!adapter.channels.includes(channel)) {
      throw new AppError('payments.invalid', `${name} does not take ${channel}.`, {
        field: 'channel',
        channels: adapter.channels,
      });
    }
    const creds = await accounts.credentials(tx, ctx.tenantId, name);
    if (!creds) {
      throw new AppError('payments.gateway_not_configured', `No enabled ${name} account is configured.`);
    }
    const tip = input.tipAmount ?? 0;
    const row = await insertPayment(tx, ctx, order, clock.now(), {
      id,
      complete_order: input.completeOrder ?? false,
      method: 'gateway',
      gateway: name,
      channel,
      status: 'pending',
      amount,
      rounding,
      tip_amount: tip,
    });
    const charge = await adapter
      .createCharge(creds, {
        paymentId: id,
        // What the customer is charged: the amount, rounded to what the gateway takes, and the tip.
        amount: amount + rounding + tip,
        currency: order.currency,
        channel,
        description: `Order ${order.id}`,
        ...(deps.publicUrl
          ? { notificationUrl: `${deps.publicUrl}/v1/payments/webhooks/${name}/${ctx.tenantId}` }
          : {}),
        ...(input.paymentMethod ? { paymentMethod: input.paymentMethod } : {}),
      })
      .catch(gatewayFailure(deps.log, ctx));
    await repo.updatePayment(tx, ctx.tenantId, row.id, {
      gateway_ref: charge.ref,
      gateway_status: charge.gatewayStatus,
      gateway_payment_id: charge.gatewayPaymentId ?? null,
      qr_string: charge.qrString ?? null,
      client_secret: charge.clientSecret ?? null,
      action_url: charge.actionUrl ?? null,
      expires_at: charge.expiresAt ? new Date(charge.expiresAt) : null,
    });
    if (charge.status === 'pending') {
      ctx.emit(paymentEvent('payment.created', paymentDto(await repo.getPaymentRow(tx, ctx.tenantId, id))));
      return null;
    }
    return effects.settle(tx, ctx, id, {
      status: charge.status,
      gatewayStatus: charge.gatewayStatus,
      source: 'request',
    });
  }

  return {
    charge,

    /** Cancels a payment still waiting for the customer (at the gateway first). */
    cancel: async (tx: Tx, ctx: ServiceContext, id: string): Promise<PaymentDto> => {
      const row = await repo.getPaymentRow(tx, ctx.tenantId, id);
      assertOutletAccess(ctx, row.outlet_id);
      if (!isOpenPayment(row.status as PaymentStatus)) {
        throw new AppError('payments.invalid_transition', `A ${row.status} payment cannot be canceled.`);
      }
      let status: StatusResult | null = null;
      if (row.gateway && row.gateway_ref) {
        const creds = await accounts.credentials(tx, ctx.tenantId, row.gateway as GatewayName, {
          includeDisabled: true,
        });
        if (creds) {
          status = await gateways[row.gateway as GatewayName]
            .cancel(creds, row.gateway_ref)
            .catch(gatewayFailure(deps.log, ctx));
        }
      }
      // The customer may have paid a moment ago: then the payment completes instead.
      const to =
        status && (status.status === 'completed' || status.status === 'authorized')
          ? status.status
          : 'canceled';
      await effects.settle(tx, ctx, id, {
        status: to,
        gatewayStatus: status?.gatewayStatus,
        failureReason: to === 'canceled' ? 'canceled by staff' : undefined,
        source: 'request',
      });
      return paymentDto(await repo.getPaymentRow(tx, ctx.tenantId, id));
    },

    /** Asks the gateway for the payment's status now and applies it (what the poller does). */
    refresh: async (tx: Tx, ctx: ServiceContext, id: string): Promise<PaymentDto> => {
      const row = await repo.getPaymentRow(tx, ctx.tenantId, id);
      assertOutletAccess(ctx, row.outlet_id);
      if (row.gateway && row.gateway_ref && isOpenPayment(row.status as PaymentStatus)) {
        const creds = await accounts.credentials(tx, ctx.tenantId, row.gateway as GatewayName, {
          includeDisabled: true,
        });
        if (creds) {
          const s = await gateways[row.gateway as GatewayName]
            .getStatus(creds, row.gateway_ref)
            .catch(gatewayFailure(deps.log, ctx));
          await effects.settle(tx, ctx, id, { ...statusOutcome(s), source: 'poll' });
        }
      }
      return paymentDto(await repo.getPaymentRow(tx, ctx.tenantId, id));
    },

    /**
     * Razorpay Checkout's success handler hands the browser a payment id and a signature; the
     * signature is checked against the order id *we stored* (never the one the browser sends) with
     * the API key secret, then the payment's status is taken from Razorpay itself.
     */
    confirmRazorpayCheckout: async (
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      input: { razorpayPaymentId: string; razorpaySignature: string },
    ): Promise<PaymentDto> => {
      const row = await repo.getPaymentRow(tx, ctx.tenantId, id);
      assertOutletAccess(ctx, row.outlet_id);
      if (row.gateway !== 'razorpay' || !row.gateway_ref) {
        throw new AppError('payments.invalid', 'This is not a Razorpay payment.', { field: 'id' });
      }
      const creds = await accounts.credentials(tx, ctx.tenantId, 'razorpay', { includeDisabled: true });
      if (
        !creds ||
        !verifyRazorpayCheckoutSignature(
          creds.secretKey,
          row.gateway_ref,
          input.razorpayPaymentId,
          input.razorpaySignature,
        )
      ) {
        throw new AppError('payments.checkout_signature_invalid', 'The checkout signature does not verify.');
      }
      if (isOpenPayment(row.status as PaymentStatus)) {
        const s = await gateways.razorpay
          .getStatus(creds, row.gateway_ref)
          .catch(gatewayFailure(deps.log, ctx));
        await effects.settle(tx, ctx, id, { ...statusOutcome(s), source: 'request' });
      }
      return paymentDto(await repo.getPaymentRow(tx, ctx.tenantId, id));
    },
  };
}
