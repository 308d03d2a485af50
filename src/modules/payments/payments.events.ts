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
