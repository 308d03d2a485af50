import { Type, type Static } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Page, pageQuery } from '../../platform/http/pagination.ts';
import { Amount, Body, Nullable, Timestamp, Uuid } from '../../platform/http/schemas.ts';

const MAX_QTY = 1_000_000_000_000;
const Base = Type.Integer({ description: 'base units: thousandths of a gram, millilitre or piece' });
const Amt = Type.Object(
  {
    quantity: Type.Integer({ minimum: 1, maximum: MAX_QTY }),
    unit: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, description: 'a unit of the item, `purchase` or `base`' }),
    ),
  },
  { additionalProperties: false },
);
const OccurredAt = Type.Optional(
  Type.String({ format: 'date-time', description: 'when it happened on the terminal; default now' }),
);
const Note = Type.Optional(Type.String({ minLength: 1, maxLength: 500 }));

export const SupplierSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  contact: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  createdAt: Timestamp,
});
export const SupplierBody = Body({
  id: Type.Optional(Uuid),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  contact: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  phone: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  email: Type.Optional(Type.String({ minLength: 3, maxLength: 200 })),
});
export type SupplierInput = Static<typeof SupplierBody>;

const PoStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('sent'),
  Type.Literal('partially_received'),
  Type.Literal('received'),
  Type.Literal('canceled'),
]);
export const PurchaseOrderSchema = Type.Object({
  id: Uuid,
  outletId: Uuid,
  supplierId: Uuid,
  supplierName: Type.String(),
  status: PoStatus,
  note: Nullable(Type.String()),
  createdAt: Timestamp,
  sentAt: Nullable(Timestamp),
  total: Type.Integer({ description: 'ordered cost, minor units' }),
  lines: Type.Array(
    Type.Object({
      id: Uuid,
      stockItemId: Uuid,
      name: Type.String(),
      stockUnit: Type.String(),
      purchaseUnit: Type.String(),
      purchaseUnitQty: Base,
      qtyOrdered: Base,
      costOrdered: Type.Integer(),
      qtyReceived: Base,
      costReceived: Type.Integer(),
    }),
  ),
});
export type PurchaseOrderDto = Static<typeof PurchaseOrderSchema>;

export const PurchaseOrderBody = Body({
  id: Type.Optional(Uuid),
  outletId: Uuid,
  supplierId: Uuid,
  note: Note,
  lines: Type.Array(
    Type.Object(
      {
        stockItemId: Uuid,
        amount: Amt,
        cost: Amount({ description: 'the cost of this quantity, minor units' }),
      },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 200 },
  ),
});
export type PurchaseOrderInput = Static<typeof PurchaseOrderBody>;

export const ReceiveBody = Body({
  occurredAt: OccurredAt,
  note: Note,
  lines: Type.Array(
    Type.Object(
      {
        lineId: Uuid,
        amount: Amt,
        cost: Type.Optional(
          Amount({ description: 'what this quantity cost; default its share of the ordered cost' }),
        ),
      },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 200 },
  ),
});
export type ReceiveInput = Static<typeof ReceiveBody>;

export const PurchaseOrdersQuery = Type.Object(
  { ...pageQuery(), outletId: Type.Optional(Uuid), status: Type.Optional(PoStatus) },
  { additionalProperties: false },
);

export const TransferSchema = Type.Object({
  id: Uuid,
  fromOutletId: Uuid,
  toOutletId: Uuid,
  status: Type.Union([Type.Literal('in_transit'), Type.Literal('received')]),
  note: Nullable(Type.String()),
  sentAt: Timestamp,
  receivedAt: Nullable(Timestamp),
  value: Type.Integer({ description: 'the cost that left the sending outlet' }),
  lines: Type.Array(
    Type.Object({
      stockItemId: Uuid,
      name: Type.String(),
      stockUnit: Type.String(),
      qty: Base,
      value: Type.Integer(),
    }),
  ),
});
export type TransferDto = Static<typeof TransferSchema>;

export const TransferBody = Body({
  id: Type.Optional(Uuid),
  fromOutletId: Uuid,
  toOutletId: Uuid,
  occurredAt: OccurredAt,
  note: Note,
  lines: Type.Array(Type.Object({ stockItemId: Uuid, amount: Amt }, { additionalProperties: false }), {
    minItems: 1,
    maxItems: 200,
  }),
});
export type TransferInput = Static<typeof TransferBody>;
export const ReceiveTransferBody = Body({ occurredAt: OccurredAt });

export const TransfersQuery = Type.Object(
  { ...pageQuery(), outletId: Type.Optional(Uuid), status: Type.Optional(TransferSchema.properties.status) },
  { additionalProperties: false },
);

nameSchemas({
  Supplier: SupplierSchema,
  SupplierRequest: SupplierBody,
  PurchaseOrder: PurchaseOrderSchema,
  PurchaseOrderRequest: PurchaseOrderBody,
  ReceivePurchaseOrderRequest: ReceiveBody,
  StockTransfer: TransferSchema,
  StockTransferRequest: TransferBody,
  ReceiveStockTransferRequest: ReceiveTransferBody,
});

export const SupplierPage = Page('SupplierPage', SupplierSchema, 'A page of suppliers, by name');
export const PurchaseOrderPage = Page(
  'PurchaseOrderPage',
  PurchaseOrderSchema,
  'A page of purchase orders, newest first',
);
export const StockTransferPage = Page(
  'StockTransferPage',
  TransferSchema,
  'A page of stock transfers, newest first',
);
