import { Type, type Static } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Page, pageQuery } from '../../platform/http/pagination.ts';
import { Body, Nullable, Timestamp, Uuid } from '../../platform/http/schemas.ts';
import { MenuSchema } from '../catalog/index.ts';

/** A table code or customer token as it arrives in a path: checked by its signature, not a pattern. */
const Token = Type.String({ minLength: 1, maxLength: 200, description: 'a signed token' });
export const TableTokenParams = Type.Object({ token: Token });
export const CustomerTokenParams = Type.Object({ token: Token });
export const TableIdParams = Type.Object({ id: Uuid });
export const OutletSheetParams = Type.Object({ outletId: Uuid });

export const TableCodeSchema = Type.Object(
  {
    tableId: Uuid,
    tableName: Type.String(),
    version: Type.Integer({ description: 'rotating moves to the next version: older codes stop working' }),
    revoked: Type.Boolean(),
    token: Nullable(Type.String({ description: 'the signed table code (null while revoked)' })),
    url: Nullable(Type.String({ description: 'what the QR code holds: the customer page for this table' })),
    issuedAt: Timestamp,
  },
  { description: "A table's QR code: signed, rotatable, revocable" },
);

export const QrSettingsSchema = Type.Object({
  autoAccept: Type.Boolean({
    description: 'true: orders from the table go to the kitchen at once; false: staff accept each',
  }),
  maxPending: Type.Integer({ description: 'orders waiting for staff per table' }),
  maxLineQuantity: Type.Integer({ description: 'the most of one item per order' }),
  maxOrderQuantity: Type.Integer({ description: 'the most items per order' }),
});
export const UpdateQrSettingsBody = Body({
  autoAccept: Type.Optional(Type.Boolean()),
  maxPending: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  maxLineQuantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 999 })),
  maxOrderQuantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 9999 })),
});

export const ScanSchema = Type.Object(
  {
    table: Type.Object({ id: Uuid, name: Type.String() }),
    outlet: Type.Object({ id: Uuid, name: Type.String() }),
    business: Type.Object({ name: Type.String(), currency: Type.String(), locale: Type.String() }),
    priceDisplay: Type.Union([Type.Literal('tax_inclusive'), Type.Literal('as_listed')], {
      description:
        'tax_inclusive: show prices with their taxes (the custom where the business is, e.g. Indonesia); as_listed: menu prices, taxes added at checkout',
    }),
    autoAccept: Type.Boolean(),
  },
  { description: 'What a scanned table code opens' },
);

const QrLineInput = Body({
  itemId: Uuid,
  variantId: Uuid,
  quantity: Type.Integer({ minimum: 1, maximum: 999 }),
  modifierOptionIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, uniqueItems: true })),
  notes: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
export const PlaceQrOrderBody = Body({
  id: { ...Uuid, description: 'generated on the phone: sending it again returns the same order' },
  lines: Type.Array(QrLineInput, { minItems: 1, maxItems: 50 }),
  note: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
});
export type PlaceQrOrderInput = Static<typeof PlaceQrOrderBody>;

export const QrLineSchema = Type.Object({
  itemId: Uuid,
  variantId: Uuid,
  name: Type.String(),
  variantName: Nullable(Type.String()),
  quantity: Type.Integer(),
  modifierOptionIds: Type.Array(Uuid),
  notes: Nullable(Type.String()),
  total: Type.Integer({ description: 'minor units, as priced when placed' }),
});

const Tracking = Type.Union([
  Type.Literal('received'),
  Type.Literal('accepted'),
  Type.Literal('preparing'),
  Type.Literal('ready'),
  Type.Literal('served'),
  Type.Literal('rejected'),
]);
const QrStatus = Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('rejected')]);

export const QrOrderSchema = Type.Object(
  {
    id: Uuid,
    outletId: Uuid,
    tableId: Uuid,
    tableName: Type.String(),
    status: QrStatus,
    lines: Type.Array(QrLineSchema),
    itemCount: Type.Integer(),
    total: Type.Integer({ description: 'minor units, taxes and service included, as priced when placed' }),
    currency: Type.String(),
    note: Nullable(Type.String()),
    orderId: Nullable(Uuid),
    rejectReason: Nullable(Type.String()),
    placedAt: Timestamp,
    decidedAt: Nullable(Timestamp),
  },
  { description: 'An order a customer placed from a table (staff view)' },
);
export type QrOrderDto = Static<typeof QrOrderSchema>;
export const QrOrderPage = Page('QrOrderPage', QrOrderSchema, 'A page of QR orders, newest first');
export const ListQrOrdersQuery = Type.Object(
  {
    outletId: Type.Optional(Uuid),
    tableId: Type.Optional(Uuid),
    status: Type.Optional(QrStatus),
    ...pageQuery({ default: 50, maximum: 200 }),
  },
  { additionalProperties: false },
);
export const RejectBody = Body({ reason: Type.String({ minLength: 1, maxLength: 200 }) });

