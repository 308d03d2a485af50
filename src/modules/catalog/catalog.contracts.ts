import { Type, type Static } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Page, pageQuery } from '../../platform/http/pagination.ts';
import { Body, MAX_AMOUNT, Nullable, Uuid } from '../../platform/http/schemas.ts';

/** Money in minor units of the tenant's currency (integers only). */
export const Minor = Type.Integer({
  minimum: 0,
  maximum: MAX_AMOUNT,
  description: 'minor units of the tenant currency',
});
export const Ppm = Type.Integer({
  minimum: 0,
  maximum: 1_000_000,
  description: 'parts per million: 10% = 100000',
});
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Version = Type.String({ pattern: '^[0-9]+$', description: 'catalog version' });
const DiningOption = Type.Union([
  Type.Literal('dine_in'),
  Type.Literal('takeaway'),
  Type.Literal('delivery'),
]);
const Ids = Type.Array(Uuid, { maxItems: 100, uniqueItems: true });

export const TaxRateSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  ratePpm: Type.Integer(),
  inclusive: Type.Boolean(),
  archived: Type.Boolean(),
  version: Version,
});
export const CreateTaxRateBody = Body({
  id: Type.Optional(Uuid),
  name: Name,
  ratePpm: Ppm,
  inclusive: Type.Boolean(),
});
export const UpdateTaxRateBody = Body({ name: Type.Optional(Name), archived: Type.Optional(Type.Boolean()) });

export const ServiceChargeSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  ratePpm: Type.Integer(),
  diningOptions: Type.Array(Type.String()),
  taxable: Type.Boolean(),
  taxRateIds: Type.Array(Uuid),
  archived: Type.Boolean(),
  version: Version,
});
export const CreateServiceChargeBody = Body({
  id: Type.Optional(Uuid),
  name: Name,
  ratePpm: Ppm,
  diningOptions: Type.Array(DiningOption, { minItems: 1, uniqueItems: true }),
  taxable: Type.Boolean(),
  taxRateIds: Type.Optional(Ids),
});
export const UpdateServiceChargeBody = Body({
  name: Type.Optional(Name),
  ratePpm: Type.Optional(Ppm),
  diningOptions: Type.Optional(Type.Array(DiningOption, { minItems: 1, uniqueItems: true })),
  taxable: Type.Optional(Type.Boolean()),
  taxRateIds: Type.Optional(Ids),
  archived: Type.Optional(Type.Boolean()),
});

export const DiscountSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: Type.String(),
  scope: Type.String(),
  value: Nullable(Type.Integer()),
  approvalThreshold: Nullable(Type.Integer()),
  archived: Type.Boolean(),
  version: Version,
});
export const CreateDiscountBody = Body({
  id: Type.Optional(Uuid),
  name: Name,
  kind: Type.Union([Type.Literal('percentage'), Type.Literal('fixed')]),
  scope: Type.Union([Type.Literal('item'), Type.Literal('order')]),
  value: Type.Union([Minor, Type.Null()], {
    description: 'ppm for percentage, minor units for fixed; null = entered at the sale',
  }),
  approvalThreshold: Type.Optional(Nullable(Minor)),
});
export const UpdateDiscountBody = Body({
  name: Type.Optional(Name),
  value: Type.Optional(Nullable(Minor)),
  approvalThreshold: Type.Optional(Nullable(Minor)),
  archived: Type.Optional(Type.Boolean()),
});

export const CategorySchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  sortOrder: Type.Integer(),
  taxRateIds: Type.Array(Uuid),
  archived: Type.Boolean(),
  version: Version,
});
export const CreateCategoryBody = Body({
  id: Type.Optional(Uuid),
  name: Name,
  sortOrder: Type.Optional(Type.Integer({ minimum: -100000, maximum: 100000 })),
  taxRateIds: Type.Optional(Ids),
});
export const UpdateCategoryBody = Body({
  name: Type.Optional(Name),
  sortOrder: Type.Optional(Type.Integer({ minimum: -100000, maximum: 100000 })),
  taxRateIds: Type.Optional(Ids),
  archived: Type.Optional(Type.Boolean()),
});

