// A small but complete business for generated requests to act on: every kind of entity a route
// names by id exists (catalog, orders in every state, payments, a refund, staff, keys, devices, a
// webhook endpoint, an approval), so schema-valid requests reach the use cases, not just the 404s.
import type { FastifyInstance } from 'fastify';
import {
  addStaff,
  client,
  createPlatformAdmin,
  createTenant,
  pairDevice,
  type TenantFixture,
} from './test-app.ts';

/** Ids by kind (`order`, `line`, `variant`, …): what a path parameter or an id field may name. */
export type IdPool = Map<string, string[]>;

export interface FuzzWorld {
  /** The tenant the generated requests work in. */
  tenant: TenantFixture;
  /** Its ids by kind. */
  pool: IdPool;
  /** Another tenant's ids: never reachable with the first tenant's credentials, and vice versa. */
  foreign: string[];
  tokens: {
    owner: string;
    /** The other tenant's owner. */
    foreign: string;
    device: string;
    platform: string;
    /** A session of its own, for POST /v1/auth/logout. */
    logout: string;
  };
  /** Known-good path parameters per route template (values in template order). */
  params: Map<string, string[][]>;
  /** What the PATCH sweep edits: entities that may be renamed, archived or disabled. */
  sweep: Map<string, string[]>;
}

