import { Type, type Static } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Page, pageQuery } from '../../platform/http/pagination.ts';
import { Body, Nullable, Timestamp, Uuid } from '../../platform/http/schemas.ts';
import { UNIT_NAMES } from './units.ts';

const Minor = Type.Integer();
/** A quantity in base units (thousandths of g, ml or pcs), as stored. */
const Base = Type.Integer({ description: 'base units: thousandths of a gram, millilitre or piece' });
const MAX_QTY = 1_000_000_000_000;

const UnitName = Type.String({
  minLength: 1,
  maxLength: 40,
  description: `one of ${UNIT_NAMES.join(', ')} (of the item's dimension), \`purchase\` (the item's purchase unit) or \`base\``,
});

/** A quantity as people say it: 2 kg, 500 g, 3 cases. */
export const QuantityInput = Type.Object(
  {
    quantity: Type.Integer({ minimum: -MAX_QTY, maximum: MAX_QTY }),
    unit: Type.Optional(UnitName),
  },
  { additionalProperties: false },
);
const PositiveQuantity = Type.Object(
  { quantity: Type.Integer({ minimum: 1, maximum: MAX_QTY }), unit: Type.Optional(UnitName) },
  { additionalProperties: false },
);
const OccurredAt = Type.Optional(
  Type.String({
    format: 'date-time',
    description: 'when it happened on the terminal (offline terminals); default now',
  }),
);
const Note = Type.Optional(Type.String({ minLength: 1, maxLength: 500 }));
const Kind = Type.Union([Type.Literal('ingredient'), Type.Literal('retail')]);
const Dimension = Type.Union([Type.Literal('mass'), Type.Literal('volume'), Type.Literal('count')]);
const StockUnit = Type.Union([
  Type.Literal('mg'),
  Type.Literal('g'),
  Type.Literal('kg'),
  Type.Literal('ml'),
  Type.Literal('l'),
  Type.Literal('pcs'),
]);

export const StockItemSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  sku: Nullable(Type.String()),
  kind: Kind,
  dimension: Dimension,
  stockUnit: Type.String(),
  purchaseUnit: Type.String(),
  purchaseUnitQty: Base,
  archived: Type.Boolean(),
  createdAt: Timestamp,
});

export const CreateStockItemBody = Body({
  id: Type.Optional(Uuid),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  sku: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  kind: Kind,
  dimension: Dimension,
  stockUnit: Type.Optional(StockUnit),
  purchaseUnit: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  purchaseUnitSize: Type.Optional(PositiveQuantity),
});
export type CreateStockItemInput = Static<typeof CreateStockItemBody>;

export const UpdateStockItemBody = Body({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  sku: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
  stockUnit: Type.Optional(StockUnit),
  purchaseUnit: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  purchaseUnitSize: Type.Optional(PositiveQuantity),
  archived: Type.Optional(Type.Boolean()),
});
export type UpdateStockItemInput = Static<typeof UpdateStockItemBody>;

export const StockItemsQuery = Type.Object(
  { ...pageQuery(), archived: Type.Optional(Type.Boolean({ description: 'include archived items' })) },
  { additionalProperties: false },
);

export const LevelSchema = Type.Object({
  outletId: Uuid,
  stockItemId: Uuid,
  name: Type.String(),
  kind: Kind,
  stockUnit: Type.String(),
  qty: Base,
  display: Type.String({ description: 'the level in the stock unit, e.g. "1.25"' }),
  value: Type.Integer({ description: 'what the stock is worth at moving-average cost (minor units)' }),
  unitCost: Type.Integer({ description: 'average cost of one stock unit (minor units, rounded)' }),
  reorderLevel: Nullable(Base),
  low: Type.Boolean({ description: 'at or below the reorder level' }),
});
export type LevelDto = Static<typeof LevelSchema>;

export const LevelsQuery = Type.Object(
  { ...pageQuery(), outletId: Type.Optional(Uuid), stockItemId: Type.Optional(Uuid) },
  { additionalProperties: false },
);

export const ReorderLevelBody = Body({
  outletId: Uuid,
  stockItemId: Uuid,
  reorderLevel: Nullable(PositiveQuantity),
});

export const MovementSchema = Type.Object({
  id: Uuid,
  outletId: Uuid,
  stockItemId: Uuid,
  reason: Type.Union([
    Type.Literal('sale'),
    Type.Literal('return'),
    Type.Literal('waste'),
    Type.Literal('adjustment'),
    Type.Literal('receiving'),
    Type.Literal('transfer_out'),
    Type.Literal('transfer_in'),
    Type.Literal('count'),
  ]),
  qtyDelta: Base,
  valueDelta: Minor,
  qtyAfter: Base,
  valueAfter: Minor,
  occurredAt: Timestamp,
  recordedAt: Timestamp,
  orderId: Nullable(Uuid),
  orderLineId: Nullable(Uuid),
  refundId: Nullable(Uuid),
  purchaseOrderId: Nullable(Uuid),
  transferId: Nullable(Uuid),
  countId: Nullable(Uuid),
  note: Nullable(Type.String()),
  actor: Type.String(),
});
export type MovementDto = Static<typeof MovementSchema>;