const Code = Type.String({ minLength: 1, maxLength: 64 });
export const VariantSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  sku: Nullable(Type.String()),
  barcode: Nullable(Type.String()),
  price: Type.Integer(),
  sortOrder: Type.Integer(),
  archived: Type.Boolean(),
});
export const VariantInput = Body({
  id: Type.Optional(Uuid),
  name: Name,
  sku: Type.Optional(Nullable(Code)),
  barcode: Type.Optional(Nullable(Code)),
  price: Minor,
});
export const ItemSchema = Type.Object({
  id: Uuid,
  categoryId: Nullable(Uuid),
  name: Type.String(),
  description: Nullable(Type.String()),
  imageUrl: Nullable(
    Type.String({
      description:
        'the picture: its served path /media/{tenantId}/{imageId} when uploaded, else the URL given',
    }),
  ),
  imageId: Nullable({ ...Uuid, description: 'an uploaded image (POST /v1/media/images)' }),
  taxRateIds: Type.Array(Uuid),
  overrideCategoryTaxes: Type.Boolean(),
  modifierGroupIds: Type.Array(Uuid),
  variants: Type.Array(VariantSchema),
  archived: Type.Boolean(),
  version: Version,
});
const itemFields = {
  categoryId: Type.Optional(Nullable(Uuid)),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  imageUrl: Type.Optional(Nullable(Type.String({ format: 'uri', maxLength: 2000 }))),
  imageId: Type.Optional(
    Nullable({ ...Uuid, description: 'an image uploaded by this business; replaces imageUrl' }),
  ),
  taxRateIds: Type.Optional(Ids),
  overrideCategoryTaxes: Type.Optional(Type.Boolean()),
  modifierGroupIds: Type.Optional(Ids),
};
export const CreateItemBody = Body({
  id: Type.Optional(Uuid),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  ...itemFields,
  variants: Type.Array(VariantInput, { minItems: 1, maxItems: 50 }),
});
export const UpdateItemBody = Body({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  ...itemFields,
  variants: Type.Optional(
    Type.Array(VariantInput, {
      minItems: 1,
      maxItems: 50,
      description: 'the full list: variants left out are archived',
    }),
  ),
  archived: Type.Optional(Type.Boolean()),
});
export const ItemListQuery = Type.Object(
  { categoryId: Type.Optional(Uuid), includeArchived: Type.Optional(Type.Boolean()), ...pageQuery() },
  { additionalProperties: false },
);

export const OptionSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  price: Type.Integer(),
  sortOrder: Type.Integer(),
  archived: Type.Boolean(),
});
export const ModifierGroupSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  minSelect: Type.Integer(),
  maxSelect: Nullable(Type.Integer()),
  options: Type.Array(OptionSchema),
  archived: Type.Boolean(),
  version: Version,
});
const OptionInput = Body({ id: Type.Optional(Uuid), name: Name, price: Minor });
export const CreateModifierGroupBody = Body({
  id: Type.Optional(Uuid),
  name: Name,
  minSelect: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  maxSelect: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
  options: Type.Array(OptionInput, { minItems: 1, maxItems: 100 }),
});
export const UpdateModifierGroupBody = Body({
  name: Type.Optional(Name),
  minSelect: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  maxSelect: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
  options: Type.Optional(
    Type.Array(OptionInput, {
      minItems: 1,
      maxItems: 100,
      description: 'the full list: options left out are archived',
    }),
  ),
  archived: Type.Optional(Type.Boolean()),
});

export const OutletItemSchema = Type.Object({
  outletId: Uuid,
  itemId: Uuid,
  soldOut: Type.Boolean(),
  variantPrices: Type.Array(Type.Object({ variantId: Uuid, price: Nullable(Type.Integer()) })),
});
export const OutletItemParams = Type.Object({ outletId: Uuid, itemId: Uuid });
export const SetOutletItemBody = Body({
  soldOut: Type.Optional(Type.Boolean()),
  variantPrices: Type.Optional(
    Type.Array(Body({ variantId: Uuid, price: Nullable(Minor) }), { maxItems: 50 }),
  ),
});

export const MenuQuery = Type.Object({ outletId: Uuid }, { additionalProperties: false });
export const MenuSchema = Type.Object({
  outletId: Uuid,
  version: Version,
  categories: Type.Array(CategorySchema),
  items: Type.Array(
    Type.Object({
      ...ItemSchema.properties,
      soldOut: Type.Boolean(),
      effectiveTaxRateIds: Type.Array(Uuid),
      variants: Type.Array(Type.Object({ ...VariantSchema.properties, basePrice: Type.Integer() })),
    }),
  ),
  modifierGroups: Type.Array(ModifierGroupSchema),
  taxRates: Type.Array(TaxRateSchema),
  serviceCharges: Type.Array(ServiceChargeSchema),
  discounts: Type.Array(DiscountSchema),
});
export const ChangesQuery = Type.Object(
  { since: Type.String({ pattern: '^[0-9]{1,18}$' }) },
  { additionalProperties: false },
);
export const ChangesSchema = Type.Object({
  since: Version,
  version: Version,
  categories: Type.Array(CategorySchema),
  items: Type.Array(ItemSchema),
  modifierGroups: Type.Array(ModifierGroupSchema),
  taxRates: Type.Array(TaxRateSchema),
  serviceCharges: Type.Array(ServiceChargeSchema),
  discounts: Type.Array(DiscountSchema),
  outletItems: Type.Array(Type.Object({ outletId: Uuid, itemId: Uuid, soldOut: Type.Boolean() })),
  outletPrices: Type.Array(Type.Object({ outletId: Uuid, variantId: Uuid, price: Nullable(Type.Integer()) })),
});

