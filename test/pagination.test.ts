// Every list of the API, taken from the live OpenAPI document, answers the one page shape, and
// following `nextCursor` page by page (limit=2) gives exactly the list read in one page: same
// items, same order, nothing skipped or repeated. A new list operation is covered as soon as it
// exists; one with path parameters must say here which fixture to read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids/ids.ts';
import {
  addStaff,
  client,
  createPlatformAdmin,
  createTenant,
  createTestApp,
  pairDevice,
  type TenantFixture,
  type TestApp,
} from './support/test-app.ts';

let t: TestApp;
let fx: TenantFixture;
let deviceToken: string;
let platformToken: string;
let lists: { path: string; operationId: string }[];
const fixtures: Record<string, string> = {};

beforeAll(async () => {
  // Webhook endpoints on 127.0.0.1 (nothing listens there: their deliveries just fail and retry).
  t = await createTestApp({ config: { outboundAllowPrivate: true } });
  fx = await createTenant(t.app, 'Paging Café');
  await createTenant(t.app, 'Paging Bakery');
  await createTenant(t.app, 'Paging Grill');
  const api = client(t.app);
  const tk = fx.ownerToken;
  const post = async (url: string, body: Record<string, unknown>) => {
    const res = await api.post(url, body, tk);
    expect(res.status, `${url} ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };
  // Three or more of everything, several with equal names (the id breaks the tie), created within
  // the same milliseconds (keysets on timestamps must not skip rows PostgreSQL keeps in µs).
  const taxes = [];
  for (const name of ['PB1', 'PPN', 'PPN']) {
    taxes.push(await post('/v1/catalog/tax-rates', { name, ratePpm: 100_000, inclusive: false }));
  }
  for (const name of ['Service', 'Delivery fee', 'Service']) {
    await post('/v1/catalog/service-charges', {
      name,
      ratePpm: 50_000,
      diningOptions: ['dine_in'],
      taxable: false,
    });
  }
  for (const name of ['Staff meal', 'Happy hour', 'Staff meal']) {
    await post('/v1/catalog/discounts', { name, kind: 'percentage', scope: 'order', value: 100_000 });
  }
  for (const name of ['Drinks', 'Food', 'Food']) {
    await post('/v1/catalog/categories', { name });
  }
  for (const name of ['Sugar', 'Ice', 'Sugar']) {
    await post('/v1/catalog/modifier-groups', { name, options: [{ name: 'Normal', price: 0 }] });
  }
  const items: { id: string; variants: { id: string }[] }[] = [];
  for (const name of ['Es Teh', 'Kopi', 'Es Teh', 'Nasi Goreng']) {
    items.push(await post('/v1/catalog/items', { name, variants: [{ name: 'Regular', price: 1_000_000 }] }));
  }
  for (const name of ['Bandung', 'Kemang', 'Bandung']) {
    const outlet = await post('/v1/outlets', { name });
    await post('/v1/registers', { outletId: outlet.id, name: 'Kasir 2' });
  }
  const staffIds: string[] = [];
  for (const role of ['cashier', 'manager', 'kitchen']) {
    staffIds.push((await addStaff(t.app, fx, role, { pin: '1357' })).membershipId);
  }
  await Promise.all(['a', 'b', 'c'].map((name) => post('/v1/api-keys', { name, scopes: ['orders:read'] })));
  deviceToken = await pairDevice(t.app, fx);
  await pairDevice(t.app, fx);
  await pairDevice(t.app, fx);
  // Three offline sales the server refuses (numbers from no block of this device): three sync reports.
  const till = (await api.post('/v1/auth/pin', { membershipId: staffIds[0], pin: '1357' }, deviceToken)).body
    .accessToken;
  const block = (await api.post('/v1/sync/receipt-blocks', { size: 3 }, till)).body;
  const offline = (n: number) => ({
    clientId: newId(),
    sequence: n,
    deviceTime: new Date().toISOString(),
    catalogVersion: '1',
    blockId: block.id,
    receiptNumber: block.lastNumber + n,
    total: 1_000_000,
    diningOption: 'takeaway',
    lines: [
      {
        id: newId(),
        itemId: items[0]!.id,
        variantId: items[0]!.variants[0]!.id,
        quantity: 1,
        sold: { name: 'Es Teh', variantName: 'Regular', unitPrice: 1_000_000, modifiers: [], taxRates: [] },
      },
    ],
    payments: [{ id: newId(), method: 'cash', tendered: 1_000_000 }],
  });
  const synced = await api.post('/v1/sync/sales', { sales: [1, 2, 3].map(offline) }, till);
  expect(synced.body.results.map((r: { status: string }) => r.status)).toEqual([
    'conflict',
    'conflict',
    'conflict',
  ]);
  for (const path of ['/one', '/two', '/three']) {
    await post('/v1/webhooks/endpoints', { url: `http://127.0.0.1:9${path}`, eventTypes: ['*'] });
  }
  const line = { itemId: items[0]!.id, variantId: items[0]!.variants[0]!.id, quantity: 3 };
  const orders = [];
  for (let i = 0; i < 3; i++) {
    orders.push(await post('/v1/orders', { outletId: fx.outletId, diningOption: 'takeaway', lines: [line] }));
  }
  const order = orders[0];
  const third = Math.floor(order.balanceAmount / 3);
  const card = { brand: 'visa', last4: '4242' };
  const payment = await post(`/v1/orders/${order.id}/payments`, { method: 'card', amount: third, card });
  await post(`/v1/orders/${order.id}/payments`, { method: 'card', amount: third, card });
  await post(`/v1/orders/${order.id}/payments`, { method: 'card', card });
  for (let i = 0; i < 3; i++) {
    await post(`/v1/payments/${payment.id}/refunds`, { amount: 100, reason: `refund ${i}` });
  }
  const session = await post('/v1/drawer-sessions', {
    registerId: fx.registerId,
    float: { amount: 1_000_000 },
  });
  for (const reason of ['coins', 'ice', 'more coins']) {
    await post(`/v1/drawer-sessions/${session.id}/paid-in`, { amount: 10_000, reason });
  }
  fixtures['/v1/drawer-sessions/{id}/movements'] = `/v1/drawer-sessions/${session.id}/movements`;
  // Three closes of a second register: its Z reports.
  const closing = await post('/v1/registers', { outletId: fx.outletId, name: 'Closing counter' });
  for (let i = 0; i < 3; i++) {
    const day = await post('/v1/drawer-sessions', { registerId: closing.id, float: { amount: 0 } });
    await post(`/v1/drawer-sessions/${day.id}/close`, { counted: { amount: 0 } });
  }
  fixtures['/v1/registers/{id}/z-reports'] = `/v1/registers/${closing.id}/z-reports`;
  for (const name of ['Kitchen', 'Bar', 'Kitchen']) {
    await post('/v1/printers', {
      outletId: fx.outletId,
      name,
      kind: 'kitchen',
      host: '192.168.1.20',
      enabled: false,
    });
  }
  // Inventory: stock items (equal names), levels, movements, recipes, suppliers, purchase orders, transfers.
  const stock = [];
  for (const name of ['Gula', 'Beras', 'Gula']) {
    stock.push(await post('/v1/inventory/items', { name, kind: 'ingredient', dimension: 'mass' }));
  }
  const second = await post('/v1/outlets', { name: 'Gudang' });
  for (const item of stock) {
    await post('/v1/inventory/adjustments', {
      outletId: fx.outletId,
      stockItemId: item.id,
      reason: 'adjustment',
      change: { quantity: 5, unit: 'kg' },
    });
  }
  for (const item of items.slice(0, 3)) {
    await post('/v1/inventory/recipes', {
      targetType: 'item',
      targetId: item.id,
      lines: [{ stockItemId: stock[0].id, amount: { quantity: 10, unit: 'g' } }],
    });
  }
  const suppliers = [];
  for (const name of ['Pasar', 'Toko', 'Pasar']) {
    suppliers.push(await post('/v1/inventory/suppliers', { name }));
  }
  for (const s of suppliers) {
    await post('/v1/inventory/purchase-orders', {
      outletId: fx.outletId,
      supplierId: s.id,
      lines: [{ stockItemId: stock[1].id, amount: { quantity: 1 }, cost: 100_000 }],
    });
  }
  for (let i = 0; i < 3; i++) {
    await post('/v1/inventory/transfers', {
      fromOutletId: fx.outletId,
      toOutletId: second.id,
      lines: [{ stockItemId: stock[i].id, amount: { quantity: 1, unit: 'kg' } }],
    });
  }
  // Kitchen: three stations (two share a name), an item routed to each, one send → three tickets.
  const stations = [];
  for (const [key, name] of [
    ['dapur', 'Kitchen'],
    ['bar', 'Bar'],
    ['grill', 'Kitchen'],
  ] as const) {
    stations.push(await post('/v1/kitchen/stations', { outletId: fx.outletId, key, name }));
  }
  for (let i = 0; i < 3; i++) {
    await post('/v1/kitchen/routes', { stationId: stations[i].id, itemId: items[i]!.id });
  }
  const dineIn = await post('/v1/orders', {
    outletId: fx.outletId,
    diningOption: 'dine_in',
    lines: items
      .slice(0, 3)
      .map((item) => ({ itemId: item.id, variantId: item.variants[0]!.id, quantity: 1 })),
  });
  await post(`/v1/orders/${dineIn.id}/send`, {});
  // QR ordering: three orders placed from one table's code.
  const qrFloor = await post('/v1/floors', { outletId: fx.outletId, name: 'QR' });
  const qrTable = await post('/v1/tables', { floorId: qrFloor.id, name: 'QR1', seats: 2 });
  const qrCode = await post(`/v1/tables/${qrTable.id}/code`, {});
  for (let i = 0; i < 3; i++) {
    const placed = await api.post(`/v1/qr/tables/${qrCode.token}/orders`, {
      id: newId(),
      lines: [{ itemId: items[0]!.id, variantId: items[0]!.variants[0]!.id, quantity: 1 }],
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  }
  const endpoints = await api.get('/v1/webhooks/endpoints', tk);
  fixtures['/v1/orders/{id}/payments'] = `/v1/orders/${order.id}/payments`;
  fixtures['/v1/orders/{id}/ledger'] = `/v1/orders/${order.id}/ledger`;
  fixtures['/v1/payments/{id}/refunds'] = `/v1/payments/${payment.id}/refunds`;
  fixtures['/v1/webhooks/endpoints/{id}/deliveries'] =
    `/v1/webhooks/endpoints/${endpoints.body.items[0].id}/deliveries`;
  platformToken = (await createPlatformAdmin(t.app)).token;

  const doc = (await api.get('/openapi.json')).body;
  lists = [];
  for (const [path, item] of Object.entries<Record<string, { operationId: string }>>(doc.paths)) {
    if (item.get && /^list[A-Z]/.test(item.get.operationId)) {
      lists.push({ path, operationId: item.get.operationId });
    }
  }
}, 120_000);
afterAll(async () => {
  await t.close();
});

function tokenFor(path: string): string {
  if (path === '/v1/device/staff') {
    return deviceToken;
  }
  return path.startsWith('/v1/platform/') ? platformToken : fx.ownerToken;
}

describe('pagination', () => {
  it('pages every list with cursor and limit: the same items, in the same order, once', async () => {
    const api = client(t.app);
    expect(lists.length).toBeGreaterThan(20);
    const checked: string[] = [];
    for (const { path, operationId } of lists) {
      const url = /\{/.test(path) ? fixtures[path] : path;
      expect(url, `${operationId}: no fixture for ${path}`).toBeDefined();
      const token = tokenFor(path);
      const whole = await api.get(`${url}${url!.includes('?') ? '&' : '?'}limit=200`, token);
      expect(whole.status, `${operationId} ${JSON.stringify(whole.body)}`).toBe(200);
      expect(Object.keys(whole.body)).toEqual(expect.arrayContaining(['items', 'nextCursor']));
      expect(whole.body.nextCursor, operationId).toBeNull();
      const paged: unknown[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { status: number; body: { items: unknown[]; nextCursor: string | null } } = await api.get(
          `${url}?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          token,
        );
        expect(res.status, operationId).toBe(200);
        expect(res.body.items.length, operationId).toBeLessThanOrEqual(2);
        paged.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages += 1;
        expect(pages, `${operationId} does not end`).toBeLessThan(200);
      } while (cursor);
      // Compared by id: a webhook delivery may be retried between two page reads (its attempts move).
      const ids = (items: unknown[]) => items.map((i) => (i as { id?: unknown }).id ?? i);
      expect(ids(paged), operationId).toEqual(ids(whole.body.items));
      if (whole.body.items.length > 2) {
        checked.push(operationId);
      }
    }
    // The lists the fixture fills past one page of two: all but the webhook delivery log (the worker
    // writes it when it gets to it) and gateway accounts (configuring one needs a gateway).
    const maybeShort = ['listWebhookDeliveries', 'listPaymentGateways'];
    expect(checked).toEqual(
      expect.arrayContaining(lists.map((l) => l.operationId).filter((id) => !maybeShort.includes(id))),
    );
  });

  it('refuses a cursor it did not give out, or one of another list', async () => {
    const api = client(t.app);
    const staff = await api.get('/v1/staff?limit=1', fx.ownerToken);
    const forged = [
      'garbage',
      Buffer.from('[]').toString('base64url'),
      Buffer.from('["x", 1]').toString('base64url'),
    ];
    for (const cursor of forged) {
      const res = await api.get(`/v1/staff?cursor=${cursor}`, fx.ownerToken);
      expect(res.status, cursor).toBe(400);
      expect(res.body.code).toBe('request.invalid');
      expect(res.body.errors).toEqual([
        { path: 'querystring.cursor', message: 'is not a cursor of this list' },
      ]);
    }
    // A cursor of the staff list (a name and an id) given to the audit log (a sequence number).
    expect(staff.body.nextCursor).toEqual(expect.any(String));
    const other = await api.get(`/v1/audit?cursor=${staff.body.nextCursor}`, fx.ownerToken);
    expect(other.status).toBe(400);
  });
});