export const MovementsQuery = Type.Object(
  {
    ...pageQuery(),
    outletId: Type.Optional(Uuid),
    stockItemId: Type.Optional(Uuid),
    orderId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const AdjustmentBody = Body({
  outletId: Uuid,
  stockItemId: Uuid,
  reason: Type.Union([Type.Literal('adjustment'), Type.Literal('waste')]),
  change: QuantityInput,
  note: Note,
  occurredAt: OccurredAt,
});
export type AdjustmentInput = Static<typeof AdjustmentBody>;

export const CountBody = Body({
  id: Type.Optional(Uuid),
  outletId: Uuid,
  note: Note,
  occurredAt: OccurredAt,
  lines: Type.Array(
    Type.Object(
      {
        stockItemId: Uuid,
        counted: Type.Object(
          { quantity: Type.Integer({ minimum: 0, maximum: MAX_QTY }), unit: Type.Optional(UnitName) },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 500 },
  ),
});
export type CountInput = Static<typeof CountBody>;

export const CountResultSchema = Type.Object({
  countId: Uuid,
  movements: Type.Array(MovementSchema),
});

export const SettingsSchema = Type.Object({
  outletId: Uuid,
  negativeStock: Type.Union([Type.Literal('allow'), Type.Literal('block')], {
    description:
      '`block`: a sale, waste or transfer never takes stock below zero, and dishes that cannot be made are marked sold out',
  }),
});
export const SettingsBody = Body({ negativeStock: SettingsSchema.properties.negativeStock });

const TargetType = Type.Union([
  Type.Literal('item'),
  Type.Literal('variant'),
  Type.Literal('modifier_option'),
]);
export const RecipeSchema = Type.Object({
  id: Uuid,
  targetType: TargetType,
  targetId: Uuid,
  version: Type.Integer(),
  yieldBp: Type.Integer({ description: 'usable share in basis points (10000 = no waste)' }),
  effectiveFrom: Timestamp,
  createdAt: Timestamp,
  lines: Type.Array(Type.Object({ stockItemId: Uuid, qty: Base })),
});
export type RecipeDto = Static<typeof RecipeSchema>;

export const RecipeBody = Body({
  targetType: TargetType,
  targetId: Uuid,
  yieldBp: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  effectiveFrom: Type.Optional(Type.String({ format: 'date-time' })),
  lines: Type.Array(
    Type.Object({ stockItemId: Uuid, amount: PositiveQuantity }, { additionalProperties: false }),
    { maxItems: 100 },
  ),
});
export type RecipeInput = Static<typeof RecipeBody>;

export const RecipesQuery = Type.Object(
  { ...pageQuery(), targetId: Type.Optional(Uuid), history: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const ValuationQuery = Type.Object({ outletId: Type.Optional(Uuid) }, { additionalProperties: false });
export const ValuationSchema = Type.Object({
  currency: Type.String(),
  total: Minor,
  inTransit: Minor,
  outlets: Type.Array(Type.Object({ outletId: Uuid, value: Minor })),
  items: Type.Array(
    Type.Object({ outletId: Uuid, stockItemId: Uuid, name: Type.String(), qty: Base, value: Minor }),
  ),
});

export const MarginsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    outletId: Type.Optional(Uuid),
    by: Type.Optional(Type.Union([Type.Literal('item'), Type.Literal('category')])),
  },
  { additionalProperties: false },
);
export const MarginsSchema = Type.Object({
  currency: Type.String(),
  by: Type.Union([Type.Literal('item'), Type.Literal('category')]),
  rows: Type.Array(
    Type.Object({
      id: Nullable(Uuid),
      name: Type.String(),
      quantity: Type.Integer(),
      revenue: Minor,
      cost: Minor,
      margin: Minor,
      marginPpm: Nullable(Type.Integer({ description: 'margin / revenue in parts per million' })),
    }),
  ),
  totals: Type.Object({ revenue: Minor, cost: Minor, margin: Minor }),
});

nameSchemas({
  StockQuantity: QuantityInput,
  StockItem: StockItemSchema,
  CreateStockItemRequest: CreateStockItemBody,
  UpdateStockItemRequest: UpdateStockItemBody,
  StockLevel: LevelSchema,
  ReorderLevelRequest: ReorderLevelBody,
  StockMovement: MovementSchema,
  StockAdjustmentRequest: AdjustmentBody,
  StockCountRequest: CountBody,
  StockCountResult: CountResultSchema,
  InventorySettings: SettingsSchema,
  InventorySettingsUpdate: SettingsBody,
  Recipe: RecipeSchema,
  RecipeRequest: RecipeBody,
  InventoryValuation: ValuationSchema,
  GrossMargins: MarginsSchema,
});

export const StockItemPage = Page('StockItemPage', StockItemSchema, 'A page of stock items, by name');
export const StockLevelPage = Page('StockLevelPage', LevelSchema, 'A page of stock levels, by item name');
export const StockMovementPage = Page(
  'StockMovementPage',
  MovementSchema,
  'A page of stock movements, newest first',
);
export const RecipePage = Page('RecipePage', RecipeSchema, 'A page of recipes (the current version of each)');
