import type { ContractExample } from '../../platform/http/openapi-contract.ts';

/** Examples for the OpenAPI document (checked against the schemas by test/openapi.test.ts). */
const ids = {
  outlet: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c80',
  nasiGoreng: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c81',
  regular: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c82',
  extraEgg: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c83',
  toppings: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7ca0',
  mains: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7ca1',
  ppn: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7ca2',
} as const;

export const createItemRequest = {
  withVariants: {
    summary: 'Fried rice in two sizes, taxed through its category, with a toppings group',
    value: {
      name: 'Nasi Goreng',
      categoryId: ids.mains,
      description: 'Fried rice with egg and crackers',
      modifierGroupIds: [ids.toppings],
      variants: [
        { name: 'Regular', price: 2_500_000 },
        { name: 'Jumbo', price: 3_200_000, sku: 'NG-J' },
      ],
    },
  },
} satisfies Record<string, ContractExample>;

export const menuResponse = {
  smallMenu: {
    summary: 'One category, one item with one variant and a toppings group, PPN 11% inclusive',
    value: {
      outletId: ids.outlet,
      version: '42',
      categories: [
        { id: ids.mains, name: 'Mains', sortOrder: 0, taxRateIds: [ids.ppn], archived: false, version: '3' },
      ],
      items: [
        {
          id: ids.nasiGoreng,
          categoryId: ids.mains,
          name: 'Nasi Goreng',
          description: 'Fried rice with egg and crackers',
          imageUrl: null,
          imageId: null,
          taxRateIds: [],
          overrideCategoryTaxes: false,
          modifierGroupIds: [ids.toppings],
          variants: [
            {
              id: ids.regular,
              name: 'Regular',
              sku: null,
              barcode: null,
              price: 2_500_000,
              basePrice: 2_500_000,
              sortOrder: 0,
              archived: false,
            },
          ],
          archived: false,
          version: '40',
          soldOut: false,
          effectiveTaxRateIds: [ids.ppn],
        },
      ],
      modifierGroups: [
        {
          id: ids.toppings,
          name: 'Toppings',
          minSelect: 0,
          maxSelect: 3,
          options: [{ id: ids.extraEgg, name: 'Extra egg', price: 500_000, sortOrder: 0, archived: false }],
          archived: false,
          version: '12',
        },
      ],
      taxRates: [
        { id: ids.ppn, name: 'PPN 11%', ratePpm: 110_000, inclusive: true, archived: false, version: '2' },
      ],
      serviceCharges: [],
      discounts: [],
    },
  },
} satisfies Record<string, ContractExample>;
