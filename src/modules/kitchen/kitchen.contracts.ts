import { Type, type Static } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Page, pageQuery } from '../../platform/http/pagination.ts';
import { Body, Nullable, Timestamp, Uuid } from '../../platform/http/schemas.ts';

const Key = Type.String({
  pattern: '^[a-z0-9_-]{1,40}$',
  minLength: 1,
  maxLength: 40,
  description: 'the station key (a-z, 0-9, _ and -): the realtime room `station` a display joins',
});
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Course = Type.Integer({ minimum: 1, maximum: 100, description: 'course 1, 2, …' });
const LateAfter = Type.Integer({
  minimum: 30,
  maximum: 86_400,
  description: 'a ticket open longer than this (seconds) is late',
});

export const CreateStationBody = Body({
  outletId: Uuid,
  key: Key,
  name: Name,
  isDefault: Type.Optional(Type.Boolean({ description: 'lines no rule routes go here' })),
  lateAfterSeconds: Type.Optional(LateAfter),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
});
export const UpdateStationBody = Body({
  name: Type.Optional(Name),
  isDefault: Type.Optional(Type.Boolean()),
  lateAfterSeconds: Type.Optional(LateAfter),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  archived: Type.Optional(
    Type.Boolean({
      description:
        'take the station out of use (not the default station, nor one with tickets still to cook); its routing rules are dropped',
    }),
  ),
});
export const StationSchema = Type.Object({
  id: Uuid,
  outletId: Uuid,
  key: Type.String(),
  name: Type.String(),
  isDefault: Type.Boolean(),
  lateAfterSeconds: Type.Integer(),
  position: Type.Integer(),
  archived: Type.Boolean(),
});
export const StationPage = Page('KitchenStationPage', StationSchema, 'A page of kitchen stations');
export const OutletQuery = Type.Object(
  { outletId: Type.Optional(Uuid), ...pageQuery() },
  { additionalProperties: false },
);

export const CreateRouteBody = Body({
  stationId: Uuid,
  itemId: Type.Optional(Uuid),
  categoryId: Type.Optional(Uuid),
  course: Type.Optional(Nullable(Course)),
});
export const RouteSchema = Type.Object({
  id: Uuid,
  outletId: Uuid,
  stationId: Uuid,
  itemId: Nullable(Uuid),
  categoryId: Nullable(Uuid),
  course: Nullable(Type.Integer()),
});
export const RoutePage = Page('KitchenRoutePage', RouteSchema, 'A page of kitchen routing rules');

const LineStatus = Type.Union(
  ['new', 'preparing', 'ready', 'served', 'voided'].map((s) => Type.Literal(s)),
  { description: 'new → preparing → ready → served; voided when the order line was voided after sending' },
);
const TicketStatus = Type.Union(
  ['held', 'open', 'bumped', 'served'].map((s) => Type.Literal(s)),
  { description: 'held (a later course, not fired yet) → open → bumped (ready) → served' },
);
export const TicketLineSchema = Type.Object({
  lineId: Uuid,
  itemId: Uuid,
  name: Type.String(),
  variantName: Nullable(Type.String()),
  quantity: Type.Integer(),
  modifiers: Type.Array(Type.Object({ groupName: Type.String(), name: Type.String() })),
  notes: Nullable(Type.String()),
  seat: Nullable(Type.Integer()),
  course: Nullable(Type.Integer()),
  status: LineStatus,
  readyAt: Nullable(Timestamp),
});
export const TicketSchema = Type.Object(
  {
    id: Uuid,
    outletId: Uuid,
    stationId: Uuid,
    stationKey: Type.String(),
    orderId: Uuid,
    orderNumber: Type.Integer(),
    tableRef: Nullable(Type.String()),
    sentBy: Nullable(Type.String({ description: 'the name of who sent the ticket (a waiter, a cashier)' })),
    course: Nullable(Type.Integer({ description: 'the held course of this ticket; null when sent at once' })),
    status: TicketStatus,
    rush: Type.Boolean(),
    createdAt: Timestamp,
    firedAt: Nullable(Timestamp),
    bumpedAt: Nullable(Timestamp),
    servedAt: Nullable(Timestamp),
    lines: Type.Array(TicketLineSchema),
  },
  { description: 'A kitchen ticket: what one station makes for one send (no prices)' },
);
export const TicketPage = Page('KitchenTicketPage', TicketSchema, 'A page of kitchen tickets, oldest first');
export const ListTicketsQuery = Type.Object(
  {
    outletId: Type.Optional(Uuid),
    stationId: Type.Optional(Uuid),
    orderId: Type.Optional(Uuid),
    state: Type.Optional(
      Type.Union([Type.Literal('active'), Type.Literal('done'), Type.Literal('all')], {
        description: 'active: held and open (default); done: bumped and served; all',
      }),
    ),
    ...pageQuery(),
  },
  { additionalProperties: false },
);
export const LineStatusBody = Body({
  status: Type.Union([
    Type.Literal('new'),
    Type.Literal('preparing'),
    Type.Literal('ready'),
    Type.Literal('served'),
  ]),
});
export const TicketLineParams = Type.Object({ id: Uuid, lineId: Uuid });
export const StationParams = Type.Object({ id: Uuid });
export const FireCourseParams = Type.Object({ orderId: Uuid, course: Course });
export const OrderParams = Type.Object({ orderId: Uuid });
export const RushBody = Body({ rush: Type.Optional(Type.Boolean({ default: true })) });
export const TicketsResult = Type.Object({ tickets: Type.Array(TicketSchema) });