export const MenuChangesQuery = Type.Object(
  {
    outletId: Uuid,
    since: Type.String({ pattern: '^[0-9]{1,18}$', description: 'the menu version you hold' }),
  },
  { additionalProperties: false },
);
export const MenuChangesSchema = Type.Object({
  outletId: Uuid,
  since: Version,
  version: Version,
  full: Type.Boolean({
    description:
      'true: no delta (a tax, charge, discount or modifier change, or too many items): read the whole menu',
  }),
  items: Type.Array(MenuSchema.properties.items.items, {
    description: 'changed live items, as the menu shows them',
  }),
  removedItemIds: Type.Array(Uuid),
  categories: Type.Array(CategorySchema),
  removedCategoryIds: Type.Array(Uuid),
});

export const TaxRatePage = Page('TaxRatePage', TaxRateSchema, 'A page of tax rates, by name');
export const ServiceChargePage = Page(
  'ServiceChargePage',
  ServiceChargeSchema,
  'A page of service charges, by name',
);
export const DiscountPage = Page('DiscountPage', DiscountSchema, 'A page of discounts, by name');
export const CategoryPage = Page('CategoryPage', CategorySchema, 'A page of categories, in display order');
export const ItemPage = Page('ItemPage', ItemSchema, 'A page of items, by name');
export const ModifierGroupPage = Page(
  'ModifierGroupPage',
  ModifierGroupSchema,
  'A page of modifier groups, by name',
);

/* Use-case inputs are the request bodies as validated: a field added to a schema reaches them. */
export type CreateTaxRateInput = Static<typeof CreateTaxRateBody>;
export type UpdateTaxRateInput = Static<typeof UpdateTaxRateBody>;
export type CreateServiceChargeInput = Static<typeof CreateServiceChargeBody>;
export type UpdateServiceChargeInput = Static<typeof UpdateServiceChargeBody>;
export type CreateDiscountInput = Static<typeof CreateDiscountBody>;
export type UpdateDiscountInput = Static<typeof UpdateDiscountBody>;
/** Creating (with a name) or changing a category: one use case. */
export type CategoryInput = Partial<Static<typeof CreateCategoryBody> & Static<typeof UpdateCategoryBody>>;
export type VariantInput = Static<typeof VariantInput>;
export type ItemInput = Static<typeof CreateItemBody>;
export type UpdateItemInput = Static<typeof UpdateItemBody>;
export type OptionInput = Static<typeof OptionInput>;
/** Creating or changing a modifier group: one use case. */
export type ModifierGroupInput = Partial<
  Static<typeof CreateModifierGroupBody> & Static<typeof UpdateModifierGroupBody>
>;
export type OutletItemInput = Static<typeof SetOutletItemBody>;

nameSchemas({
  TaxRate: TaxRateSchema,
  CreateTaxRateRequest: CreateTaxRateBody,
  UpdateTaxRateRequest: UpdateTaxRateBody,
  ServiceCharge: ServiceChargeSchema,
  CreateServiceChargeRequest: CreateServiceChargeBody,
  UpdateServiceChargeRequest: UpdateServiceChargeBody,
  Discount: DiscountSchema,
  CreateDiscountRequest: CreateDiscountBody,
  UpdateDiscountRequest: UpdateDiscountBody,
  Category: CategorySchema,
  CreateCategoryRequest: CreateCategoryBody,
  UpdateCategoryRequest: UpdateCategoryBody,
  Variant: VariantSchema,
  VariantInput,
  Item: ItemSchema,
  CreateItemRequest: CreateItemBody,
  UpdateItemRequest: UpdateItemBody,
  ModifierOption: OptionSchema,
  ModifierOptionInput: OptionInput,
  ModifierGroup: ModifierGroupSchema,
  CreateModifierGroupRequest: CreateModifierGroupBody,
  UpdateModifierGroupRequest: UpdateModifierGroupBody,
  OutletItem: OutletItemSchema,
  UpdateOutletItemRequest: SetOutletItemBody,
  Menu: MenuSchema,
  MenuItem: MenuSchema.properties.items.items,
  MenuVariant: MenuSchema.properties.items.items.properties.variants.items,
  CatalogChanges: ChangesSchema,
  MenuChanges: MenuChangesSchema,
});
