import { Type, type Static } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Page } from '../../platform/http/pagination.ts';
import {
  Amount as MinorAmount,
  Body,
  Nullable,
  Quantity,
  Timestamp,
  Uuid,
} from '../../platform/http/schemas.ts';
import { GATEWAY_NAMES, type GatewayName } from './gateways/gateway.ts';

const Minor = Type.Integer();
const Amount = MinorAmount({ minimum: 1 });
const NonNegative = MinorAmount();
export const GatewayParam = Type.Union(GATEWAY_NAMES.map((g) => Type.Literal(g)));

export const CreatePaymentBody = Body({
  id: Type.Optional(Uuid),
  method: Type.Union([Type.Literal('cash'), Type.Literal('card'), Type.Literal('gateway')]),
  amount: Type.Optional(Amount),
  tipAmount: Type.Optional(NonNegative),
  tendered: Type.Optional(NonNegative),
  card: Type.Optional(
    Body({
      brand: Type.String({ minLength: 1, maxLength: 30 }),
      last4: Type.String({ pattern: '^[0-9]{4}$' }),
      approvalCode: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    }),
  ),
  gateway: Type.Optional(GatewayParam),
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 30, pattern: '^[a-z_]+$' })),
  paymentMethod: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_]+$' })),
  completeOrder: Type.Optional(Type.Boolean()),
});

/** What taking a payment takes: the request body as validated (the gateway union typed by name). */
export type CreatePaymentInput = Omit<Static<typeof CreatePaymentBody>, 'gateway'> & {
  gateway?: GatewayName;
};

export const PaymentSchema = Type.Object({
  id: Uuid,
  orderId: Uuid,
  outletId: Uuid,
  registerId: Nullable(Uuid),
  method: Type.String(),
  gateway: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  status: Type.String({ description: 'pending → authorized → completed, or failed / canceled' }),
  currency: Type.String(),
  amount: Minor,
  tipAmount: Minor,
  tendered: Nullable(Minor),
  change: Nullable(Minor),
  cashRounding: Type.Integer({ description: 'cash payments: the rounding (see rounding); 0 otherwise' }),
  rounding: Type.Integer({
    description:
      'what the tender took beyond amount + tip: cash rounding, or a card/gateway payment settling a balance with sen rounded up to whole rupiah (the practical increment)',
  }),
  card: Nullable(
    Type.Object({
      brand: Nullable(Type.String()),
      last4: Nullable(Type.String()),
      approvalCode: Nullable(Type.String()),
    }),
  ),
  gatewayRef: Nullable(Type.String()),
  gatewayPaymentId: Nullable(Type.String()),
  gatewayStatus: Nullable(Type.String()),
  qrString: Nullable(Type.String()),
  clientSecret: Nullable(Type.String()),
  actionUrl: Nullable(Type.String()),
  expiresAt: Nullable(Timestamp),
  failureReason: Nullable(Type.String()),
  refundedAmount: Minor,
  refundPendingAmount: Minor,
  refundableAmount: Minor,
  fees: Type.Object({ platform: Minor, processing: Minor, tenant: Minor }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  completedAt: Nullable(Timestamp),
});

const Due = {
  due: Type.Integer({ description: 'what this tender asks for to settle the payable amount' }),
  rounding: Type.Integer({ description: "due − payableAmount: the payment's rounding" }),
};
export const AmountDueSchema = Type.Object({
  orderId: Uuid,
  currency: Type.String(),
  balanceAmount: Minor,
  pendingAmount: Type.Integer({ description: 'held by gateway payments still waiting for the customer' }),
  payableAmount: Type.Integer({ description: 'balance − pending: what a new payment can settle' }),
  increment: Type.Integer({ description: 'the practical increment (IDR default 100 = Rp 1)' }),
  cashIncrement: Type.Integer({ description: 'the cash rounding increment, or the practical one' }),
  card: Type.Object(Due, { description: 'card terminal and gateway payments: rounded up to the increment' }),
  cash: Type.Object(
    { ...Due, quickTenders: Type.Array(Minor, { description: 'notes a customer is likely to hand over' }) },
    { description: 'cash: rounded half-up to the cash increment' },
  ),
});

export const CreateRefundBody = Body({
  id: Type.Optional(Uuid),
  amount: Type.Optional(Amount),
  lines: Type.Optional(
    Type.Array(
      Body({
        lineId: Uuid,
        quantity: Quantity(),
        restock: Type.Optional(Type.Boolean()),
      }),
      { minItems: 1, maxItems: 500 },
    ),
  ),
  destination: Type.Optional(Type.Union([Type.Literal('original'), Type.Literal('cash')])),
  reason: Type.String({ minLength: 1, maxLength: 500 }),
  approvalId: Type.Optional(Uuid),
});

export const RefundSchema = Type.Object({
  id: Uuid,
  paymentId: Uuid,
  orderId: Uuid,
  status: Type.String({ description: 'pending → completed or failed' }),
  destination: Type.String(),
  amount: Minor,
  rounding: Type.Integer({
    description:
      "the share of the payment's rounding given back: the tender returns amount + rounding (whole rupiah; all the payment took once refunded in full)",
  }),
  currency: Type.String(),
  reason: Type.String(),
  afterCompletion: Type.Boolean(),
  creditNoteNumber: Nullable(
    Type.Integer({
      description: 'official credit-note number, given when a refund of a completed sale completes',
    }),
  ),
  lines: Type.Array(
    Type.Object({ lineId: Uuid, quantity: Type.Integer(), amount: Minor, restock: Type.Boolean() }),
  ),
  feesReversed: Type.Object({ platform: Minor, processing: Minor }),
  gatewayRefundRef: Nullable(Type.String()),
  gatewayStatus: Nullable(Type.String()),
  failureReason: Nullable(Type.String()),
  createdAt: Timestamp,
  completedAt: Nullable(Timestamp),
});

export const GatewayAccountBody = Body({
  baseUrl: Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 500,
      description:
        "The gateway's API host when omitted (Midtrans: its sandbox for an `SB-` server key). Must resolve to public addresses only.",
    }),
  ),
  secretKey: Type.String({ minLength: 1, maxLength: 500 }),
  keyId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  webhookSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  enabled: Type.Optional(Type.Boolean()),
});
export const GatewayAccountSchema = Type.Object({
  gateway: Type.String(),
  baseUrl: Type.String(),
  keyId: Nullable(Type.String()),
  enabled: Type.Boolean(),
  channels: Type.Array(Type.String()),
  updatedAt: Timestamp,
});
export const GatewayParams = Type.Object({ gateway: GatewayParam });
export const WebhookParams = Type.Object({ gateway: GatewayParam, tenantId: Uuid });
export const WebhookAck = Type.Object({
  received: Type.Boolean(),
  outcome: Type.String(),
  eventId: Type.String(),
});

