import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { roundToIncrement } from '../../platform/money/rounding.ts';
import { assertOutletAccess } from '../identity/index.ts';
import { loadOrderDto, lockOrderForMoney, type PayableOrder } from '../orders/index.ts';
import type { GatewayAccounts } from './gateway-accounts.ts';
import { verifyRazorpayCheckoutSignature } from './gateways/razorpay.ts';
import { GatewayError, type GatewayName, type GatewayRegistry, type StatusResult } from './gateways/index.ts';
import type { PaymentEffects, Settled } from './payment-effects.ts';
import { isOpenPayment, type PaymentStatus } from './payment-state.ts';
import { paymentDto, type PaymentDto } from './payment-view.ts';
import * as repo from './payments.repo.ts';
import { paymentEvent } from './payments.events.ts';
import { qrPng, qrSvg } from './qr.ts';

export interface CreatePaymentInput {
  id?: string;
  method: 'cash' | 'card' | 'gateway';
  /** Applied to the balance; default: all that is still payable. */
  amount?: number;
  tipAmount?: number;
  /** Cash handed over. */
  tendered?: number;
  card?: { brand: string; last4: string; approvalCode?: string };
  gateway?: GatewayName;
  channel?: string;
  /** Stripe: confirm at once with this payment method. */
  paymentMethod?: string;
  /** Complete the order when this payment settles its balance. */
  completeOrder?: boolean;
}

export interface PaymentsDeps {
  clock: Clock;
  gateways: GatewayRegistry;
  accounts: GatewayAccounts;
  effects: PaymentEffects;
  /** Public base URL of this server, for per-payment notification URLs (Midtrans). */
  publicUrl?: string;
}

/**
 * Maps a gateway failure to our error: a request the gateway refused as invalid (e.g. sen on a
 * rupiah-only QRIS charge) is 422, a decline 402, wrong tenant credentials 409; when the gateway
 * itself failed or was too slow it is 502 / 504 — not the caller's fault, and safe to retry.
 */
export function gatewayFailure(err: unknown): never {
  if (err instanceof GatewayError) {
    const code = {
      invalid_request: 'payments.gateway_rejected',
      declined: 'payments.declined',
      auth: 'payments.gateway_auth_failed',
      timeout: 'payments.gateway_timeout',
      unavailable: 'payments.gateway_error',
      not_found: 'payments.gateway_error',
    }[err.kind];
    throw new AppError(code, `${err.gateway}: ${err.message}`, { gateway: err.gateway, kind: err.kind });
  }
  throw err;
}