/** How a customer can pay from the phone (which of them a business offers: `payMethods`). */
export const PAY_METHODS = ['qris', 'gopay', 'shopeepay', 'card', 'counter'] as const;
export type PayMethod = (typeof PAY_METHODS)[number];
const PayMethodSchema = Type.Union(
  [
    Type.Literal('qris'),
    Type.Literal('gopay'),
    Type.Literal('shopeepay'),
    Type.Literal('card'),
    Type.Literal('counter'),
  ],
  {
    description:
      "qris: a QR from the business's Midtrans or Xendit account; gopay / shopeepay: the e-wallet app opened by a deeplink (Midtrans); card: a Stripe PaymentIntent the phone confirms with its card; counter: ask for the bill",
  },
);
export const CustomerOrderSchema = Type.Object(
  {
    id: Uuid,
    tableName: Type.String(),
    status: QrStatus,
    tracking: Tracking,
    lines: Type.Array(QrLineSchema),
    lineIds: Type.Array(Uuid, {
      description:
        "once accepted, the table order's line id of each line (same order); for paying for my items",
    }),
    total: Type.Integer(),
    currency: Type.String(),
    rejectReason: Nullable(Type.String()),
    placedAt: Timestamp,
    payMethods: Type.Array(PayMethodSchema, {
      description:
        'how this business takes payment from the phone (its gateway accounts); empty until accepted',
    }),
    paidLineIds: Type.Array(Uuid, {
      description:
        'lines of `lineIds` a "pay for my items" payment covers (pending or paid; freed when it fails, is canceled or refunded in full): they cannot be paid again',
    }),
    cardTestMode: Type.Boolean({
      description: "cards go to Stripe's test mode (a pk_test_ key): the page shows the test card numbers",
    }),
    bill: Nullable(
      Type.Object(
        {
          number: Type.Integer(),
          status: Type.String(),
          total: Type.Integer(),
          paid: Type.Integer(),
          balance: Type.Integer(),
          paymentStatus: Type.String(),
        },
        { description: "the table's order this was added to: what is left to pay" },
      ),
    ),
  },
  { description: 'What the phone that placed a QR order sees of it' },
);
export const PlacedSchema = Type.Object({
  order: CustomerOrderSchema,
  customerToken: Type.String({ description: 'reads this order only: GET /v1/qr/orders/{token}' }),
});

export const PayBody = Body({
  id: { ...Uuid, description: 'the payment id, generated on the phone: a retry never charges twice' },
  method: PayMethodSchema,
  lineIds: Type.Optional(
    Type.Array(Uuid, {
      minItems: 1,
      maxItems: 100,
      description:
        "not with counter — pay for my items: lines of this customer's own order (the tracking's `lineIds`) not paid yet; the payment is their totals (at most the balance), the rest stays on the table's bill",
    }),
  ),
});
export const PayResultSchema = Type.Object(
  {
    method: PayMethodSchema,
    paymentId: Nullable(Uuid),
    status: Type.String({ description: 'the payment status (pending until paid), or bill_requested' }),
    amount: Type.Integer(),
    qrSvg: Nullable(Type.String({ description: 'the QRIS code as an SVG document' })),
    actionUrl: Nullable(
      Type.String({ description: 'gopay / shopeepay: the deeplink that opens the e-wallet app' }),
    ),
    card: Nullable(
      Type.Object(
        {
          clientSecret: Type.String({ description: "the PaymentIntent's client secret" }),
          publishableKey: Type.String({ description: "the business's Stripe publishable key" }),
          apiBase: Type.String({
            description: 'the Stripe API the phone confirms against (as Stripe.js does)',
          }),
        },
        { description: 'card: what the phone needs to confirm the PaymentIntent with its card' },
      ),
    ),
  },
  { description: 'What paying from the phone started; the bill in GET /v1/qr/track/{token} turns paid' },
);

export { MenuSchema };

nameSchemas({
  TableCode: TableCodeSchema,
  QrSettings: QrSettingsSchema,
  QrScan: ScanSchema,
  QrOrder: QrOrderSchema,
  QrCustomerOrder: CustomerOrderSchema,
  QrPlaced: PlacedSchema,
  PlaceQrOrderRequest: PlaceQrOrderBody,
  UpdateQrSettingsRequest: UpdateQrSettingsBody,
  RejectQrOrderRequest: RejectBody,
  QrPayRequest: PayBody,
  QrPayResult: PayResultSchema,
});

/** A binary or text body (QR image, printable sheet), documented by its media type. */
export const FileBody = (description: string) =>
  Type.Unsafe<string | Buffer>(Type.String({ format: 'binary', description }));
export const TableCodeList = Type.Object(
  { items: Type.Array(TableCodeSchema) },
  { $id: 'TableCodeList', description: "Every table's code of an outlet" },
);
