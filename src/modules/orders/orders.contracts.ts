import { Type, type Static } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Page, pageQuery } from '../../platform/http/pagination.ts';
import { Amount, Body, Int32, Nullable, Quantity, Timestamp, Uuid } from '../../platform/http/schemas.ts';

const Minor = Type.Integer();
const DiningOption = Type.Union([
  Type.Literal('dine_in'),
  Type.Literal('takeaway'),
  Type.Literal('delivery'),
]);
const Version = Type.Optional(Int32({ description: 'the version you loaded: a stale one is a 409' }));
const Text = (max: number) => Nullable(Type.String({ maxLength: max }));

export const DiscountInput = Body({
  discountId: Uuid,
  value: Type.Optional(Amount()),
});
/**
 * Line fields kept as the client sent them (`LINE_EXTRAS` in order-record.ts): optional on a new
 * line, returned as stored (null when not sent).
 */
const LineExtraFields = {
  notes: Text(500),
  course: Nullable(
    Type.Integer({ minimum: 1, maximum: 100, description: 'the course it is served in: 1, 2, …' }),
  ),
  seat: Nullable(Type.Integer({ minimum: 1, maximum: 1000, description: 'the seat (guest) who ordered it' })),
};
export const LineInput = Body({
  id: Type.Optional(Uuid),
  itemId: Uuid,
  variantId: Uuid,
  quantity: Quantity(),
  modifierOptionIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
  ...Type.Partial(Type.Object(LineExtraFields)).properties,
  discounts: Type.Optional(Type.Array(DiscountInput, { maxItems: 10 })),
});
const header = {
  tableRef: Type.Optional(Text(50)),
  customerName: Type.Optional(Text(100)),
  guestCount: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1000 }))),
  notes: Type.Optional(Text(1000)),
};
export const CreateOrderBody = Body({
  id: Type.Optional(Uuid),
  outletId: Uuid,
  registerId: Type.Optional(Nullable(Uuid)),
  diningOption: DiningOption,
  ...header,
  lines: Type.Array(LineInput, { maxItems: 500 }),
  discounts: Type.Optional(Type.Array(DiscountInput, { maxItems: 10 })),
  approvalId: Type.Optional(Uuid),
});
export const UpdateOrderBody = Body({
  version: Version,
  diningOption: Type.Optional(DiningOption),
  ...header,
  discounts: Type.Optional(Type.Array(DiscountInput, { maxItems: 10 })),
  approvalId: Type.Optional(Uuid),
});
export const AddLinesBody = Body({
  version: Version,
  lines: Type.Array(LineInput, { minItems: 1, maxItems: 500 }),
  approvalId: Type.Optional(Uuid),
});
export const UpdateLineBody = Body({
  version: Version,
  quantity: Type.Optional(Quantity()),
  notes: Type.Optional(Text(500)),
});
export const VoidLineBody = Body({
  version: Version,
  reason: Type.String({ minLength: 1, maxLength: 200 }),
  approvalId: Type.Optional(Uuid),
});
export const TransitionBody = Body({ version: Version });
export const CancelBody = Body({
  version: Version,
  reason: Type.String({ minLength: 1, maxLength: 200 }),
  approvalId: Type.Optional(Uuid),
});
export const LineParams = Type.Object({ id: Uuid, lineId: Uuid });

/* Use-case inputs are the request bodies as validated: a field added to a schema reaches them. */
export type CreateOrderInput = Static<typeof CreateOrderBody>;
export type UpdateOrderInput = Static<typeof UpdateOrderBody>;
export type HeaderInput = Pick<
  UpdateOrderInput,
  'diningOption' | 'tableRef' | 'customerName' | 'guestCount' | 'notes'
>;
export type LineInput = Static<typeof LineInput>;
export type DiscountInput = Static<typeof DiscountInput>;
export type AddLinesInput = Static<typeof AddLinesBody>;
export type UpdateLineInput = Static<typeof UpdateLineBody>;
export type VoidLineInput = Static<typeof VoidLineBody>;
export type TransitionInput = Static<typeof TransitionBody> & Partial<Static<typeof CancelBody>>;
export type SplitByLinesInput = Static<typeof SplitByLinesBody>;

const Totals = {
  subtotal: Minor,
  discountTotal: Minor,
  serviceChargeTotal: Minor,
  taxTotal: Minor,
  taxInclusiveTotal: Minor,
  taxExclusiveTotal: Minor,
  total: Minor,
  cash: Type.Object(
    { total: Minor, roundingAdjustment: Minor },
    { description: 'what a cash tender pays: the total rounded to the cash increment' },
  ),
  taxes: Type.Array(
    Type.Object({
      taxRateId: Uuid,
      name: Type.String(),
      ratePpm: Type.Integer(),
      inclusive: Type.Boolean(),
      taxableBase: Minor,
      amount: Minor,
    }),
  ),
  serviceCharges: Type.Array(
    Type.Object({ id: Uuid, name: Type.String(), ratePpm: Type.Integer(), amount: Minor, tax: Minor }),
  ),
  discounts: Type.Array(
    Type.Object({ id: Uuid, name: Type.String(), kind: Type.String(), value: Minor, amount: Minor }),
  ),
};
const Modifier = Type.Object({
  optionId: Uuid,
  groupId: Uuid,
  groupName: Type.String(),
  name: Type.String(),
  price: Minor,
});

