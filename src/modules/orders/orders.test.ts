import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';

let t: TestApp;
let fx: TenantFixture;
let menu: Awaited<ReturnType<typeof seedMenu>>;

async function seedMenu(f: TenantFixture) {
  const api = client(t.app);
  const tk = f.ownerToken;
  const pb1 = (
    await api.post('/v1/catalog/tax-rates', { name: 'PB1', ratePpm: 100_000, inclusive: false }, tk)
  ).body;
  const drinks = (await api.post('/v1/catalog/categories', { name: 'Drinks', taxRateIds: [pb1.id] }, tk))
    .body;
  const sugar = (
    await api.post(
      '/v1/catalog/modifier-groups',
      {
        name: 'Sugar',
        minSelect: 1,
        maxSelect: 1,
        options: [
          { name: 'Less', price: 0 },
          { name: 'Normal', price: 0 },
        ],
      },
      tk,
    )
  ).body;
  const extras = (
    await api.post(
      '/v1/catalog/modifier-groups',
      {
        name: 'Extras',
        minSelect: 0,
        maxSelect: 2,
        options: [
          { name: 'Extra shot', price: 500_000 },
          { name: 'Oat milk', price: 700_000 },
          { name: 'Boba', price: 600_000 },
        ],
      },
      tk,
    )
  ).body;
  const coffee = (
    await api.post(
      '/v1/catalog/items',
      {
        name: 'Es Kopi Susu',
        categoryId: drinks.id,
        modifierGroupIds: [sugar.id, extras.id],
        variants: [
          { name: 'Regular', price: 2_500_000 },
          { name: 'Large', price: 3_000_000 },
        ],
      },
      tk,
    )
  ).body;
  const cake = (
    await api.post(
      '/v1/catalog/items',
      { name: 'Pisang Goreng', taxRateIds: [pb1.id], variants: [{ name: 'Portion', price: 1_500_000 }] },
      tk,
    )
  ).body;
  await api.post(
    '/v1/catalog/service-charges',
    { name: 'Service 5%', ratePpm: 50_000, diningOptions: ['dine_in'], taxable: true, taxRateIds: [pb1.id] },
    tk,
  );
  return {
    pb1,
    sugar,
    extras,
    coffee,
    cake,
    less: sugar.options[0].id,
    shot: extras.options[0].id,
    oat: extras.options[1].id,
    boba: extras.options[2].id,
  };
}

const coffeeLine = (qty = 1, extra: string[] = []) => ({
  itemId: menu.coffee.id,
  variantId: menu.coffee.variants[0].id,
  quantity: qty,
  modifierOptionIds: [menu.less, ...extra],
});

beforeAll(async () => {
  t = await createTestApp();
  fx = await createTenant(t.app, 'Order Café');
  menu = await seedMenu(fx);
});
afterAll(async () => {
  await t.close();
});

