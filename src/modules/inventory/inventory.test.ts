import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../../test/support/poll.ts';
import { realtimeClients, until } from '../../../test/support/realtime-clients.ts';
import {
  addStaff,
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';

// Inventory over real HTTP on a real database: receiving, sales deducting recipes at moving-average
// cost, refunds restocking exactly, cooked voids wasted, counts, transfers, the ledger tie-out,
// 50 concurrent sales, one low-stock alert per crossing, and sold out reaching a register live.
let t: TestApp;
let url: string;
let fx: TenantFixture;
const api = () => client(t.app);
const put = (path: string, body: Record<string, unknown>, token = fx.ownerToken) =>
  api().call('PUT', path, { body, token });

interface Ev {
  seq: string;
  type: string;
  topic: string;
  outletId: string | null;
  payload: Record<string, unknown>;
}
const clients = realtimeClients<Ev>(() => url);

let nasi: { id: string; variants: Array<{ id: string; name: string }> };
let teh: { id: string; variants: Array<{ id: string }> };
let rice: { id: string };
let egg: { id: string };
let tea: { id: string };

async function ok<T = any>(p: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const res = await p;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

const CARD = { method: 'card', card: { brand: 'visa', last4: '4242' } };
function sale(
  lines: Array<{ itemId: string; variantId: string; quantity: number }>,
  token = fx.ownerToken,
  outletId = fx.outletId,
) {
  return api().post('/v1/sales', { outletId, diningOption: 'takeaway', lines, payments: [CARD] }, token);
}
async function level(stockItemId: string, outletId = fx.outletId) {
  const page = await ok(
    api().get(`/v1/inventory/levels?outletId=${outletId}&stockItemId=${stockItemId}`, fx.ownerToken),
  );
  return page.items[0] as { qty: number; value: number; unitCost: number; low: boolean; display: string };
}
async function ledgerCheck() {
  const check = await ok(api().get('/v1/ledger/check', fx.ownerToken));
  expect(check.ok, JSON.stringify(check)).toBe(true);
  return check;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  fx = await createTenant(t.app, 'Warung Stok');
  const tk = fx.ownerToken;
  nasi = await ok(
    api().post(
      '/v1/catalog/items',
      {
        name: 'Nasi Goreng',
        variants: [
          { name: 'Biasa', price: 2_500_000 },
          { name: 'Jumbo', price: 3_500_000 },
        ],
      },
      tk,
    ),
    201,
  );
  teh = await ok(
    api().post('/v1/catalog/items', { name: 'Es Teh', variants: [{ name: 'Gelas', price: 500_000 }] }, tk),
    201,
  );
  rice = await ok(
    api().post(
      '/v1/inventory/items',
      {
        name: 'Beras',
        kind: 'ingredient',
        dimension: 'mass',
        stockUnit: 'kg',
        purchaseUnit: 'karung',
        purchaseUnitSize: { quantity: 25, unit: 'kg' },
      },
      tk,
    ),
    201,
  );
  egg = await ok(
    api().post('/v1/inventory/items', { name: 'Telur', kind: 'ingredient', dimension: 'count' }, tk),
    201,
  );
  tea = await ok(
    api().post(
      '/v1/inventory/items',
      { name: 'Teh', kind: 'ingredient', dimension: 'mass', stockUnit: 'g' },
      tk,
    ),
    201,
  );
  // Nasi goreng: 200 g rice and an egg; the jumbo size its own recipe; es teh 5 g of tea at 90 % yield.
  await ok(
    api().post(
      '/v1/inventory/recipes',
      {
        targetType: 'item',
        targetId: nasi.id,
        lines: [
          { stockItemId: rice.id, amount: { quantity: 200, unit: 'g' } },
          { stockItemId: egg.id, amount: { quantity: 1, unit: 'pcs' } },
        ],
      },
      tk,
    ),
    201,
  );
  await ok(
    api().post(
      '/v1/inventory/recipes',
      {
        targetType: 'variant',
        targetId: nasi.variants[1]!.id,
        lines: [
          { stockItemId: rice.id, amount: { quantity: 300, unit: 'g' } },
          { stockItemId: egg.id, amount: { quantity: 2, unit: 'pcs' } },
        ],
      },
      tk,
    ),
    201,
  );
  await ok(
    api().post(
      '/v1/inventory/recipes',
      {
        targetType: 'item',
        targetId: teh.id,
        yieldBp: 9000,
        lines: [{ stockItemId: tea.id, amount: { quantity: 5, unit: 'g' } }],
      },
      tk,
    ),
    201,
  );
}, 60_000);
afterAll(async () => {
  clients.closeAll();
  await t.close();
});

describe('inventory through the sale path', () => {
  it('receives against a purchase order, deducts recipes at moving-average cost, restocks refunds exactly, wastes cooked voids', async () => {
    const tk = fx.ownerToken;
    const supplier = await ok(
      api().post('/v1/inventory/suppliers', { name: 'Toko Beras Jaya', phone: '0812' }, tk),
      201,
    );
    // 2 sacks of rice (50 kg) for Rp 600.000, 60 eggs for Rp 120.000, 1 kg tea for Rp 80.000.
    const po = await ok(
      api().post(
        '/v1/inventory/purchase-orders',
        {
          outletId: fx.outletId,
          supplierId: supplier.id,
          lines: [
            { stockItemId: rice.id, amount: { quantity: 2 }, cost: 60_000_000 },
            { stockItemId: egg.id, amount: { quantity: 60, unit: 'pcs' }, cost: 12_000_000 },
            { stockItemId: tea.id, amount: { quantity: 1, unit: 'kg' }, cost: 8_000_000 },
          ],
        },
        tk,
      ),
      201,
    );
    expect(po.status).toBe('draft');
    expect(po.lines[0].qtyOrdered).toBe(50_000_000);
    // Receiving a draft is refused; send it, receive one sack, then the rest.
    const early = await api().post(
      `/v1/inventory/purchase-orders/${po.id}/receive`,
      { lines: [{ lineId: po.lines[0].id, amount: { quantity: 1 } }] },
      tk,
    );
    expect(early.status).toBe(409);
    await ok(api().post(`/v1/inventory/purchase-orders/${po.id}/send`, undefined, tk));
    const part = await ok(
      api().post(
        `/v1/inventory/purchase-orders/${po.id}/receive`,
        { lines: [{ lineId: po.lines[0].id, amount: { quantity: 1 } }] },
        tk,
      ),
    );
    expect(part.status).toBe('partially_received');
    expect(part.lines[0]).toMatchObject({ qtyReceived: 25_000_000, costReceived: 30_000_000 });
    const over = await api().post(
      `/v1/inventory/purchase-orders/${po.id}/receive`,
      { lines: [{ lineId: po.lines[0].id, amount: { quantity: 2 } }] },
      tk,
    );
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('purchase_orders.over_received');
    const full = await ok(
      api().post(
        `/v1/inventory/purchase-orders/${po.id}/receive`,
        {
          occurredAt: '2026-01-05T08:00:00.000Z',
          lines: [
            { lineId: po.lines[0].id, amount: { quantity: 1 }, cost: 31_000_000 },
            { lineId: po.lines[1].id, amount: { quantity: 60, unit: 'pcs' } },
            { lineId: po.lines[2].id, amount: { quantity: 1000, unit: 'g' } },
          ],
        },
        tk,
      ),
    );
    expect(full.status).toBe('received');
    expect((await api().post(`/v1/inventory/purchase-orders/${po.id}/cancel`, undefined, tk)).status).toBe(
      409,
    );
    expect(await level(rice.id)).toMatchObject({
      qty: 50_000_000,
      value: 61_000_000,
      unitCost: 1_220_000,
      display: '50',
    });

    // Sell 2 nasi goreng biasa and 1 jumbo: 700 g rice, 4 eggs.
    const sold = await ok(
      sale([
        { itemId: nasi.id, variantId: nasi.variants[0]!.id, quantity: 2 },
        { itemId: nasi.id, variantId: nasi.variants[1]!.id, quantity: 1 },
        { itemId: teh.id, variantId: teh.variants[0]!.id, quantity: 3 },
      ]),
      201,
    );
    expect(sold.order.status).toBe('completed');
    const riceAfter = await level(rice.id);
    expect(riceAfter.qty).toBe(50_000_000 - 700_000);
    // 700 g of 50 kg worth 610,000.00: 8,540.00.
    expect(riceAfter.value).toBe(61_000_000 - 854_000);
    expect((await level(egg.id)).qty).toBe(56_000);
    // 3 × 5 g at 90 % yield = 16.667 g.
    expect((await level(tea.id)).qty).toBe(1_000_000 - 16_667);
    const movements = await ok(api().get(`/v1/inventory/movements?orderId=${sold.order.id}`, tk));
    expect(movements.items.map((m: { reason: string }) => m.reason)).toEqual([
      'sale',
      'sale',
      'sale',
      'sale',
      'sale',
    ]);
    const check = await ledgerCheck();
    const valuation = await ok(api().get('/v1/inventory/valuation', tk));
    expect(valuation.total).toBe(check.inventory.ledger);

    // Margins: cost of goods stored per line at sale time.
    const margins = await ok(api().get(`/v1/inventory/margins?outletId=${fx.outletId}`, tk));
    const nasiRow = margins.rows.find((r: { id: string }) => r.id === nasi.id);
    expect(nasiRow.quantity).toBe(3);
    expect(nasiRow.cost).toBeGreaterThan(0);
    expect(nasiRow.margin).toBe(nasiRow.revenue - nasiRow.cost);

    // Refund one of the two biasa with restock, the other without: only the first comes back.
    const payment = sold.payments[0];
    const line = sold.order.lines[0];
    const before = await level(rice.id);
    await ok(
      api().post(
        `/v1/payments/${payment.id}/refunds`,
        { lines: [{ lineId: line.id, quantity: 1, restock: true }], reason: 'salah pesan' },
        tk,
      ),
      201,
    );
    const back = await level(rice.id);
    expect(back.qty).toBe(before.qty + 200_000);
    await ok(
      api().post(
        `/v1/payments/${payment.id}/refunds`,
        { lines: [{ lineId: line.id, quantity: 1, restock: false }], reason: 'tumpah' },
        tk,
      ),
      201,
    );
    expect((await level(rice.id)).qty).toBe(back.qty);
    // The restock put back exactly half of what the line's sale movement took, at its cost.
    const lineMoves = (
      await ok(api().get(`/v1/inventory/movements?orderId=${sold.order.id}&stockItemId=${rice.id}`, tk))
    ).items;
    const saleMove = lineMoves.find(
      (m: { reason: string; orderLineId: string }) => m.reason === 'sale' && m.orderLineId === line.id,
    );
    const ret = lineMoves.find((m: { reason: string }) => m.reason === 'return');
    expect(ret.qtyDelta).toBe(-saleMove.qtyDelta / 2);
    expect(ret.valueDelta).toBe(-saleMove.valueDelta / 2);
    await ledgerCheck();

    // A line voided after the kitchen got it is waste; one voided before is nothing.
    const order = await ok(
      api().post(
        '/v1/orders',
        {
          outletId: fx.outletId,
          diningOption: 'dine_in',
          lines: [{ itemId: nasi.id, variantId: nasi.variants[0]!.id, quantity: 1 }],
        },
        tk,
      ),
      201,
    );
    await ok(api().post(`/v1/orders/${order.id}/send`, {}, tk));
    const eggs = (await level(egg.id)).qty;
    await ok(api().post(`/v1/orders/${order.id}/lines/${order.lines[0].id}/void`, { reason: 'gosong' }, tk));
    expect((await level(egg.id)).qty).toBe(eggs - 1_000);
    const waste = (await ok(api().get(`/v1/inventory/movements?orderId=${order.id}`, tk))).items;
    expect(waste.map((m: { reason: string }) => m.reason).sort()).toEqual(['waste', 'waste']);
    await ledgerCheck();

    // Movements are append-only in the database itself.
    await expect(
      t.app.db
        .updateTable('stock_movements')
        .set({ qty_delta: '0' })
        .where('tenant_id', '=', fx.tenantId)
        .execute(),
    ).rejects.toThrow(/append-only/);
  });

  it('an order paid in two steps deducts its recipe once, in the completing payment or the completion', async () => {
    const tk = fx.ownerToken;
    const before = (await level(rice.id)).qty;
    const eggsBefore = (await level(egg.id)).qty;
    const order = () =>
      ok(
        api().post(
          '/v1/orders',
          {
            outletId: fx.outletId,
            diningOption: 'dine_in',
            lines: [{ itemId: nasi.id, variantId: nasi.variants[0]!.id, quantity: 2 }],
          },
          tk,
        ),
        201,
      );
    // A payment that completes the order: the deduction goes with its completing statement.
    const first = await order();
    await ok(api().post(`/v1/orders/${first.id}/payments`, { ...CARD, completeOrder: true }, tk), 201);
    expect((await ok(api().get(`/v1/orders/${first.id}`, tk))).status).toBe('completed');
    expect((await level(rice.id)).qty).toBe(before - 400_000);
    expect((await level(egg.id)).qty).toBe(eggsBefore - 2_000);
    // Paid first, completed by its own request: deducted then, once.
    const second = await order();
    await ok(api().post(`/v1/orders/${second.id}/payments`, CARD, tk), 201);
    expect((await level(rice.id)).qty).toBe(before - 400_000);
    await ok(api().post(`/v1/orders/${second.id}/complete`, {}, tk));
    expect((await level(rice.id)).qty).toBe(before - 800_000);
    for (const id of [first.id, second.id]) {
      const moved = await ok(api().get(`/v1/inventory/movements?orderId=${id}`, tk));
      expect(moved.items.map((m: { reason: string }) => m.reason).sort()).toEqual(['sale', 'sale']);
    }
    await ledgerCheck();
  });

  it('counts set the level, transfers travel in transit at cost, recipes are versioned', async () => {
    const tk = fx.ownerToken;
    const other = await ok(api().post('/v1/outlets', { name: 'Cabang Dago' }, tk), 201);
    const riceBefore = await level(rice.id);
    // A blind count: 40 kg found; the movement is the difference.
    const counted = await ok(
      api().post(
        '/v1/inventory/counts',
        {
          outletId: fx.outletId,
          occurredAt: '2026-01-06T22:00:00.000Z',
          lines: [{ stockItemId: rice.id, counted: { quantity: 40, unit: 'kg' } }],
        },
        tk,
      ),
      201,
    );
    expect(counted.movements[0]).toMatchObject({
      reason: 'count',
      qtyDelta: 40_000_000 - riceBefore.qty,
      qtyAfter: 40_000_000,
      occurredAt: '2026-01-06T22:00:00.000Z',
    });
    const transfer = await ok(
      api().post(
        '/v1/inventory/transfers',
        {
          fromOutletId: fx.outletId,
          toOutletId: other.id,
          lines: [{ stockItemId: rice.id, amount: { quantity: 10, unit: 'kg' } }],
        },
        tk,
      ),
      201,
    );
    expect(transfer.status).toBe('in_transit');
    expect((await level(rice.id)).qty).toBe(30_000_000);
    const mid = await ledgerCheck();
    expect(mid.inventory.inTransit).toBe(transfer.value);
    const received = await ok(api().post(`/v1/inventory/transfers/${transfer.id}/receive`, {}, tk));
    expect(received.status).toBe('received');
    expect(await level(rice.id, other.id)).toMatchObject({ qty: 10_000_000, value: transfer.value });
    const twice = await api().post(`/v1/inventory/transfers/${transfer.id}/receive`, {}, tk);
    expect(twice.status, JSON.stringify(twice.body)).toBe(409);
    const after = await ledgerCheck();
    expect(after.inventory.inTransit).toBe(0);

    // Version 2 of the es teh recipe from now on: 10 g, no waste.
    const v2 = await ok(
      api().post(
        '/v1/inventory/recipes',
        {
          targetType: 'item',
          targetId: teh.id,
          lines: [{ stockItemId: tea.id, amount: { quantity: 10, unit: 'g' } }],
        },
        tk,
      ),
      201,
    );
    expect(v2.version).toBe(2);
    const teaBefore = (await level(tea.id)).qty;
    await ok(sale([{ itemId: teh.id, variantId: teh.variants[0]!.id, quantity: 1 }]), 201);
    expect((await level(tea.id)).qty).toBe(teaBefore - 10_000);
    const history = await ok(api().get(`/v1/inventory/recipes?targetId=${teh.id}&history=true`, tk));
    expect(history.items.map((r: { version: number }) => r.version)).toEqual([2, 1]);
  });

  it('50 concurrent sales of one ingredient leave the exact level; low stock is raised once per crossing', async () => {
    const tk = fx.ownerToken;
    const cashier = await addStaff(t.app, fx, 'cashier');
    const manager = await addStaff(t.app, fx, 'manager');
    const watcher = await clients.open({
      token: manager.token,
      subscribe: [{ room: 'outlet', id: fx.outletId }],
    });
    const cashierSocket = await clients.open({
      token: cashier.token,
      subscribe: [{ room: 'outlet', id: fx.outletId }],
    });
    const start = (await level(egg.id)).qty;
    // Reorder at 20 eggs above what 50 sales will leave: the level crosses it once, mid-way.
    const reorderAt = start - 30_000;
    await ok(
      put('/v1/inventory/reorder-levels', {
        outletId: fx.outletId,
        stockItemId: egg.id,
        reorderLevel: { quantity: reorderAt / 1000, unit: 'pcs' },
      }),
    );
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        sale([{ itemId: nasi.id, variantId: nasi.variants[0]!.id, quantity: 1 }], cashier.token),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const end = await level(egg.id);
    expect(end.qty).toBe(start - 50_000);
    expect(end.low).toBe(true);
    const events = await t.app.db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('tenant_id', '=', fx.tenantId)
      .where('type', '=', 'inventory.low_stock')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ stockItemId: egg.id, reorderLevel: reorderAt });
    await until(() => watcher.events.some((e) => e.type === 'inventory.low_stock'), 15_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(cashierSocket.events.filter((e) => e.topic === 'inventory')).toEqual([]);

    // Back above (a count), and down again: a second crossing, a second alert.
    await ok(
      api().post(
        '/v1/inventory/counts',
        {
          outletId: fx.outletId,
          lines: [{ stockItemId: egg.id, counted: { quantity: reorderAt / 1000 + 1, unit: 'pcs' } }],
        },
        tk,
      ),
      201,
    );
    await ok(sale([{ itemId: nasi.id, variantId: nasi.variants[0]!.id, quantity: 2 }]), 201);
    const again = await t.app.db
      .selectFrom('events')
      .select('type')
      .where('tenant_id', '=', fx.tenantId)
      .where('type', '=', 'inventory.low_stock')
      .execute();
    expect(again).toHaveLength(2);
    await ledgerCheck();
  }, 120_000);

  it('an outlet that blocks negative stock marks dishes sold out in a register, live, and clears them', async () => {
    const tk = fx.ownerToken;
    const cashier = await addStaff(t.app, fx, 'cashier');
    const register = await clients.open({
      token: cashier.token,
      subscribe: [{ room: 'outlet', id: fx.outletId }],
    });
    await ok(put(`/v1/outlets/${fx.outletId}/inventory-settings`, { negativeStock: 'block' }));
    // Leave 3 eggs: a jumbo (2 eggs) and a biasa (1) can be made.
    await ok(
      api().post(
        '/v1/inventory/counts',
        { outletId: fx.outletId, lines: [{ stockItemId: egg.id, counted: { quantity: 3, unit: 'pcs' } }] },
        tk,
      ),
      201,
    );
    const menuSoldOut = async () => {
      const menu = await ok(api().get(`/v1/catalog/menu?outletId=${fx.outletId}`, cashier.token));
      const item = menu.items.find((i: { id: string }) => i.id === nasi.id);
      return item?.soldOut as boolean;
    };
    expect(await menuSoldOut()).toBe(false);
    // A jumbo takes 2: one egg left — the jumbo is short (named), the biasa can still be made.
    await ok(sale([{ itemId: nasi.id, variantId: nasi.variants[1]!.id, quantity: 1 }], cashier.token), 201);
    expect(await menuSoldOut()).toBe(false);
    const short = await sale(
      [{ itemId: nasi.id, variantId: nasi.variants[1]!.id, quantity: 1 }],
      cashier.token,
    );
    expect(short.status).toBe(422);
    expect(short.body.code).toBe('inventory.insufficient_stock');
    // The last egg goes: nothing of nasi goreng can be made, the register hears it.
    const seen = register.events.length;
    await ok(sale([{ itemId: nasi.id, variantId: nasi.variants[0]!.id, quantity: 1 }], cashier.token), 201);
    await until(() => register.events.slice(seen).some((e) => e.type === 'catalog.changed'), 15_000);
    expect(await menuSoldOut()).toBe(true);
    // Eggs arrive: the dish is back on the menu by itself.
    const seen2 = register.events.length;
    await ok(
      api().post(
        '/v1/inventory/adjustments',
        {
          outletId: fx.outletId,
          stockItemId: egg.id,
          reason: 'adjustment',
          change: { quantity: 10, unit: 'pcs' },
          note: 'dari pasar',
        },
        tk,
      ),
      201,
    );
    await until(() => register.events.slice(seen2).some((e) => e.type === 'catalog.changed'), 15_000);
    expect(await menuSoldOut()).toBe(false);
    await ok(put(`/v1/outlets/${fx.outletId}/inventory-settings`, { negativeStock: 'allow' }));
    await ledgerCheck();
    await pollUntil(
      async () => true,
      (v) => v,
    );
  }, 60_000);
});
