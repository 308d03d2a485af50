import { Type, type Static } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Body, Nullable, Timestamp, Uuid } from '../../platform/http/schemas.ts';
import { OrderSchema } from '../orders/index.ts';

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Coord = Type.Integer({ minimum: 0, maximum: 10_000, description: 'plan units (0–10000)' });
const Size = Type.Integer({ minimum: 1, maximum: 10_000 });
const Shape = Type.Union([Type.Literal('square'), Type.Literal('round'), Type.Literal('rect')]);
const Guests = Type.Integer({ minimum: 1, maximum: 1000 });

export const CreateFloorBody = Body({
  outletId: Uuid,
  name: Name,
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
});
export const UpdateFloorBody = Body({
  name: Type.Optional(Name),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  archived: Type.Optional(
    Type.Boolean({
      description:
        'take the floor off the plan with its tables (only when none of them has an open order); restoring brings the floor back empty',
    }),
  ),
});
export const FloorSchema = Type.Object({
  id: Uuid,
  outletId: Uuid,
  name: Type.String(),
  position: Type.Integer(),
});

export const CreateTableBody = Body({
  floorId: Uuid,
  name: Type.String({ minLength: 1, maxLength: 50 }),
  seats: Type.Integer({ minimum: 1, maximum: 100 }),
  shape: Type.Optional(Shape),
  x: Type.Optional(Coord),
  y: Type.Optional(Coord),
  width: Type.Optional(Size),
  height: Type.Optional(Size),
});
export const UpdateTableBody = Body({
  floorId: Type.Optional(Uuid),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  shape: Type.Optional(Shape),
  x: Type.Optional(Coord),
  y: Type.Optional(Coord),
  width: Type.Optional(Size),
  height: Type.Optional(Size),
  archived: Type.Optional(Type.Boolean({ description: 'take the table off the plan (only when free)' })),
});

export const TableStatus = Type.Union(
  [Type.Literal('free'), Type.Literal('occupied'), Type.Literal('bill_requested')],
  {
    description: 'free (no open order), occupied, bill_requested (every open order asked for the bill)',
  },
);
const SeatedOrder = Type.Object({
  orderId: Uuid,
  number: Type.Integer(),
  status: Type.String(),
  guestCount: Nullable(Type.Integer()),
  openedAt: Timestamp,
  billRequestedAt: Nullable(Timestamp),
});
export const TableSchema = Type.Object({
  id: Uuid,
  outletId: Uuid,
  floorId: Uuid,
  name: Type.String(),
  seats: Type.Integer(),
  shape: Shape,
  x: Type.Integer(),
  y: Type.Integer(),
  width: Type.Integer(),
  height: Type.Integer(),
  status: TableStatus,
  orders: Type.Array(SeatedOrder, { description: 'the open orders seated here, oldest first' }),
});
export const TabSchema = Type.Object({
  name: Type.String(),
  orderId: Uuid,
  number: Type.Integer(),
  status: Type.String(),
  guestCount: Nullable(Type.Integer()),
  openedAt: Timestamp,
  billRequestedAt: Nullable(Timestamp),
});
export const FloorPlanSchema = Type.Object({
  outletId: Uuid,
  floors: Type.Array(Type.Object({ ...FloorSchema.properties, tables: Type.Array(TableSchema) })),
  tabs: Type.Array(TabSchema, { description: 'open named tabs (orders not at a table)' }),
});
export const OutletParams = Type.Object({ outletId: Uuid });

export const OpenTableBody = Body({
  guestCount: Type.Optional(Guests),
  orderId: Type.Optional(Type.Union([Uuid], { description: 'your id for the order, if one is created' })),
});
export const OpenTableResult = Type.Object({
  created: Type.Boolean({ description: 'false when the table had an open order already (it is returned)' }),
  table: TableSchema,
  order: OrderSchema,
});
export const OpenTabBody = Body({ outletId: Uuid, name: Name, guestCount: Type.Optional(Guests) });
export const MoveOrderBody = Body({ tableId: Uuid });
export const MergeTablesBody = Body({ intoTableId: Uuid });
export const MergeResult = Type.Object({
  order: OrderSchema,
  canceled: Type.Array(OrderSchema, { description: 'the emptied orders, canceled "merged into N"' }),
  tables: Type.Array(TableSchema),
});
export const OrderParams = Type.Object({ orderId: Uuid });
export const SeatedResult = Type.Object({ order: OrderSchema, table: Nullable(TableSchema) });
export const SplitBySeatResult = Type.Object({
  orders: Type.Array(OrderSchema, {
    description: 'one order per seat (lines without a seat stay on the first)',
  }),
});

export type CreateTableInput = Static<typeof CreateTableBody>;
export type UpdateTableInput = Static<typeof UpdateTableBody>;
export type UpdateFloorInput = Static<typeof UpdateFloorBody>;
export type TableDto = Static<typeof TableSchema>;
export type FloorPlanDto = Static<typeof FloorPlanSchema>;

nameSchemas({
  CreateFloorRequest: CreateFloorBody,
  UpdateFloorRequest: UpdateFloorBody,
  CreateTableRequest: CreateTableBody,
  UpdateTableRequest: UpdateTableBody,
  OpenTableRequest: OpenTableBody,
  MergeTablesRequest: MergeTablesBody,
  TablesMerged: MergeResult,
  OpenTabRequest: OpenTabBody,
  MoveOrderRequest: MoveOrderBody,
  SeatedOrder: SeatedResult,
  SplitBySeatResult,
  Floor: FloorSchema,
  DiningTable: TableSchema,
  FloorPlan: FloorPlanSchema,
  Tab: TabSchema,
  OpenTableResult,
});