describe('orders', () => {
  it('creates an order priced by the server; /calculate gives the same totals', async () => {
    const api = client(t.app);
    const body = {
      outletId: fx.outletId,
      registerId: fx.registerId,
      diningOption: 'dine_in',
      tableRef: 'T4',
      guestCount: 2,
      lines: [
        coffeeLine(2, [menu.shot]),
        { itemId: menu.cake.id, variantId: menu.cake.variants[0].id, quantity: 1 },
      ],
    };
    const calc = await api.post('/v1/orders/calculate', body, fx.ownerToken);
    expect(calc.status).toBe(200);
    const created = await api.post('/v1/orders', body, fx.ownerToken);
    expect(created.status).toBe(201);
    const o = created.body;
    // 2 × (25,000 + 5,000) + 15,000 = 75,000; service 5% = 3,750; PB1 10% on 75,000 + 3,750 = 7,875.
    expect(o).toMatchObject({
      subtotal: 7_500_000,
      serviceChargeTotal: 375_000,
      taxTotal: 787_500,
      total: 8_662_500,
      status: 'open',
      paymentStatus: 'unpaid',
      balanceAmount: 8_662_500,
    });
    for (const key of [
      'subtotal',
      'discountTotal',
      'serviceChargeTotal',
      'taxTotal',
      'total',
      'cash',
      'taxes',
      'serviceCharges',
    ] as const) {
      expect(calc.body[key], key).toEqual(o[key]);
    }
    expect(o.number).toBeGreaterThanOrEqual(1);
    expect(o.businessDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(o.lines[0].modifiers.map((m: { name: string }) => m.name)).toEqual(['Less', 'Extra shot']);
    expect(o.lines.reduce((s: number, l: { total: number }) => s + l.total, 0)).toBe(o.total);
  });

  it('numbers orders per outlet per business day, and the client may choose the id', async () => {
    const api = client(t.app);
    const f = await createTenant(t.app, 'Numbering');
    const m = await seedMenu(f);
    const line = { itemId: m.cake.id, variantId: m.cake.variants[0].id, quantity: 1 };
    const id = '01234567-89ab-7def-8123-456789abcdef';
    const a = await api.post(
      '/v1/orders',
      { id, outletId: f.outletId, diningOption: 'takeaway', lines: [line] },
      f.ownerToken,
    );
    const b = await api.post(
      '/v1/orders',
      { outletId: f.outletId, diningOption: 'takeaway', lines: [line] },
      f.ownerToken,
    );
    expect(a.body.id).toBe(id);
    expect([a.body.number, b.body.number]).toEqual([1, 2]);
    const other = await api.post('/v1/outlets', { name: 'Second' }, f.ownerToken);
    const c = await api.post(
      '/v1/orders',
      { outletId: other.body.id, diningOption: 'takeaway', lines: [line] },
      f.ownerToken,
    );
    expect(c.body.number).toBe(1);
    expect(
      (
        await api.post(
          '/v1/orders',
          { id, outletId: f.outletId, diningOption: 'takeaway', lines: [line] },
          f.ownerToken,
        )
      ).status,
    ).toBe(409);
  });

  it('refuses modifiers outside min/max naming the group, unknown items, sold-out items', async () => {
    const api = client(t.app);
    const none = await api.post(
      '/v1/orders',
      {
        outletId: fx.outletId,
        diningOption: 'takeaway',
        lines: [{ ...coffeeLine(), modifierOptionIds: [] }],
      },
      fx.ownerToken,
    );
    expect(none.status).toBe(422);
    expect(none.body).toMatchObject({
      code: 'orders.modifiers_invalid',
      group: 'Sugar',
      groupId: menu.sugar.id,
      field: 'lines[0].modifierOptionIds',
    });
    const tooMany = await api.post(
      '/v1/orders',
      {
        outletId: fx.outletId,
        diningOption: 'takeaway',
        lines: [coffeeLine(1, [menu.shot, menu.oat, menu.boba])],
      },
      fx.ownerToken,
    );
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.group).toBe('Extras');

    const other = await createTenant(t.app, 'Other');
    const otherMenu = await seedMenu(other);
    const foreign = await api.post(
      '/v1/orders',
      {
        outletId: fx.outletId,
        diningOption: 'takeaway',
        lines: [{ itemId: otherMenu.cake.id, variantId: otherMenu.cake.variants[0].id, quantity: 1 }],
      },
      fx.ownerToken,
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('items.not_found');
    expect(
      (
        await api.get(
          `/v1/orders/${(await api.post('/v1/orders', { outletId: other.outletId, diningOption: 'takeaway', lines: [] }, other.ownerToken)).body.id}`,
          fx.ownerToken,
        )
      ).status,
    ).toBe(404);

    const f = await createTenant(t.app, 'Sold out');
    const m = await seedMenu(f);
    await api.patch(`/v1/outlets/${f.outletId}/items/${m.cake.id}`, { soldOut: true }, f.ownerToken);
    const sold = await api.post(
      '/v1/orders',
      {
        outletId: f.outletId,
        diningOption: 'takeaway',
        lines: [{ itemId: m.cake.id, variantId: m.cake.variants[0].id, quantity: 1 }],
      },
      f.ownerToken,
    );
    expect(sold.status).toBe(409);
    expect(sold.body.code).toBe('items.sold_out');
  });

  it('sells from the catalog as it is now: every catalog change reaches the next order (sale cache)', async () => {
    const api = client(t.app);
    const f = await createTenant(t.app, 'Cache Café');
    const m = await seedMenu(f);
    const cakeLine = { itemId: m.cake.id, variantId: m.cake.variants[0].id, quantity: 1 };
    const order = () =>
      api.post(
        '/v1/orders',
        { outletId: f.outletId, diningOption: 'takeaway', lines: [cakeLine] },
        f.ownerToken,
      );
    const first = await order();
    expect(first.body.lines[0].unitPrice).toBe(1_500_000);
    // Sold out, then back.
    await api.patch(`/v1/outlets/${f.outletId}/items/${m.cake.id}`, { soldOut: true }, f.ownerToken);
    expect((await order()).body.code).toBe('items.sold_out');
    await api.patch(`/v1/outlets/${f.outletId}/items/${m.cake.id}`, { soldOut: false }, f.ownerToken);
    expect((await order()).status).toBe(201);
    // An outlet price, then the base price.
    await api.patch(
      `/v1/outlets/${f.outletId}/items/${m.cake.id}`,
      { variantPrices: [{ variantId: m.cake.variants[0].id, price: 1_700_000 }] },
      f.ownerToken,
    );
    expect((await order()).body.lines[0].unitPrice).toBe(1_700_000);
    await api.patch(
      `/v1/outlets/${f.outletId}/items/${m.cake.id}`,
      { variantPrices: [{ variantId: m.cake.variants[0].id, price: null }] },
      f.ownerToken,
    );
    await api.patch(
      `/v1/catalog/items/${m.cake.id}`,
      { variants: [{ id: m.cake.variants[0].id, name: 'Portion', price: 1_600_000 }] },
      f.ownerToken,
    );
    const repriced = (await order()).body;
    expect(repriced.lines[0].unitPrice).toBe(1_600_000);
    expect(repriced.taxTotal).toBe(160_000);
    // Its tax archived: no tax; the item archived: not for sale.
    await api.patch(`/v1/catalog/tax-rates/${m.pb1.id}`, { archived: true }, f.ownerToken);
    expect((await order()).body.taxTotal).toBe(0);
    await api.patch(`/v1/catalog/items/${m.cake.id}`, { archived: true }, f.ownerToken);
    const gone = await order();
    expect(gone.status).toBeGreaterThanOrEqual(400);
    expect(gone.status).toBeLessThan(500);
  });

  it('keeps the prices of the moment a line was added', async () => {
    const api = client(t.app);
    const o = (
      await api.post(
        '/v1/orders',
        {
          outletId: fx.outletId,
          diningOption: 'takeaway',
          lines: [{ itemId: menu.cake.id, variantId: menu.cake.variants[0].id, quantity: 1 }],
        },
        fx.ownerToken,
      )
    ).body;
    const f2 = await createTenant(t.app, 'Reprice');
    const m2 = await seedMenu(f2);
    const order = (
      await api.post(
        '/v1/orders',
        {
          outletId: f2.outletId,
          diningOption: 'takeaway',
          lines: [{ itemId: m2.cake.id, variantId: m2.cake.variants[0].id, quantity: 1 }],
        },
        f2.ownerToken,
      )
    ).body;
    await api.patch(
      `/v1/catalog/items/${m2.cake.id}`,
      { variants: [{ id: m2.cake.variants[0].id, name: 'Portion', price: 9_900_000 }] },
      f2.ownerToken,
    );
    const again = await api.get(`/v1/orders/${order.id}`, f2.ownerToken);
    expect(again.body.total).toBe(order.total);
    const added = await api.post(
      `/v1/orders/${order.id}/lines`,
      { lines: [{ itemId: m2.cake.id, variantId: m2.cake.variants[0].id, quantity: 1 }] },
      f2.ownerToken,
    );
    expect(added.body.lines.map((l: { unitPrice: number }) => l.unitPrice)).toEqual([1_500_000, 9_900_000]);
    expect(o.total).toBe(1_650_000);
  });

  it('optimistic concurrency: a stale version is a 409; concurrent line adds never lose a line', async () => {
    const api = client(t.app);
    const o = (
      await api.post(
        '/v1/orders',
        { outletId: fx.outletId, diningOption: 'takeaway', lines: [] },
        fx.ownerToken,
      )
    ).body;
    const v = o.version;
    const first = await api.patch(`/v1/orders/${o.id}`, { version: v, customerName: 'Rina' }, fx.ownerToken);
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(v + 1);
    const stale = await api.patch(
      `/v1/orders/${o.id}`,
      { version: v, customerName: 'Someone else' },
      fx.ownerToken,
    );
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'orders.version_conflict', currentVersion: v + 1 });

    const adds = await Promise.all(
      Array.from({ length: 12 }, () =>
        api.post(
          `/v1/orders/${o.id}/lines`,
          { lines: [{ itemId: menu.cake.id, variantId: menu.cake.variants[0].id, quantity: 1 }] },
          fx.ownerToken,
        ),
      ),
    );
    expect(adds.every((r) => r.status === 200)).toBe(true);
    const final = await api.get(`/v1/orders/${o.id}`, fx.ownerToken);
    expect(final.body.lines).toHaveLength(12);
    expect(final.body.subtotal).toBe(12 * 1_500_000);
    expect(final.body.version).toBe(v + 1 + 12);
  });

  it('walks the state machine: send, void after send needs permission or approval, cancel, complete', async () => {
    const api = client(t.app);
    const cashier = await addStaff(t.app, fx, 'cashier');
    const manager = await addStaff(t.app, fx, 'manager', { pin: '2468' });
    const o = (
      await api.post(
        '/v1/orders',
        { outletId: fx.outletId, diningOption: 'dine_in', lines: [coffeeLine(), coffeeLine()] },
        cashier.token,
      )
    ).body;
    const unsentLine = o.lines[1].id;
    // Before sending, a cashier may remove a line freely.
    const removed = await api.post(
      `/v1/orders/${o.id}/lines/${unsentLine}/void`,
      { reason: 'changed mind' },
      cashier.token,
    );
    expect(removed.status).toBe(200);
    const sent = await api.post(`/v1/orders/${o.id}/send`, {}, cashier.token);
    expect(sent.body.status).toBe('sent');
    const line = sent.body.lines[0].id;
    const denied = await api.post(
      `/v1/orders/${o.id}/lines/${line}/void`,
      { reason: 'spilled' },
      cashier.token,
    );
    expect(denied.status).toBe(403);
    expect(denied.body.approvalRequired).toBe(true);
    const approval = await api.post(
      '/v1/approvals',
      {
        approverId: manager.membershipId,
        pin: '2468',
        permission: 'orders:void',
        targetType: 'order_line',
        targetId: line,
      },
      cashier.token,
    );
    const voided = await api.post(
      `/v1/orders/${o.id}/lines/${line}/void`,
      { reason: 'spilled', approvalId: approval.body.approvalId },
      cashier.token,
    );
    expect(voided.status).toBe(200);
    expect(voided.body.total).toBe(0);
    // A zero-balance order can be completed; a completed order is final.
    const done = await api.post(`/v1/orders/${o.id}/complete`, {}, cashier.token);
    expect(done.body.status).toBe('completed');
    expect(
      (await api.post(`/v1/orders/${o.id}/lines`, { lines: [coffeeLine()] }, cashier.token)).status,
    ).toBe(409);
    const cancelDone = await api.post(`/v1/orders/${o.id}/cancel`, { reason: 'x' }, manager.token);
    expect(cancelDone.body.code).toBe('orders.invalid_transition');

    const unpaid = (
      await api.post(
        '/v1/orders',
        { outletId: fx.outletId, diningOption: 'takeaway', lines: [coffeeLine()] },
        cashier.token,
      )
    ).body;
    expect((await api.post(`/v1/orders/${unpaid.id}/complete`, {}, cashier.token)).body.code).toBe(
      'orders.unpaid',
    );
    expect(
      (await api.post(`/v1/orders/${unpaid.id}/cancel`, { reason: 'walked out' }, cashier.token)).status,
    ).toBe(403);
    const canceled = await api.post(
      `/v1/orders/${unpaid.id}/cancel`,
      { reason: 'walked out' },
      manager.token,
    );
    expect(canceled.body.status).toBe('canceled');
    const audit = await api.get(`/v1/audit?targetId=${line}`, fx.ownerToken);
    expect(audit.body.items.find((e: { action: string }) => e.action === 'order.line_voided')).toMatchObject({
      actorId: cashier.userId,
      approverId: manager.membershipId,
    });
  });

  it('lists with filters and cursor pagination', async () => {
    const api = client(t.app);
    const f = await createTenant(t.app, 'Listing');
    const m = await seedMenu(f);
    const line = { itemId: m.cake.id, variantId: m.cake.variants[0].id, quantity: 1 };
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(
        (
          await api.post(
            '/v1/orders',
            { outletId: f.outletId, diningOption: 'takeaway', lines: [line] },
            f.ownerToken,
          )
        ).body.id,
      );
    }
    await api.post(`/v1/orders/${ids[0]}/send`, {}, f.ownerToken);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await api.get(
        `/v1/orders?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        f.ownerToken,
      );
      seen.push(...page.body.items.map((o) => o.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const sent = await api.get('/v1/orders?status=sent', f.ownerToken);
    expect(sent.body.items.map((o: { id: string }) => o.id)).toEqual([ids[0]]);
    const byNumber = await api.get('/v1/orders?number=3', f.ownerToken);
    expect(byNumber.body.items.map((o: { id: string }) => o.id)).toEqual([ids[2]]);
    expect((await api.get('/v1/orders?cursor=garbage', f.ownerToken)).status).toBe(400);
  });

  it('splits a bill by lines into a new order, and evenly into N amounts', async () => {
    const api = client(t.app);
    const o = (
      await api.post(
        '/v1/orders',
        {
          outletId: fx.outletId,
          diningOption: 'dine_in',
          tableRef: 'T9',
          lines: [
            coffeeLine(1),
            coffeeLine(2, [menu.shot]),
            { itemId: menu.cake.id, variantId: menu.cake.variants[0].id, quantity: 1 },
          ],
        },
        fx.ownerToken,
      )
    ).body;
    const moving = [o.lines[1].id];
    const split = await api.post(
      `/v1/orders/${o.id}/split`,
      { version: o.version, lineIds: moving },
      fx.ownerToken,
    );
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    const { source, created } = split.body;
    expect(created.lines.map((l: { id: string }) => l.id)).toEqual(moving);
    expect(source.lines.filter((l: { status: string }) => l.status === 'active')).toHaveLength(2);
    expect(created).toMatchObject({ tableRef: 'T9', diningOption: 'dine_in', outletId: fx.outletId });
    expect(created.number).not.toBe(source.number);
    // Each side is priced on its own (service charge and tax rounded per order): they add up to
    // the original give or take one rounding per bucket.
    expect(Math.abs(source.total + created.total - o.total)).toBeLessThanOrEqual(2);
    expect(
      (
        await api.post(
          `/v1/orders/${o.id}/split`,
          {
            lineIds: source.lines
              .filter((l: { status: string }) => l.status === 'active')
              .map((l: { id: string }) => l.id),
          },
          fx.ownerToken,
        )
      ).status,
    ).toBe(422);
    expect(
      (
        await api.post(
          `/v1/orders/${o.id}/split`,
          { version: o.version, lineIds: [source.lines[0].id] },
          fx.ownerToken,
        )
      ).status,
    ).toBe(409);

    const even = await api.get(`/v1/orders/${source.id}/split-evenly?parts=3`, fx.ownerToken);
    expect(even.status).toBe(200);
    expect(even.body.parts).toHaveLength(3);
    // In whole rupiah (the practical increment), covering the balance: the last payment settles it.
    expect(even.body.increment).toBe(100);
    expect(even.body.parts.every((p: number) => p % 100 === 0)).toBe(true);
    const sum = even.body.parts.reduce((a: number, b: number) => a + b, 0);
    expect(sum - source.balanceAmount).toBe(even.body.rounding);
    expect(even.body.rounding).toBeGreaterThanOrEqual(0);
    expect(even.body.rounding).toBeLessThan(100);
    expect(Math.max(...even.body.parts) - Math.min(...even.body.parts)).toBeLessThanOrEqual(100);
    expect(even.body.parts).toEqual([...even.body.parts].sort((a: number, b: number) => b - a));
  });

  it('an over-threshold discount needs approval; /calculate does not use the approval up', async () => {
    const api = client(t.app);
    const cashier = await addStaff(t.app, fx, 'cashier');
    const manager = await addStaff(t.app, fx, 'manager', { pin: '1357' });
    const staffMeal = (
      await api.post(
        '/v1/catalog/discounts',
        { name: 'Staff 50%', kind: 'percentage', scope: 'order', value: 500_000, approvalThreshold: 200_000 },
        fx.ownerToken,
      )
    ).body;
    const orderId = '01234567-89ab-7def-8123-000000000777';
    const body = {
      id: orderId,
      outletId: fx.outletId,
      diningOption: 'takeaway',
      lines: [{ itemId: menu.cake.id, variantId: menu.cake.variants[0].id, quantity: 2 }],
      discounts: [{ discountId: staffMeal.id }],
    };
    const denied = await api.post('/v1/orders', body, cashier.token);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({
      code: 'auth.forbidden',
      permission: 'orders:discount_over_limit',
      approvalRequired: true,
    });
    const approval = await api.post(
      '/v1/approvals',
      {
        approverId: manager.membershipId,
        pin: '1357',
        permission: 'orders:discount_over_limit',
        targetType: 'order',
        targetId: orderId,
      },
      cashier.token,
    );
    const calc = await api.post(
      '/v1/orders/calculate',
      { ...body, approvalId: approval.body.approvalId },
      cashier.token,
    );
    expect(calc.status).toBe(200);
    expect(calc.body.discountTotal).toBe(1_500_000);
    const created = await api.post(
      '/v1/orders',
      { ...body, approvalId: approval.body.approvalId },
      cashier.token,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ discountTotal: 1_500_000, subtotal: 3_000_000 });
    expect(created.body.total).toBe(calc.body.total);
  });
});

describe('PATCH /v1/orders/:id', () => {
  it('changes order discounts and dining option; the totals are those /calculate gives for the same order', async () => {
    const api = client(t.app);
    const tenPercent = (
      await api.post(
        '/v1/catalog/discounts',
        { name: 'Loyalty 10%', kind: 'percentage', scope: 'order', value: 100_000 },
        fx.ownerToken,
      )
    ).body;
    const open = (
      await api.post(
        '/v1/catalog/discounts',
        { name: 'Open amount', kind: 'fixed', scope: 'order', value: null },
        fx.ownerToken,
      )
    ).body;
    const lines = [{ itemId: menu.cake.id, variantId: menu.cake.variants[0].id, quantity: 2 }];
    const created = await api.post(
      '/v1/orders',
      { outletId: fx.outletId, diningOption: 'takeaway', lines },
      fx.ownerToken,
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    let discounts: unknown = [];
    const same = async (patch: Record<string, unknown>, diningOption: string) => {
      discounts = patch.discounts ?? discounts;
      const res = await api.patch(`/v1/orders/${id}`, patch, fx.ownerToken);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const calc = await api.post(
        '/v1/orders/calculate',
        {
          outletId: fx.outletId,
          diningOption,
          lines,
          discounts,
        },
        fx.ownerToken,
      );
      for (const key of ['subtotal', 'discountTotal', 'serviceChargeTotal', 'taxTotal', 'total'] as const) {
        expect(res.body[key], key).toBe(calc.body[key]);
      }
      const reloaded = await api.get(`/v1/orders/${id}`, fx.ownerToken);
      expect(reloaded.body.total).toBe(res.body.total);
      expect(reloaded.body.version).toBe(res.body.version);
      return res.body;
    };

    // 2 × 15,000 = 30,000 − 10% = 27,000 + PB1 10% = 29,700.
    const discounted = await same({ discounts: [{ discountId: tenPercent.id }], tableRef: 'T9' }, 'takeaway');
    expect(discounted).toMatchObject({
      discountTotal: 300_000,
      total: 2_970_000,
      tableRef: 'T9',
      version: 2,
    });
    expect(discounted.discounts).toEqual([
      { id: tenPercent.id, name: 'Loyalty 10%', kind: 'percentage', value: 100_000, amount: 300_000 },
    ]);
    // Dine-in brings the 5% service charge; the discount stays.
    const dineIn = await same({ diningOption: 'dine_in' }, 'dine_in');
    expect(dineIn.serviceChargeTotal).toBeGreaterThan(0);
    expect(dineIn.discountTotal).toBe(300_000);
    // An open-amount discount with its value, then no discounts at all.
    const fixed = await same({ discounts: [{ discountId: open.id, value: 250_000 }] }, 'dine_in');
    expect(fixed.discountTotal).toBe(250_000);
    const none = await same(
      { discounts: [], diningOption: 'takeaway', guestCount: 3, notes: null },
      'takeaway',
    );
    expect(none).toMatchObject({ discountTotal: 0, serviceChargeTotal: 0, total: 3_300_000, guestCount: 3 });
    expect(none.discounts).toEqual([]);
  });
});