/** Taking payments: cash, card on an external terminal, and gateway payments (QRIS, e-wallets, cards). */
export function createPaymentsService(deps: PaymentsDeps) {
  const { clock, gateways, accounts, effects } = deps;

  async function get(db: Executor, ctx: ServiceContext, id: string): Promise<PaymentDto> {
    const row = await repo.getPaymentRow(db, ctx.tenantId, id);
    assertOutletAccess(ctx, row.outlet_id);
    return paymentDto(row);
  }

  /** Checks the order takes money and works out what this payment may apply. */
  async function payable(tx: Tx, ctx: ServiceContext, order: PayableOrder, amount: number | undefined) {
    assertOutletAccess(ctx, order.outletId);
    if (order.status !== 'open' && order.status !== 'sent') {
      throw new AppError('payments.order_not_payable', `A ${order.status} order takes no payments.`);
    }
    const available = order.balance - (await repo.reservedAmount(tx, ctx.tenantId, order.id));
    if (available <= 0) {
      throw new AppError('payments.nothing_to_pay', 'The order has no balance left to pay.', {
        balanceAmount: order.balance,
      });
    }
    if (amount !== undefined && amount > available) {
      throw new AppError(
        'payments.amount_exceeds_balance',
        'The payment is more than the balance left to pay.',
        {
          amount,
          available,
        },
      );
    }
    return available;
  }

  async function insertPayment(
    tx: Tx,
    ctx: ServiceContext,
    order: PayableOrder,
    values: Record<string, unknown>,
  ) {
    const now = clock.now();
    const row = await tx
      .insertInto('payments')
      .values({
        tenant_id: ctx.tenantId,
        order_id: order.id,
        outlet_id: order.outletId,
        register_id: order.registerId,
        currency: order.currency,
        created_by: `${ctx.principal.kind}:${actorId(ctx)}`,
        created_at: now,
        updated_at: now,
        ...(values as { id: string; method: string; status: string; amount: number }),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      throw new AppError('payments.already_exists', 'A payment with this id already exists.', {
        id: values.id,
      });
    }
    return row;
  }

  function cashFigures(input: CreatePaymentInput, order: PayableOrder, available: number) {
    if (input.tendered === undefined) {
      throw new AppError('payments.invalid', 'A cash payment needs the amount tendered.', {
        field: 'tendered',
      });
    }
    if (input.tipAmount) {
      throw new AppError('payments.invalid', 'Tips are taken on card and e-wallet payments.', {
        field: 'tipAmount',
      });
    }
    // Settling the whole balance in cash rounds it to the cash increment; a part payment is exact.
    const settleDue = roundToIncrement(available, order.cashRoundingIncrement, 'half_up');
    const settles = input.amount === undefined ? input.tendered >= settleDue : input.amount === available;
    if (settles) {
      if (input.tendered < settleDue) {
        throw new AppError('payments.tendered_insufficient', 'Less cash was tendered than is due.', {
          due: settleDue,
          tendered: input.tendered,
        });
      }
      return { amount: available, rounding: settleDue - available, change: input.tendered - settleDue };
    }
    if (input.amount === undefined && input.tendered >= available) {
      // Enough for the exact balance but short of the cash-rounded due: not a part payment.
      throw new AppError('payments.tendered_insufficient', 'Less cash was tendered than is due.', {
        due: settleDue,
        tendered: input.tendered,
      });
    }
    const amount = input.amount ?? input.tendered;
    if (amount <= 0) {
      throw new AppError('payments.invalid', 'Tender an amount greater than zero.', { field: 'tendered' });
    }
    if (input.tendered < amount) {
      throw new AppError('payments.tendered_insufficient', 'Less cash was tendered than the amount.', {
        due: amount,
        tendered: input.tendered,
      });
    }
    return { amount, rounding: 0, change: input.tendered - amount };
  }

  async function createGatewayPayment(
    tx: Tx,
    ctx: ServiceContext,
    order: PayableOrder,
    input: CreatePaymentInput,
    id: string,
    amount: number,
  ): Promise<Settled | null> {
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
    const row = await insertPayment(tx, ctx, order, {
      id,
      complete_order: input.completeOrder ?? false,
      method: 'gateway',
      gateway: name,
      channel,
      status: 'pending',
      amount,
      tip_amount: tip,
    });
    const charge = await adapter
      .createCharge(creds, {
        paymentId: id,
        amount: amount + tip,
        currency: order.currency,
        channel,
        description: `Order ${order.id}`,
        ...(deps.publicUrl
          ? { notificationUrl: `${deps.publicUrl}/v1/payments/webhooks/${name}/${ctx.tenantId}` }
          : {}),
        ...(input.paymentMethod ? { paymentMethod: input.paymentMethod } : {}),
      })
      .catch(gatewayFailure);
    await tx
      .updateTable('payments')
      .set({
        gateway_ref: charge.ref,
        gateway_status: charge.gatewayStatus,
        gateway_payment_id: charge.gatewayPaymentId ?? null,
        qr_string: charge.qrString ?? null,
        client_secret: charge.clientSecret ?? null,
        action_url: charge.actionUrl ?? null,
        expires_at: charge.expiresAt ? new Date(charge.expiresAt) : null,
      })
      .where('tenant_id', '=', ctx.tenantId)
      .where('id', '=', row.id)
      .execute();
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
    get,

    async list(db: Executor, ctx: ServiceContext, orderId: string): Promise<PaymentDto[]> {
      const order = await loadOrderDto(db, ctx.tenantId, orderId);
      assertOutletAccess(ctx, order.outletId);
      return (await repo.listPaymentRows(db, ctx.tenantId, orderId)).map(paymentDto);
    },

    /**
     * Takes a payment on an order. Cash and card complete at once; a gateway payment is created at
     * the gateway (our payment id is its idempotency key) and completes when the gateway says so.
     * The order is locked throughout, so two payments never both take the same balance.
     */
    async create(tx: Tx, ctx: ServiceContext, orderId: string, input: CreatePaymentInput) {
      const order = await lockOrderForMoney(tx, ctx.tenantId, orderId);
      const available = await payable(tx, ctx, order, input.amount);
      const id = input.id ?? newId();
      let settled: Settled | null;
      if (input.method === 'cash') {
        const cash = cashFigures(input, order, available);
        const payment = await insertPayment(tx, ctx, order, {
          id,
          complete_order: input.completeOrder ?? false,
          method: 'cash',
          status: 'pending',
          amount: cash.amount,
          tendered: input.tendered,
          change_given: cash.change,
          cash_rounding: cash.rounding,
        });
        settled = await effects.settle(
          tx,
          ctx,
          id,
          { status: 'completed', source: 'request' },
          { order, payment },
        );
      } else if (input.method === 'card') {
        if (!input.card) {
          throw new AppError('payments.invalid', 'A card payment records the card brand and last 4 digits.', {
            field: 'card',
          });
        }
        const payment = await insertPayment(tx, ctx, order, {
          id,
          complete_order: input.completeOrder ?? false,
          method: 'card',
          status: 'pending',
          amount: input.amount ?? available,
          tip_amount: input.tipAmount ?? 0,
          card_brand: input.card.brand,
          card_last4: input.card.last4,
          approval_code: input.card.approvalCode ?? null,
        });
        settled = await effects.settle(
          tx,
          ctx,
          id,
          { status: 'completed', source: 'request' },
          { order, payment },
        );
      } else {
        settled = await createGatewayPayment(tx, ctx, order, input, id, input.amount ?? available);
      }
      const payment = settled?.payment ?? (await repo.getPaymentRow(tx, ctx.tenantId, id));
      return paymentDto(payment);
    },

    /** Cancels a payment still waiting for the customer (at the gateway first). */
    async cancel(tx: Tx, ctx: ServiceContext, id: string): Promise<PaymentDto> {
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
            .catch(gatewayFailure);
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
    async refresh(tx: Tx, ctx: ServiceContext, id: string): Promise<PaymentDto> {
      const row = await repo.getPaymentRow(tx, ctx.tenantId, id);
      assertOutletAccess(ctx, row.outlet_id);
      if (row.gateway && row.gateway_ref && isOpenPayment(row.status as PaymentStatus)) {
        const creds = await accounts.credentials(tx, ctx.tenantId, row.gateway as GatewayName, {
          includeDisabled: true,
        });
        if (creds) {
          const s = await gateways[row.gateway as GatewayName]
            .getStatus(creds, row.gateway_ref)
            .catch(gatewayFailure);
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
    async confirmRazorpayCheckout(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      input: { razorpayPaymentId: string; razorpaySignature: string },
    ): Promise<PaymentDto> {
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
        const s = await gateways.razorpay.getStatus(creds, row.gateway_ref).catch(gatewayFailure);
        await effects.settle(tx, ctx, id, { ...statusOutcome(s), source: 'request' });
      }
      return paymentDto(await repo.getPaymentRow(tx, ctx.tenantId, id));
    },

    /** The payment's QR code (QRIS, UPI) as SVG or PNG. */
    async qr(db: Executor, ctx: ServiceContext, id: string, format: 'svg' | 'png') {
      const row = await repo.getPaymentRow(db, ctx.tenantId, id);
      assertOutletAccess(ctx, row.outlet_id);
      if (!row.qr_string) {
        throw new AppError('payments.qr_not_found', 'This payment has no QR code.');
      }
      return format === 'svg' ? qrSvg(row.qr_string) : qrPng(row.qr_string);
    },
  };
}
export type PaymentsService = ReturnType<typeof createPaymentsService>;

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

function actorId(ctx: ServiceContext): string {
  const p = ctx.principal;
  return p.kind === 'user' ? p.userId : p.kind === 'api_key' ? p.apiKeyId : p.deviceId;
}
