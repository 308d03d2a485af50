import type { PaymentRow, RefundRow } from './payments.repo.ts';

const num = (v: string | number) => Number(v);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A payment as the API shows it. Secrets never appear; the Stripe client secret is the customer's to use. */
export function paymentDto(p: PaymentRow) {
  const amount = num(p.amount);
  const refunded = num(p.refunded_amount);
  const completed = p.status === 'completed';
  const feePlatform = num(p.fee_platform);
  const feeProcessing = num(p.fee_processing);
  return {
    id: p.id,
    orderId: p.order_id,
    outletId: p.outlet_id,
    registerId: p.register_id,
    method: p.method,
    gateway: p.gateway,
    channel: p.channel,
    status: p.status,
    currency: p.currency,
    amount,
    tipAmount: num(p.tip_amount),
    /** Cash: what was handed over, the change given, and the cash rounding (received − amount). */
    tendered: p.tendered === null ? null : num(p.tendered),
    change: p.change_given === null ? null : num(p.change_given),
    cashRounding: p.method === 'cash' ? num(p.rounding) : 0,
    /** Any tender: what it took beyond the amount and tip (negative when cash rounded down). */
    rounding: num(p.rounding),
    card:
      p.card_brand || p.card_last4 || p.approval_code
        ? { brand: p.card_brand, last4: p.card_last4, approvalCode: p.approval_code }
        : null,
    gatewayRef: p.gateway_ref,
    gatewayPaymentId: p.gateway_payment_id,
    gatewayStatus: p.gateway_status,
    qrString: p.qr_string,
    clientSecret: p.client_secret,
    actionUrl: p.action_url,
    expiresAt: iso(p.expires_at),
    failureReason: p.failure_reason,
    refundedAmount: refunded,
    refundPendingAmount: num(p.refund_pending_amount),
    refundableAmount: completed ? amount - refunded - num(p.refund_pending_amount) : 0,
    fees: {
      platform: feePlatform - num(p.fee_platform_reversed),
      processing: feeProcessing - num(p.fee_processing_reversed),
      tenant: completed
        ? amount -
          refunded -
          (feePlatform - num(p.fee_platform_reversed)) -
          (feeProcessing - num(p.fee_processing_reversed))
        : 0,
    },
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
    completedAt: iso(p.completed_at),
  };
}
export type PaymentDto = ReturnType<typeof paymentDto>;

export interface RefundLineRow {
  order_line_id: string;
  quantity: number;
  amount: string;
  restock: boolean;
}

export function refundDto(r: RefundRow, lines: readonly RefundLineRow[]) {
  return {
    id: r.id,
    paymentId: r.payment_id,
    orderId: r.order_id,
    status: r.status,
    destination: r.destination,
    amount: num(r.amount),
    rounding: num(r.rounding),
    currency: r.currency,
    reason: r.reason,
    creditNoteNumber: r.credit_note_number === null ? null : num(r.credit_note_number),
    afterCompletion: r.after_completion,
    lines: lines.map((l) => ({
      lineId: l.order_line_id,
      quantity: l.quantity,
      amount: num(l.amount),
      restock: l.restock,
    })),
    feesReversed: { platform: num(r.fee_platform_reversed), processing: num(r.fee_processing_reversed) },
    gatewayRefundRef: r.gateway_refund_ref,
    gatewayStatus: r.gateway_status,
    failureReason: r.failure_reason,
    createdAt: r.created_at.toISOString(),
    completedAt: iso(r.completed_at),
  };
}
export type RefundDto = ReturnType<typeof refundDto>;
