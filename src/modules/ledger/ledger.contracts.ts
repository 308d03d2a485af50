import { Type } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Page } from '../../platform/http/pagination.ts';
import { Nullable, Timestamp, Uuid } from '../../platform/http/schemas.ts';

const Minor = Type.Integer();

export const OptionalPeriodQuery = Type.Object({
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
});

export const TrialBalanceSchema = Type.Object({
  from: Nullable(Timestamp),
  to: Nullable(Timestamp),
  accounts: Type.Array(
    Type.Object({
      currency: Type.String(),
      account: Type.String(),
      type: Type.String(),
      debit: Minor,
      credit: Minor,
      balance: Minor,
    }),
  ),
  totals: Type.Array(Type.Object({ currency: Type.String(), debit: Minor, credit: Minor })),
  balanced: Type.Boolean(),
});

export const LedgerCheckSchema = Type.Object({
  ok: Type.Boolean(),
  entriesUnbalanced: Type.Array(Type.Object({ entryId: Uuid, difference: Minor })),
  ordersChecked: Type.Integer(),
  orderMismatches: Type.Array(
    Type.Object({ orderId: Uuid, field: Type.String(), expected: Minor, ledger: Minor }),
  ),
  fees: Type.Object({
    platform: Type.Object({ payments: Minor, ledger: Minor }),
    processing: Type.Object({ payments: Minor, ledger: Minor }),
  }),
  inventory: Type.Object({ stock: Minor, ledger: Minor, inTransit: Minor, ledgerInTransit: Minor }),
});

export const LedgerEntrySchema = Type.Object({
  id: Uuid,
  kind: Type.String(),
  currency: Type.String(),
  postedAt: Timestamp,
  paymentId: Nullable(Uuid),
  refundId: Nullable(Uuid),
  memo: Nullable(Type.String()),
  lines: Type.Array(Type.Object({ account: Type.String(), debit: Minor, credit: Minor })),
});
export const LedgerEntryPage = Page(
  'LedgerEntryPage',
  LedgerEntrySchema,
  "A page of an order's ledger entries, oldest first",
);

nameSchemas({
  TrialBalance: TrialBalanceSchema,
  LedgerCheck: LedgerCheckSchema,
  LedgerEntry: LedgerEntrySchema,
});
