import { Type, type Static } from 'typebox';
import { CreateOrderBody, LineInput } from '../orders/index.ts';
import { CreatePaymentBody } from '../payments/index.ts';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Page, pageQuery } from '../../platform/http/pagination.ts';
import {
  Amount,
  Body,
  MAX_AMOUNT,
  Nullable,
  Quantity,
  Timestamp,
  Uuid,
} from '../../platform/http/schemas.ts';

const Minor = Type.Integer({ description: 'minor units' });
const ReceiptNumber = Type.Integer({ minimum: 1, maximum: MAX_AMOUNT });
const CatalogVersion = Type.String({ pattern: '^[0-9]{1,19}$', description: 'catalog version' });

/** What the register's cached catalog said about a line when it sold it offline. */
export const SoldLineSchema = Body({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  variantName: Type.String({ maxLength: 200 }),
  unitPrice: Amount(),
  modifiers: Type.Array(
    Body({
      optionId: Uuid,
      groupId: Uuid,
      groupName: Type.String({ maxLength: 200 }),
      name: Type.String({ maxLength: 200 }),
      price: Amount(),
    }),
    { maxItems: 50 },
  ),
  taxRates: Type.Array(
    Body({
      id: Uuid,
      name: Type.String({ maxLength: 200 }),
      ratePpm: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
      inclusive: Type.Boolean(),
    }),
    { maxItems: 20 },
  ),
});

/** A line of an offline sale: the line as `POST /v1/orders` takes it (its id required), and as it was sold. */
export const OfflineLine = Body({
  ...LineInput.properties,
  id: Uuid,
  sold: SoldLineSchema,
});

const order = CreateOrderBody.properties;
const tender = CreatePaymentBody.properties;

/** A tender taken offline: cash or a card on an external terminal (gateways need the network). */
export const OfflineTender = Body({
  id: Uuid,
  method: Type.Union([Type.Literal('cash'), Type.Literal('card')]),
  amount: tender.amount,
  tipAmount: tender.tipAmount,
  tendered: tender.tendered,
  card: tender.card,
});

/** A refund given offline, after the sale completed (cash back from the drawer, or to the card). */
export const OfflineRefund = Body({
  id: Uuid,
  paymentId: Type.String({ format: 'uuid', description: "the id of one of this sale's tenders" }),
  amount: Type.Optional(Amount({ minimum: 1 })),
  lines: Type.Optional(
    Type.Array(Body({ lineId: Uuid, quantity: Quantity(), restock: Type.Optional(Type.Boolean()) }), {
      minItems: 1,
      maxItems: 500,
    }),
  ),
  destination: Type.Optional(Type.Union([Type.Literal('original'), Type.Literal('cash')])),
  reason: Type.String({ minLength: 1, maxLength: 500 }),
  deviceTime: Timestamp,
});

/** One complete sale made offline: the order, its tenders, the refunds given later, as the register recorded them. */
export const OfflineSale = Body({
  clientId: Type.String({
    format: 'uuid',
    description: 'the id the register gave the sale; becomes the order id',
  }),
  sequence: Type.Integer({
    minimum: 1,
    maximum: MAX_AMOUNT,
    description: "the device's sale counter",
  }),
  deviceTime: Timestamp,
  catalogVersion: CatalogVersion,
  blockId: Uuid,
  receiptNumber: ReceiptNumber,
  total: Amount({ description: 'what the register charged' }),
  diningOption: order.diningOption,
  tableRef: order.tableRef,
  customerName: order.customerName,
  guestCount: order.guestCount,
  notes: order.notes,
  discounts: order.discounts,
  lines: Type.Array(OfflineLine, { minItems: 1, maxItems: 500 }),
  payments: Type.Array(OfflineTender, { minItems: 1, maxItems: 10 }),
  refunds: Type.Optional(Type.Array(OfflineRefund, { maxItems: 20 })),
});
export type OfflineSaleInput = Static<typeof OfflineSale>;

export const SyncSalesBody = Body({
  sales: Type.Array(OfflineSale, {
    minItems: 1,
    maxItems: 200,
    description: "recorded in the device's sequence order, each once (by clientId)",
  }),
});
export type SyncSalesInput = Static<typeof SyncSalesBody>;

export const ReasonSchema = Type.Object({
  code: Type.String({
    description:
      '`price_changed`, `tax_changed`, `item_sold_out`, `item_unavailable` (the sale stood), or the code of the error that refused it',
  }),
  message: Type.String(),
  lineId: Type.Optional(Uuid),
  itemId: Type.Optional(Uuid),
  paid: Type.Optional(Minor),
  current: Type.Optional(Minor),
});

const RefundResult = Type.Object({
  id: Uuid,
  status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate'), Type.Literal('conflict')]),
  reasons: Type.Array(ReasonSchema),
});

export const SaleResult = Type.Object({
  clientId: Uuid,
  sequence: Type.Integer(),
  status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate'), Type.Literal('conflict')], {
    description:
      '`accepted`: recorded now; `duplicate`: recorded (or refused) by an earlier upload, nothing changed; `conflict`: refused, a report was raised',
  }),
  outcome: Type.Union([Type.Literal('accepted'), Type.Literal('refused')]),
  orderId: Nullable(Uuid),
  receiptNumber: Type.Integer(),
  reasons: Type.Array(ReasonSchema),
  refunds: Type.Array(RefundResult),
});
export type SaleResultDto = Static<typeof SaleResult>;
export const SyncSalesResult = Type.Object({ results: Type.Array(SaleResult) });

export const ReserveBlockBody = Body({
  size: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 500, description: 'how many numbers (default 50)' }),
  ),
});

export const ReceiptBlockSchema = Type.Object({
  id: Uuid,
  deviceId: Uuid,
  registerId: Uuid,
  outletId: Uuid,
  firstNumber: Type.Integer(),
  lastNumber: Type.Integer(),
  used: Type.Integer({ description: 'numbers used by synced sales' }),
  releasedAt: Nullable(Timestamp),
  voidedNumbers: Type.Array(Type.Integer(), { description: 'numbers no sale used, void since the release' }),
  createdAt: Timestamp,
});
export type ReceiptBlockDto = Static<typeof ReceiptBlockSchema>;

export const SyncReportSchema = Type.Object({
  id: Uuid,
  outletId: Uuid,
  registerId: Uuid,
  deviceId: Uuid,
  saleId: Uuid,
  refundId: Nullable(Uuid),
  outcome: Type.Union([Type.Literal('accepted'), Type.Literal('refused')]),
  receiptNumber: Nullable(Type.Integer()),
  catalogVersion: Nullable(Type.String()),
  reasons: Type.Array(ReasonSchema),
  createdAt: Timestamp,
});
export type SyncReportDto = Static<typeof SyncReportSchema>;
export const SyncReportPage = Page('SyncReportPage', SyncReportSchema, 'Sync conflict reports, newest first');
export const SyncReportQuery = Type.Object(
  { ...pageQuery(), outletId: Type.Optional(Uuid) },
  { additionalProperties: false },
);

nameSchemas({
  SyncSalesRequest: SyncSalesBody,
  OfflineSale,
  OfflineLine,
  SoldLine: SoldLineSchema,
  OfflineTender,
  OfflineRefund,
  SyncReason: ReasonSchema,
  SyncSaleResult: SaleResult,
  SyncSalesResult,
  ReserveReceiptBlockRequest: ReserveBlockBody,
  ReceiptBlock: ReceiptBlockSchema,
  SyncReport: SyncReportSchema,
});
