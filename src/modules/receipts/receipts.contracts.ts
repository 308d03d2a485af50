import { Type } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Body, Nullable, Uuid } from '../../platform/http/schemas.ts';

const Minor = Type.Integer();

export const ReceiptSchema = Type.Object({
  kind: Type.Union([Type.Literal('receipt'), Type.Literal('credit_note')]),
  number: Nullable(Type.Integer({ description: 'official receipt number; null until the order completes' })),
  copy: Type.Boolean({ description: 'a reprint, marked as a copy' }),
  locale: Type.String(),
  timeZone: Type.String({ description: "the outlet's IANA time zone; the printed date and time are local" }),
  currency: Type.String(),
  business: Type.Object({
    name: Type.String(),
    outlet: Type.String(),
    address: Nullable(Type.String()),
    taxId: Nullable(Type.String()),
    header: Nullable(Type.String()),
    footer: Nullable(Type.String()),
    logoImageId: Nullable(Uuid),
    logoUrl: Nullable(Type.String({ description: 'the outlet’s receipt logo: /media/{tenantId}/{id}' })),
  }),
  orderId: Uuid,
  orderNumber: Type.Integer(),
  businessDate: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  lines: Type.Array(
    Type.Object({
      name: Type.String(),
      quantity: Type.Integer(),
      total: Minor,
      modifiers: Type.Array(Type.String()),
    }),
  ),
  subtotal: Minor,
  discounts: Minor,
  serviceCharge: Minor,
  taxes: Type.Array(
    Type.Object({ name: Type.String(), ratePpm: Type.Integer(), inclusive: Type.Boolean(), amount: Minor }),
  ),
  total: Minor,
  payments: Type.Array(
    Type.Object({
      method: Type.String(),
      amount: Minor,
      tip: Minor,
      rounding: Minor,
      tendered: Nullable(Minor),
      change: Nullable(Minor),
    }),
  ),
  refunds: Type.Array(
    Type.Object({ creditNoteNumber: Nullable(Type.Integer()), amount: Minor, reason: Type.String() }),
  ),
  link: Nullable(
    Type.String({ description: 'the signed hosted receipt (printable HTML), for a QR code or a message' }),
  ),
});

export const ReceiptQuery = Type.Object(
  {
    copy: Type.Optional(Type.Boolean({ description: 'a reprint: marked as a copy' })),
  },
  { additionalProperties: false },
);
export const PrintQuery = Type.Object(
  {
    paper: Type.Optional(
      Type.Union([Type.Literal('58'), Type.Literal('80')], {
        description: 'roll width in mm (32 or 48 columns); default 80',
      }),
    ),
    copy: Type.Optional(Type.Boolean({ description: 'a reprint: marked as a copy' })),
    kick: Type.Optional(Type.Boolean({ description: 'ESC/POS only: open the cash drawer after the cut' })),
  },
  { additionalProperties: false },
);
export const HostedReceiptParams = Type.Object({ tenantId: Uuid, orderId: Uuid });
export const HostedReceiptQuery = Type.Object({
  sig: Type.String({ pattern: '^[0-9a-f]{32}$' }),
  copy: Type.Optional(Type.Boolean({ description: 'a reprint from the register: marked as a copy' })),
});

export const ReceiptFile = (type: 'text' | 'escpos' | 'html') =>
  Type.Unsafe<string | Buffer>(
    Type.String({
      format: 'binary',
      description:
        type === 'text'
          ? 'The receipt as plain text for a thermal printer'
          : type === 'escpos'
            ? 'The receipt as ESC/POS printer commands'
            : 'The receipt as a printable HTML page',
    }),
  );

export const EmailReceiptBody = Body({
  to: Type.String({ format: 'email', maxLength: 254 }),
  copy: Type.Optional(Type.Boolean({ description: 'a resend: marked as a copy' })),
});
export const EmailedReceiptSchema = Type.Object({ to: Type.String(), messageId: Type.String() });

nameSchemas({
  Receipt: ReceiptSchema,
  EmailReceiptRequest: EmailReceiptBody,
  EmailedReceipt: EmailedReceiptSchema,
});
