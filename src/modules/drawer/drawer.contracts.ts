import { Type } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Page } from '../../platform/http/pagination.ts';
import { Amount, Body, Int32, Nullable, Timestamp, Uuid } from '../../platform/http/schemas.ts';

const Minor = Type.Integer();

export const DenominationSchema = Type.Object(
  {
    value: Amount({ minimum: 1, description: 'face value of the note or coin, in minor units' }),
    count: Type.Integer({ minimum: 0, maximum: 100_000 }),
  },
  { additionalProperties: false },
);
const Denominations = Type.Array(DenominationSchema, { maxItems: 50 });

export const CountBody = Type.Object(
  {
    amount: Type.Optional(Amount()),
    denominations: Type.Optional(Denominations),
  },
  {
    additionalProperties: false,
    description: 'Cash as an amount, counted by denomination, or both (they must agree).',
  },
);

export const OpenSessionBody = Body({
  id: Type.Optional(Uuid),
  registerId: Uuid,
  float: CountBody,
});

export const CashMovementBody = Body({
  amount: Amount({ minimum: 1 }),
  reason: Type.String({ minLength: 1, maxLength: 200 }),
});

export const DrawerNoSaleBody = Body({
  reason: Type.String({ minLength: 1, maxLength: 200 }),
  approvalId: Type.Optional(Uuid),
});

export const CloseSessionBody = Body({
  counted: CountBody,
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  approvalId: Type.Optional(Uuid),
});

export const SessionSchema = Type.Object({
  id: Uuid,
  outletId: Uuid,
  registerId: Uuid,
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  currency: Type.String(),
  openingFloat: Minor,
  openingDenominations: Nullable(Denominations),
  openedBy: Type.String(),
  openedAt: Timestamp,
  closedBy: Nullable(Type.String()),
  closedAt: Nullable(Timestamp),
  expectedCash: Type.Union([Minor, Type.Null()], {
    description: 'what the drawer should have held; shown once closed (blind count)',
  }),
  countedCash: Nullable(Minor),
  countedDenominations: Nullable(Denominations),
  variance: Type.Union([Minor, Type.Null()], { description: 'counted − expected: negative when short' }),
  varianceReason: Nullable(Type.String()),
  varianceApprovedBy: Type.Union([Type.String(), Type.Null()], {
    description:
      "who accepted a variance above the threshold: the approving manager's member id, or the closer",
  }),
  zNumber: Nullable(Type.Integer()),
});

export const CurrentSessionSchema = Type.Object({ session: Nullable(SessionSchema) });

export const MovementSchema = Type.Object({
  id: Uuid,
  kind: Type.String(),
  amount: Minor,
  reason: Type.String(),
  at: Timestamp,
});

export const NoSaleMovementSchema = Type.Object({
  id: Uuid,
  kind: Type.Literal('no_sale'),
  amount: Minor,
  reason: Type.String(),
  at: Timestamp,
  approvedBy: Nullable(Uuid),
});

export const SessionMovementSchema = Type.Object({
  id: Uuid,
  kind: Type.String(),
  amount: Minor,
  reason: Nullable(Type.String()),
  paymentId: Nullable(Uuid),
  refundId: Nullable(Uuid),
  orderId: Nullable(Uuid),
  actor: Type.String(),
  approvedBy: Nullable(Type.String()),
  at: Timestamp,
});

export const DrawerReportSchema = Type.Object({
  kind: Type.Union([Type.Literal('X'), Type.Literal('Z')]),
  number: Nullable(Type.Integer()),
  sessionId: Uuid,
  registerId: Uuid,
  outletId: Uuid,
  currency: Type.String(),
  openedAt: Timestamp,
  closedAt: Nullable(Timestamp),
  generatedAt: Timestamp,
  sales: Type.Object({
    orders: Type.Integer(),
    gross: Minor,
    discounts: Minor,
    serviceCharge: Minor,
    tax: Minor,
    total: Minor,
  }),
  taxes: Type.Array(
    Type.Object({
      taxRateId: Type.String(),
      name: Type.String(),
      ratePpm: Type.Integer(),
      inclusive: Type.Boolean(),
      taxableBase: Minor,
      amount: Minor,
    }),
  ),
  tenders: Type.Array(
    Type.Object({
      method: Type.String(),
      gateway: Nullable(Type.String()),
      count: Type.Integer(),
      amount: Minor,
      tips: Minor,
      rounding: Minor,
    }),
  ),
  refunds: Type.Array(Type.Object({ tender: Type.String(), count: Type.Integer(), amount: Minor })),
  voids: Type.Object({
    lines: Type.Integer(),
    lineAmount: Minor,
    canceledOrders: Type.Integer(),
    canceledAmount: Minor,
  }),
  tips: Minor,
  rounding: Type.Object({ cash: Minor, payment: Minor }),
  cash: Type.Object({
    float: Minor,
    sales: Minor,
    refunds: Minor,
    paidIn: Minor,
    paidOut: Minor,
    drops: Minor,
    noSales: Type.Integer(),
    expected: Minor,
    counted: Nullable(Minor),
    variance: Nullable(Minor),
  }),
  cashiers: Type.Array(
    Type.Object({
      actor: Type.String(),
      name: Nullable(Type.String()),
      payments: Type.Integer(),
      amount: Minor,
      tips: Minor,
      refunds: Type.Integer(),
      refundAmount: Minor,
      paidIn: Minor,
      paidOut: Minor,
    }),
  ),
});

