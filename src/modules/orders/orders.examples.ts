import type { ContractExample } from '../../platform/http/openapi-contract.ts';

/** Examples for the OpenAPI document (checked against the schemas by test/openapi.test.ts). */
export const ids = {
  outlet: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c80',
  nasiGoreng: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c81',
  nasiGorengRegular: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c82',
  extraEgg: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c83',
  esTeh: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c84',
  esTehLarge: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c85',
  offlineOrder: '0190f3a2-1c4e-7a10-8b2d-3f4e5a6b7c86',
} as const;

export const createOrderRequest = {
  dineIn: {
    summary: 'Dine-in at table A4: two fried rice with an extra egg, two iced teas',
    value: {
      outletId: ids.outlet,
      diningOption: 'dine_in',
      tableRef: 'A4',
      guestCount: 2,
      lines: [
        {
          itemId: ids.nasiGoreng,
          variantId: ids.nasiGorengRegular,
          quantity: 2,
          modifierOptionIds: [ids.extraEgg],
          notes: 'extra pedas',
        },
        { itemId: ids.esTeh, variantId: ids.esTehLarge, quantity: 2 },
      ],
    },
  },
  offlineTakeaway: {
    summary: 'Takeaway created offline with its own id (a retry creates it once)',
    value: {
      id: ids.offlineOrder,
      outletId: ids.outlet,
      diningOption: 'takeaway',
      customerName: 'Budi',
      lines: [{ itemId: ids.esTeh, variantId: ids.esTehLarge, quantity: 1 }],
    },
  },
} satisfies Record<string, ContractExample>;