export const FeeScheduleBody = Body({
  platformPpm: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'parts per million: 20000 = 2%' }),
  processingPpm: Type.Integer({
    minimum: 0,
    maximum: 1_000_000,
    description: 'card and gateway payments only',
  }),
});
export const FeeScheduleSchema = Type.Object({
  platformPpm: Type.Integer(),
  processingPpm: Type.Integer(),
  updatedAt: Nullable(Timestamp),
});

export const PeriodQuery = Type.Object({ from: Timestamp, to: Timestamp });

const SettlementLine = Type.Object({
  currency: Type.String(),
  method: Type.String(),
  gateway: Nullable(Type.String()),
  payments: Type.Integer(),
  gross: Minor,
  tips: Minor,
  refunds: Type.Integer(),
  refunded: Minor,
  platformFees: Minor,
  processingFees: Minor,
  tenantNet: Minor,
});
export const SettlementSchema = Type.Object({
  tenantId: Uuid,
  from: Timestamp,
  to: Timestamp,
  feeSchedule: Type.Object({ platformPpm: Type.Integer(), processingPpm: Type.Integer() }),
  lines: Type.Array(SettlementLine),
  totals: Type.Array(
    Type.Object({
      currency: Type.String(),
      gross: Minor,
      refunded: Minor,
      tips: Minor,
      platformFees: Minor,
      processingFees: Minor,
      tenantNet: Minor,
    }),
  ),
});

export const RazorpayCheckoutBody = Body({
  razorpayPaymentId: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_]+$' }),
  razorpayOrderId: Type.Optional(
    Type.String({ maxLength: 100, description: 'ignored: the stored order id is used' }),
  ),
  razorpaySignature: Type.String({ minLength: 1, maxLength: 200, pattern: '^[0-9a-fA-F]+$' }),
});

export const PaymentPage = Page('PaymentPage', PaymentSchema, "A page of an order's payments, oldest first");
export const RefundPage = Page('RefundPage', RefundSchema, "A page of a payment's refunds, oldest first");
export const GatewayAccountPage = Page(
  'GatewayAccountPage',
  GatewayAccountSchema,
  'A page of gateway accounts',
);
/** A QR code image, as sent (the media type is in the document). */
export const QrImage = (format: 'svg' | 'png') =>
  Type.Unsafe<string | Buffer>(
    Type.String({
      format: 'binary',
      description: format === 'svg' ? 'The QR code as an SVG image' : 'The QR code as a PNG image',
    }),
  );

nameSchemas({
  CreatePaymentRequest: CreatePaymentBody,
  Payment: PaymentSchema,
  AmountDue: AmountDueSchema,
  PaymentFees: PaymentSchema.properties.fees,
  CreateRefundRequest: CreateRefundBody,
  Refund: RefundSchema,
  RefundLine: RefundSchema.properties.lines.items,
  ConfigureGatewayRequest: GatewayAccountBody,
  GatewayAccount: GatewayAccountSchema,
  GatewayNotificationAck: WebhookAck,
  SetFeeScheduleRequest: FeeScheduleBody,
  FeeSchedule: FeeScheduleSchema,
  Settlement: SettlementSchema,
  SettlementLine,
  ConfirmRazorpayCheckoutRequest: RazorpayCheckoutBody,
});