export const CloseSessionResponse = Type.Object({ session: SessionSchema, zReport: DrawerReportSchema });

export const TieOutSchema = Type.Object({
  sessionId: Uuid,
  movements: Minor,
  ledgerCashDrawer: Minor,
  overShort: Minor,
  ledgerOverShort: Minor,
  ok: Type.Boolean(),
});

export const ZReportParams = Type.Object({ id: Uuid, number: Int32({ minimum: 1 }) });

export const CashSettingsSchema = Type.Object({
  requireOpenSession: Type.Boolean({ description: 'cash payments and refunds need an open drawer session' }),
  varianceThreshold: Minor,
  receiptNumbering: Type.Union([Type.Literal('outlet'), Type.Literal('register')]),
  taxId: Nullable(Type.String({ description: 'printed on receipts (NPWP, VAT number …)' })),
  receiptHeader: Nullable(Type.String({ description: 'lines printed under the business name' })),
  receiptFooter: Nullable(Type.String({ description: 'lines printed at the end of the receipt' })),
  logoImageId: Nullable({
    ...Uuid,
    description: 'the receipt logo, an uploaded image (POST /v1/media/images)',
  }),
  logoUrl: Nullable(
    Type.String({ description: 'where the logo is served: /media/{tenantId}/{logoImageId}' }),
  ),
});
export const CashSettingsBody = Body({
  requireOpenSession: Type.Optional(Type.Boolean()),
  varianceThreshold: Type.Optional(Amount()),
  receiptNumbering: Type.Optional(Type.Union([Type.Literal('outlet'), Type.Literal('register')])),
  taxId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 50 }))),
  receiptHeader: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 500 }))),
  receiptFooter: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 500 }))),
  logoImageId: Type.Optional(Nullable(Uuid)),
});

export const ZReportSummarySchema = Type.Object({
  id: Uuid,
  number: Type.Integer({ description: 'numbered per register from 1, without gaps' }),
  sessionId: Uuid,
  openedAt: Timestamp,
  closedAt: Nullable(Timestamp),
  orders: Type.Integer(),
  salesTotal: Minor,
  expectedCash: Minor,
  countedCash: Nullable(Minor),
  variance: Type.Union([Minor, Type.Null()], { description: 'counted − expected: negative when short' }),
});

nameSchemas({
  CashCount: CountBody,
  Denomination: DenominationSchema,
  OpenDrawerSessionRequest: OpenSessionBody,
  CashMovementRequest: CashMovementBody,
  DrawerNoSaleRequest: DrawerNoSaleBody,
  CloseDrawerSessionRequest: CloseSessionBody,
  DrawerSession: SessionSchema,
  CurrentDrawerSession: CurrentSessionSchema,
  CashMovement: MovementSchema,
  DrawerNoSale: NoSaleMovementSchema,
  DrawerMovement: SessionMovementSchema,
  DrawerReport: DrawerReportSchema,
  ZReportSummary: ZReportSummarySchema,
  CloseDrawerSession: CloseSessionResponse,
  DrawerTieOut: TieOutSchema,
  OutletCashSettings: CashSettingsSchema,
  OutletCashSettingsUpdate: CashSettingsBody,
});

export const ZReportPage = Page(
  'ZReportPage',
  ZReportSummarySchema,
  "A page of a register's Z reports, newest first: the figures of each as stored at its close",
);

export const DrawerMovementPage = Page(
  'DrawerMovementPage',
  SessionMovementSchema,
  "A page of a drawer session's cash movements, oldest first",
);
