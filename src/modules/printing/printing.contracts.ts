import { Type } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Page } from '../../platform/http/pagination.ts';
import { Body, Nullable, Timestamp, Uuid } from '../../platform/http/schemas.ts';

const Kind = Type.Union([Type.Literal('receipt'), Type.Literal('kitchen')]);
/** Roll width in mm: 58 (32 columns) or 80 (48 columns). */
const Paper = Type.Unsafe<58 | 80>(
  Type.Integer({ enum: [58, 80], minimum: 58, maximum: 80, description: 'roll width in mm: 58 or 80' }),
);
const Host = Type.String({
  pattern:
    '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$',
  maxLength: 15,
  description: "the printer's IPv4 address on the local network",
});
const Port = Type.Integer({
  minimum: 9100,
  maximum: 9199,
  description: 'raw printing port (9100–9199), 9100 by default',
});

export const CreatePrinterBody = Body({
  outletId: Uuid,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Kind,
  station: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
  host: Host,
  port: Type.Optional(Port),
  paper: Type.Optional(Paper),
  enabled: Type.Optional(Type.Boolean()),
});
export const UpdatePrinterBody = Body({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  kind: Type.Optional(Kind),
  station: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
  host: Type.Optional(Host),
  port: Type.Optional(Port),
  paper: Type.Optional(Paper),
  enabled: Type.Optional(Type.Boolean()),
});
export const PrinterSchema = Type.Object({
  id: Uuid,
  outletId: Uuid,
  name: Type.String(),
  kind: Kind,
  station: Nullable(Type.String()),
  host: Type.String(),
  port: Type.Integer(),
  paper: Paper,
  enabled: Type.Boolean(),
  status: Type.Union([Type.Literal('unknown'), Type.Literal('online'), Type.Literal('offline')]),
  lastError: Nullable(Type.String()),
  downSince: Nullable(Timestamp),
  createdAt: Timestamp,
});
export const PrinterPage = Page('PrinterPage', PrinterSchema, "A page of the tenant's printers");

export const PrintReceiptBody = Body({
  printerId: Type.Optional(Uuid),
  copy: Type.Optional(Type.Boolean({ description: 'a reprint: marked as a copy' })),
  kick: Type.Optional(Type.Boolean({ description: 'open the cash drawer after the cut' })),
});
export const PrintJobSchema = Type.Object({
  id: Uuid,
  printerId: Uuid,
  orderId: Nullable(Uuid),
  document: Type.String(),
  status: Type.Union([
    Type.Literal('queued'),
    Type.Literal('printing'),
    Type.Literal('printed'),
    Type.Literal('failed'),
  ]),
  attempts: Type.Integer(),
  nextAttemptAt: Timestamp,
  lastError: Nullable(Type.String()),
  createdAt: Timestamp,
  printedAt: Nullable(Timestamp),
});

nameSchemas({
  CreatePrinterRequest: CreatePrinterBody,
  UpdatePrinterRequest: UpdatePrinterBody,
  Printer: PrinterSchema,
  PrintReceiptRequest: PrintReceiptBody,
  PrintJob: PrintJobSchema,
});