/** Creates the world through the public API (a few argon2 hashes: ~1 s). */
export async function createFuzzWorld(app: FastifyInstance): Promise<FuzzWorld> {
  const api = client(app);
  const pool: IdPool = new Map();
  const add = (kind: string, ...ids: (string | undefined)[]) => {
    const list = pool.get(kind) ?? [];
    list.push(...ids.filter((id): id is string => typeof id === 'string'));
    pool.set(kind, list);
  };
  const ok = async <T = any>(res: Promise<{ status: number; body: any }>, what: string): Promise<T> => {
    const r = await res;
    if (r.status >= 300) {
      throw new Error(`fuzz world: ${what} failed: ${r.status} ${JSON.stringify(r.body)}`);
    }
    return r.body as T;
  };

  /** The rows of a list response, bare or in a page object (`{ deliveries: [...], nextCursor }`). */
  const rows = <T>(body: unknown): T[] =>
    Array.isArray(body) ? (body as T[]) : ((Object.values(body as object).find(Array.isArray) ?? []) as T[]);

  const s = await createTenant(app, 'Schema Fuzz Warung');
  const tk = s.ownerToken;
  const post = (url: string, body: Record<string, unknown>, what = url) => ok(api.post(url, body, tk), what);

  // The webhook endpoint first, so the events below leave deliveries to read.
  // Only cancellations: every delivery is a (refused) connection the worker makes in the background.
  const { endpoint } = await post('/v1/webhooks/endpoints', {
    url: 'http://127.0.0.1:9/fuzz-hook',
    eventTypes: ['order.canceled'],
  });
  add('endpoint', endpoint.id);

  const outlet2 = await post('/v1/outlets', { name: 'Second outlet' });
  const register2 = await post('/v1/registers', { outletId: outlet2.id, name: 'Till 2' });
  add('outlet', s.outletId, outlet2.id);
  add('register', s.registerId, register2.id);
  // Disabled: receipts sent to print here are refused rather than queued for a printer that is not there.
  const printer = await post('/v1/printers', {
    outletId: outlet2.id,
    name: 'Fuzz printer',
    kind: 'receipt',
    host: '192.168.77.7',
    enabled: false,
  });

  const stockItem = await post('/v1/inventory/items', {
    name: 'Fuzz beans',
    kind: 'ingredient',
    dimension: 'mass',
  });

  const pb1 = await post('/v1/catalog/tax-rates', { name: 'PB1', ratePpm: 100_000, inclusive: false });
  const vat = await post('/v1/catalog/tax-rates', { name: 'PPN', ratePpm: 110_000, inclusive: true });
  const spareTax = await post('/v1/catalog/tax-rates', { name: 'Spare', ratePpm: 50_000, inclusive: false });
  add('taxRate', pb1.id, vat.id, spareTax.id);
  const drinks = await post('/v1/catalog/categories', { name: 'Drinks', taxRateIds: [pb1.id] });
  const spareCategory = await post('/v1/catalog/categories', { name: 'Spare', sortOrder: 5 });
  add('category', drinks.id, spareCategory.id);
  const sugar = await post('/v1/catalog/modifier-groups', {
    name: 'Sugar',
    minSelect: 0,
    maxSelect: 1,
    options: [
      { name: 'Less', price: 0 },
      { name: 'Extra', price: 200_000 },
    ],
  });
  const spareGroup = await post('/v1/catalog/modifier-groups', {
    name: 'Spare group',
    options: [{ name: 'Spare option', price: 100_000 }],
  });
  add('modifierGroup', sugar.id, spareGroup.id);
  add('modifierOption', ...sugar.options.map((o: { id: string }) => o.id), spareGroup.options[0].id);
  const item = (name: string, extra: Record<string, unknown>) =>
    post('/v1/catalog/items', {
      name,
      variants: [
        { name: 'Regular', price: 2_500_000 },
        { name: 'Large', price: 3_000_000 },
      ],
      ...extra,
    });
  const kopi = await item('Kopi', { categoryId: drinks.id, modifierGroupIds: [sugar.id] });
  const teh = await item('Teh', { taxRateIds: [vat.id] });
  const spareItem = await item('Spare item', {});
  for (const it of [kopi, teh, spareItem]) {
    add('item', it.id);
    add('variant', ...it.variants.map((v: { id: string }) => v.id));
  }
  const dineIn = await post('/v1/catalog/service-charges', {
    name: 'Service',
    ratePpm: 50_000,
    diningOptions: ['dine_in'],
    taxable: true,
    taxRateIds: [pb1.id],
  });
  const spareCharge = await post('/v1/catalog/service-charges', {
    name: 'Spare charge',
    ratePpm: 10_000,
    diningOptions: ['delivery'],
    taxable: false,
  });
  add('serviceCharge', dineIn.id, spareCharge.id);
  const discounts = [
    { name: 'Item 10%', kind: 'percentage', scope: 'item', value: 100_000 },
    { name: 'Order 5%', kind: 'percentage', scope: 'order', value: 50_000 },
    { name: 'Order open', kind: 'fixed', scope: 'order', value: null },
    { name: 'Big', kind: 'fixed', scope: 'order', value: 500_000, approvalThreshold: 100_000 },
    { name: 'Spare', kind: 'fixed', scope: 'item', value: 100_000 },
  ];
  const discountIds: string[] = [];
  for (const d of discounts) {
    discountIds.push((await post('/v1/catalog/discounts', d)).id);
  }
  add('discount', ...discountIds);

  const cashier = await addStaff(app, s, 'cashier', { pin: '2468' });
  const manager = await addStaff(app, s, 'manager', { pin: '1357' });
  add('membership', s.ownerMembershipId, cashier.membershipId, manager.membershipId);
  const role = await post('/v1/roles', {
    key: 'fuzz_role',
    name: 'Fuzz role',
    permissions: ['orders:read', 'catalog:read'],
  });
  add('role', role.id);
  const roles = rows<{ id: string }>(await ok(api.get('/v1/roles', tk), 'roles'));
  add('role', ...roles.map((r) => r.id).filter((id) => id !== role.id));
  const key = await post('/v1/api-keys', { name: 'Fuzz key', scopes: ['orders:read'] });
  add('apiKey', key.apiKey.id);
  const device = await pairDevice(app, s);
  await pairDevice(app, s, register2.id); // the one DELETE /v1/devices/:id may revoke
  const devices = rows<{ id: string; registerId: string }>(await ok(api.get('/v1/devices', tk), 'devices'));
  add('device', ...devices.filter((d) => d.registerId === register2.id).map((d) => d.id));
  const approval = await ok(
    api.post(
      '/v1/approvals',
      {
        approverId: manager.membershipId,
        pin: '1357',
        permission: 'orders:void',
        targetType: 'order',
        targetId: '00000000-0000-0000-0000-000000000000',
      },
      cashier.token,
    ),
    'approval',
  );
  add('approval', approval.approvalId);

  // Orders in every state, with payments and a refund.
  const lines = [
    { itemId: kopi.id, variantId: kopi.variants[0].id, quantity: 2 },
    { itemId: teh.id, variantId: teh.variants[1].id, quantity: 1 },
  ];
  const order = (diningOption = 'takeaway') =>
    post('/v1/orders', { outletId: s.outletId, registerId: s.registerId, diningOption, lines }, 'order');
  const open = await order('dine_in');
  const sent = await order();
  await post(`/v1/orders/${sent.id}/send`, {});
  const paid = await order();
  const card = await post(`/v1/orders/${paid.id}/payments`, {
    method: 'card',
    card: { brand: 'visa', last4: '4242' },
    completeOrder: true,
  });
  const refund = await post(`/v1/payments/${card.id}/refunds`, { amount: 100_000, reason: 'fuzz' });
  const partial = await order();
  const cash = await post(`/v1/orders/${partial.id}/payments`, { method: 'cash', tendered: 1_000_000 });
  const canceled = await order();
  await post(`/v1/orders/${canceled.id}/cancel`, { reason: 'fuzz' });
  // The floor and the kitchen: a station with a rule, a floor with a table, the sent order ticketed.
  const station = await post('/v1/kitchen/stations', {
    outletId: s.outletId,
    key: 'fuzz-dapur',
    name: 'Dapur',
    isDefault: true,
  });
  await post('/v1/kitchen/routes', { stationId: station.id, itemId: kopi.id, course: 1 });
  const floor = await post('/v1/floors', { outletId: s.outletId, name: 'Ground' });
  const table = await post('/v1/tables', { floorId: floor.id, name: 'F1', seats: 4 });
  add('station', station.id);
  add('floor', floor.id);
  add('table', table.id);
  const params = new Map<string, string[][]>();
  for (const o of [open, sent, paid, partial, canceled]) {
    add('order', o.id);
    add('line', ...o.lines.map((l: { id: string }) => l.id));
    params.set('/v1/orders/{id}/lines/{lineId}', [
      ...(params.get('/v1/orders/{id}/lines/{lineId}') ?? []),
      ...o.lines.map((l: { id: string }) => [o.id, l.id]),
    ]);
  }
  add('payment', card.id, cash.id);
  add('refund', refund.id);
  params.set(
    '/v1/outlets/{outletId}/items/{itemId}',
    [s.outletId, outlet2.id].flatMap((o) => [kopi.id, teh.id, spareItem.id].map((i) => [o, i])),
  );
  const deliveries = rows<{ id: string }>(
    await ok(api.get(`/v1/webhooks/endpoints/${endpoint.id}/deliveries`, tk), 'deliveries'),
  );
  add('delivery', ...deliveries.map((d) => d.id).slice(0, 5));

  // The other tenant (its ids are foreign here), a sacrificial tenant for the platform's
  // suspend/reactivate, a platform operator and a session that may be logged out.
  const b = await createTenant(app, 'Schema Fuzz Foreign');
  const bItem = await ok(
    api.post('/v1/catalog/items', { name: 'B', variants: [{ name: 'B', price: 100 }] }, b.ownerToken),
    'foreign item',
  );
  const bOrder = await ok(
    api.post(
      '/v1/orders',
      {
        outletId: b.outletId,
        diningOption: 'takeaway',
        lines: [{ itemId: bItem.id, variantId: bItem.variants[0].id, quantity: 1 }],
      },
      b.ownerToken,
    ),
    'foreign order',
  );
  const d = await createTenant(app, 'Schema Fuzz Sacrificial');
  add('tenant', d.tenantId);
  const platform = await createPlatformAdmin(app);
  const logout = await ok(api.post('/v1/auth/login', { email: s.email, password: s.password }), 'login');

  return {
    tenant: s,
    pool,
    foreign: [b.outletId, b.registerId, b.ownerMembershipId, b.tenantId, bItem.id, bOrder.id],
    tokens: {
      owner: tk,
      foreign: b.ownerToken,
      device,
      platform: platform.token,
      logout: logout.accessToken,
    },
    params,
    sweep: new Map([
      ['/v1/roles/{id}', [role.id]],
      ['/v1/staff/{id}', [cashier.membershipId]],
      ['/v1/outlets/{id}', [outlet2.id]],
      ['/v1/outlets/{id}/cash-settings', [outlet2.id]],
      ['/v1/printers/{id}', [printer.id]],
      ['/v1/inventory/items/{id}', [stockItem.id]],
      ['/v1/registers/{id}', [register2.id]],
      ['/v1/catalog/tax-rates/{id}', [spareTax.id]],
      ['/v1/catalog/service-charges/{id}', [spareCharge.id]],
      ['/v1/catalog/discounts/{id}', [discountIds[4]!]],
      ['/v1/catalog/categories/{id}', [spareCategory.id]],
      ['/v1/catalog/items/{id}', [spareItem.id]],
      ['/v1/catalog/modifier-groups/{id}', [spareGroup.id]],
      ['/v1/outlets/{outletId}/items/{itemId}', [outlet2.id, spareItem.id]],
      ['/v1/orders/{id}', [open.id]],
      ['/v1/orders/{id}/lines/{lineId}', [open.id, open.lines[0].id]],
      ['/v1/webhooks/endpoints/{id}', [endpoint.id]],
      ['/v1/kitchen/stations/{id}', [station.id]],
      ['/v1/floors/{id}', [floor.id]],
      ['/v1/tables/{id}', [table.id]],
    ]),
  };
}