export const OrderSchema = Type.Object({
  id: Uuid,
  number: Type.Integer({ description: 'per outlet per business day' }),
  receiptNumber: Nullable(
    Type.Integer({ description: 'official receipt number, given when the order completes' }),
  ),
  businessDate: Type.String({ format: 'date' }),
  outletId: Uuid,
  registerId: Nullable(Uuid),
  status: Type.String(),
  diningOption: Type.String(),
  tableRef: Nullable(Type.String()),
  customerName: Nullable(Type.String()),
  guestCount: Nullable(Type.Integer()),
  notes: Nullable(Type.String()),
  source: Type.String(),
  currency: Type.String(),
  lines: Type.Array(
    Type.Object({
      id: Uuid,
      itemId: Uuid,
      variantId: Uuid,
      name: Type.String(),
      variantName: Type.String(),
      quantity: Type.Integer(),
      unitPrice: Minor,
      modifiers: Type.Array(Modifier),
      ...LineExtraFields,
      status: Type.String(),
      voidReason: Nullable(Type.String()),
      sent: Type.Boolean(),
      gross: Minor,
      discount: Minor,
      tax: Minor,
      total: Minor,
    }),
  ),
  ...Totals,
  paymentStatus: Type.String(),
  paidAmount: Minor,
  balanceAmount: Minor,
  version: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CalculationSchema = Type.Object({
  currency: Type.String(),
  lines: Type.Array(
    Type.Object({
      id: Uuid,
      itemId: Uuid,
      variantId: Uuid,
      name: Type.String(),
      variantName: Type.String(),
      quantity: Type.Integer(),
      unitPrice: Minor,
      total: Minor,
    }),
  ),
  ...Totals,
});

export const ListOrdersQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([
        Type.Literal('open'),
        Type.Literal('sent'),
        Type.Literal('completed'),
        Type.Literal('canceled'),
      ]),
    ),
    outletId: Type.Optional(Uuid),
    registerId: Type.Optional(Uuid),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    businessDate: Type.Optional(Type.String({ format: 'date' })),
    number: Type.Optional(Int32({ minimum: 1 })),
    ...pageQuery({ default: 50, maximum: 200 }),
  },
  { additionalProperties: false },
);
export const OrderSummarySchema = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  businessDate: Type.String(),
  outletId: Uuid,
  registerId: Nullable(Uuid),
  status: Type.String(),
  diningOption: Type.String(),
  tableRef: Nullable(Type.String()),
  customerName: Nullable(Type.String()),
  total: Minor,
  paymentStatus: Type.String(),
  version: Type.Integer(),
  createdAt: Timestamp,
});
export const OrderPage = Page('OrderPage', OrderSummarySchema, 'A page of orders, newest first');

export const SplitByLinesBody = Body({
  version: Version,
  lineIds: Type.Array(Uuid, { minItems: 1, maxItems: 500, uniqueItems: true }),
  newOrderId: Type.Optional(Uuid),
});
export const SplitResult = Type.Object({ source: OrderSchema, created: OrderSchema });
export const SplitEvenlyQuery = Type.Object(
  { parts: Type.Integer({ minimum: 2, maximum: 100 }) },
  { additionalProperties: false },
);
export const SplitEvenlyResult = Type.Object({
  orderId: Uuid,
  balanceAmount: Minor,
  increment: Type.Integer({ description: "the tenant's practical increment: every part is a multiple" }),
  parts: Type.Array(Minor),
  rounding: Type.Integer({
    description: 'Σ parts − balance (under one increment): the last payment settles the balance with it',
  }),
});

nameSchemas({
  Order: OrderSchema,
  OrderLine: OrderSchema.properties.lines.items,
  OrderLineModifier: Modifier,
  OrderTax: Totals.taxes.items,
  OrderServiceCharge: Totals.serviceCharges.items,
  OrderDiscount: Totals.discounts.items,
  CashTotal: Totals.cash,
  OrderCalculation: CalculationSchema,
  OrderSummary: OrderSummarySchema,
  CreateOrderRequest: CreateOrderBody,
  OrderLineInput: LineInput,
  OrderDiscountInput: DiscountInput,
  UpdateOrderRequest: UpdateOrderBody,
  AddOrderLinesRequest: AddLinesBody,
  UpdateOrderLineRequest: UpdateLineBody,
  VoidOrderLineRequest: VoidLineBody,
  OrderTransitionRequest: TransitionBody,
  CancelOrderRequest: CancelBody,
  SplitOrderRequest: SplitByLinesBody,
  OrderSplit: SplitResult,
  EvenSplit: SplitEvenlyResult,
});
