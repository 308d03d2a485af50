import { Type } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Nullable, Timestamp, Uuid } from '../../platform/http/schemas.ts';

const Minor = Type.Integer();
const Count = Type.Integer({ minimum: 0 });
const Day = Type.String({
  format: 'date',
  description: 'a business date (YYYY-MM-DD) in the outlet’s time zone',
});

export const ReportQuery = Type.Object({
  from: Day,
  to: Type.Optional({ ...Day, description: 'last business date, inclusive (default: from)' }),
  outletId: Type.Optional(Uuid),
  format: Type.Optional(
    Type.Union([Type.Literal('json'), Type.Literal('csv')], {
      description: 'csv streams the report as CSV (so does `Accept: text/csv`)',
    }),
  ),
});

export const CheckQuery = Type.Object({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
});

export const FiguresSchema = Type.Object(
  {
    orders: Count,
    quantity: Minor,
    grossSales: Minor,
    discounts: Minor,
    returns: Minor,
    netSales: Minor,
    serviceCharge: Minor,
    tax: Minor,
    tips: Minor,
    rounding: Minor,
    collected: Minor,
    refunded: Minor,
    netCollected: Minor,
    refundCount: Count,
    returnedQuantity: Minor,
  },
  {
    description:
      'Minor units of the currency. grossSales: sales before tax and discounts; netSales = grossSales − discounts − returns; serviceCharge and tax net of refunds; collected/refunded: what the tenders took in and paid out. orders counts sales (in a tender row: payments).',
  },
);

const PeriodSchema = Type.Object({ from: Day, to: Day });
const Head = {
  currency: Type.String(),
  outletId: Nullable(Uuid),
  period: PeriodSchema,
  previousPeriod: PeriodSchema,
};

export const ReportRowSchema = Type.Object({
  key: Type.String(),
  label: Type.String(),
  current: FiguresSchema,
  previous: FiguresSchema,
});

export const SalesSummarySchema = Type.Object({
  ...Head,
  current: FiguresSchema,
  previous: FiguresSchema,
  days: Type.Array(Type.Intersect([Type.Object({ date: Day }), FiguresSchema])),
  payments: Type.Array(ReportRowSchema, { description: 'per tender: cash, card, gateway:<channel>' }),
});

export const BreakdownSchema = Type.Object({
  ...Head,
  report: Type.String(),
  totals: Type.Object({ current: FiguresSchema, previous: FiguresSchema }),
  rows: Type.Array(ReportRowSchema),
});

const CountAmount = Type.Object({ count: Count, amount: Minor });
export const LossPreventionSchema = Type.Object({
  ...Head,
  totals: Type.Array(Type.Object({ kind: Type.String(), current: CountAmount, previous: CountAmount })),
  discountsByEmployee: Type.Array(
    Type.Object({ key: Type.String(), label: Type.String(), current: Minor, previous: Minor }),
  ),
  events: Type.Array(
    Type.Object({
      at: Timestamp,
      date: Day,
      kind: Type.String({ description: 'void, cancel, refund, no_sale' }),
      outletId: Nullable(Uuid),
      targetId: Nullable(Type.String()),
      orderId: Nullable(Uuid),
      amount: Minor,
      reason: Nullable(Type.String()),
      by: Type.String(),
      approvedBy: Nullable(Type.String()),
    }),
  ),
  truncated: Type.Boolean(),
});

export const SettlementFiguresSchema = Type.Object(
  {
    payments: Count,
    gross: Minor,
    tips: Minor,
    refunds: Count,
    refunded: Minor,
    platformFees: Minor,
    processingFees: Minor,
    net: Minor,
  },
  {
    description:
      'Minor units. payments/gross/tips: completed payments; refunds/refunded: completed refunds (on the day paid back); fees net of what refunds reversed; net = gross + tips − refunded − platformFees − processingFees.',
  },
);
const TenderKey = {
  key: Type.String({ description: 'cash, card, gateway:<gateway>' }),
  label: Type.String(),
};
export const SettlementsSchema = Type.Object({
  ...Head,
  current: SettlementFiguresSchema,
  previous: SettlementFiguresSchema,
  days: Type.Array(
    Type.Intersect([
      Type.Object({ date: Day }),
      SettlementFiguresSchema,
      Type.Object({
        tenders: Type.Array(Type.Intersect([Type.Object(TenderKey), SettlementFiguresSchema])),
      }),
    ]),
  ),
  rows: Type.Array(
    Type.Object({ ...TenderKey, current: SettlementFiguresSchema, previous: SettlementFiguresSchema }),
  ),
});

export const ReportsCheckSchema = Type.Object({
  ok: Type.Boolean(),
  from: Nullable(Day),
  to: Nullable(Day),
  daysChecked: Count,
  mismatches: Type.Array(
    Type.Object({
      outletId: Uuid,
      date: Day,
      dimension: Type.String(),
      figure: Type.String(),
      report: Minor,
      expected: Minor,
      source: Type.String(),
    }),
  ),
});

nameSchemas({
  ReportFigures: FiguresSchema,
  ReportRow: ReportRowSchema,
  SalesSummaryReport: SalesSummarySchema,
  BreakdownReport: BreakdownSchema,
  LossPreventionReport: LossPreventionSchema,
  ReportsCheck: ReportsCheckSchema,
  SettlementFigures: SettlementFiguresSchema,
  SettlementsReport: SettlementsSchema,
});