export const BoardQuery = Type.Object({ outletId: Uuid }, { additionalProperties: false });
const BoardEntry = Type.Object({
  orderId: Uuid,
  orderNumber: Type.Integer(),
  tableRef: Nullable(Type.String()),
});
export const BoardSchema = Type.Object({
  preparing: Type.Array(BoardEntry),
  ready: Type.Array(BoardEntry),
});

export const FiguresQuery = Type.Object(
  { outletId: Uuid, from: Type.Optional(Timestamp), to: Type.Optional(Timestamp) },
  { additionalProperties: false },
);
const Seconds = Nullable(Type.Number({ description: 'seconds' }));
export const FiguresSchema = Type.Object({
  from: Timestamp,
  to: Timestamp,
  items: Type.Array(
    Type.Object({
      stationId: Uuid,
      itemId: Uuid,
      name: Type.String(),
      lines: Type.Integer(),
      avgSeconds: Seconds,
      p90Seconds: Seconds,
    }),
    { description: 'preparation time (fired → ready) per item and station' },
  ),
  stations: Type.Array(
    Type.Object({
      stationId: Uuid,
      name: Type.String(),
      lateAfterSeconds: Type.Integer(),
      tickets: Type.Integer(),
      late: Type.Integer({ description: 'tickets bumped after, or still open past, the threshold' }),
      avgSeconds: Seconds,
      p90Seconds: Seconds,
    }),
  ),
  allDay: Type.Array(
    Type.Object({
      stationId: Uuid,
      itemId: Uuid,
      name: Type.String(),
      pending: Type.Integer({ description: 'how many are still to make (fired or held, not ready)' }),
      held: Type.Integer({ description: 'of which in courses not fired yet' }),
    }),
  ),
});

export type CreateStationInput = Static<typeof CreateStationBody>;
export type UpdateStationInput = Static<typeof UpdateStationBody>;
export type CreateRouteInput = Static<typeof CreateRouteBody>;
export type TicketDto = Static<typeof TicketSchema>;
export type ListTicketsInput = Static<typeof ListTicketsQuery>;
export type LineStatusInput = Static<typeof LineStatusBody>['status'];

nameSchemas({
  CreateKitchenStationRequest: CreateStationBody,
  UpdateKitchenStationRequest: UpdateStationBody,
  SetKitchenRouteRequest: CreateRouteBody,
  KitchenLineStatusRequest: LineStatusBody,
  KitchenTickets: TicketsResult,
  RushRequest: RushBody,
  KitchenStation: StationSchema,
  KitchenRoute: RouteSchema,
  KitchenTicket: TicketSchema,
  KitchenTicketLine: TicketLineSchema,
  KitchenBoard: BoardSchema,
  KitchenFigures: FiguresSchema,
});
