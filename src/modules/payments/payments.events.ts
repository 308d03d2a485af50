import type { EventInput } from '../../platform/events/events.ts';
import type { PaymentDto, RefundDto } from './payment-view.ts';

export const PAYMENT_EVENT_TYPES = [
  'payment.created',
  'payment.authorized',
  'payment.completed',
  'payment.failed',
  'payment.canceled',
  'payment.refunded',
  'payment.refund_failed',
] as const;
export type PaymentEventType = (typeof PAYMENT_EVENT_TYPES)[number];

/** Payload (version 1): the payment after the change — no secrets; the client secret is left out. */
function paymentPayload(p: PaymentDto) {
  const { clientSecret: _secret, ...rest } = p;
  return rest;
}

export function paymentEvent(
  type: Exclude<PaymentEventType, 'payment.refunded' | 'payment.refund_failed'>,
  p: PaymentDto,
): EventInput {
  return {
    type,
    version: 1,
    topic: 'payments',
    outletId: p.outletId,
    registerId: p.registerId,
    orderId: p.orderId,
    payload: { ...paymentPayload(p) },
  };
}

export function refundEvent(
  type: 'payment.refunded' | 'payment.refund_failed',
  p: PaymentDto,
  r: RefundDto,
): EventInput {
  return {
    type,
    version: 1,
    topic: 'payments',
    outletId: p.outletId,
    registerId: p.registerId,
    orderId: p.orderId,
    payload: { payment: paymentPayload(p), refund: { ...r } },
  };
}

/** An `alert` about a payment that needs a person (late money, an amount that does not match …). */
export function paymentAlert(
  payment: { id: string; outlet_id: string; order_id: string },
  kind: 'payment.late_success' | 'payment.on_canceled_order' | 'payment.amount_mismatch',
  message: string,
): EventInput {
  return {
    type: 'alert',
    version: 1,
    topic: 'alerts',
    outletId: payment.outlet_id,
    orderId: payment.order_id,
    payload: { kind, message, paymentId: payment.id },
  };
}
