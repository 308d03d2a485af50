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
let tenant: TenantFixture;
beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.app, 'Kopi Catalog');
});
afterAll(async () => {
  await t.close();
});

async function setupMenu(fx: TenantFixture) {
  const api = client(t.app);
  const token = fx.ownerToken;
  const pb1 = (
    await api.post('/v1/catalog/tax-rates', { name: 'PB1', ratePpm: 100_000, inclusive: false }, token)
  ).body;
  const vat = (
    await api.post('/v1/catalog/tax-rates', { name: 'VAT incl', ratePpm: 200_000, inclusive: true }, token)
  ).body;
  const drinks = (await api.post('/v1/catalog/categories', { name: 'Drinks', taxRateIds: [pb1.id] }, token))
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
      token,
    )
  ).body;
  const latte = (
    await api.post(
      '/v1/catalog/items',
      {
        name: 'Es Kopi Susu',
        categoryId: drinks.id,
        modifierGroupIds: [sugar.id],
        variants: [
          { name: 'Regular', price: 2_500_000, sku: 'EKS-R' },
          { name: 'Large', price: 3_000_000, sku: 'EKS-L', barcode: '899000000001' },
        ],
      },
      token,
    )
  ).body;
  return { pb1, vat, drinks, sugar, latte };
}

describe('catalog', () => {
  it('builds a menu: taxes from the category, variants, modifiers, per-outlet price and sold-out', async () => {
    const api = client(t.app);
    const { pb1, latte, sugar } = await setupMenu(tenant);
    expect(latte.variants.map((v: { price: number }) => v.price)).toEqual([2_500_000, 3_000_000]);
    const large = latte.variants[1].id;

    const otherOutlet = (await api.post('/v1/outlets', { name: 'Airport' }, tenant.ownerToken)).body;
    const set = await api.patch(
      `/v1/outlets/${otherOutlet.id}/items/${latte.id}`,
      { variantPrices: [{ variantId: large, price: 3_500_000 }] },
      tenant.ownerToken,
    );
    expect(set.status).toBe(200);
    await api.patch(`/v1/outlets/${tenant.outletId}/items/${latte.id}`, { soldOut: true }, tenant.ownerToken);

    const airport = await api.get(`/v1/catalog/menu?outletId=${otherOutlet.id}`, tenant.ownerToken);
    expect(airport.status).toBe(200);
    const item = airport.body.items.find((i: { id: string }) => i.id === latte.id);
    expect(item.soldOut).toBe(false);
    expect(item.effectiveTaxRateIds).toEqual([pb1.id]);
    expect(item.variants.map((v: { price: number; basePrice: number }) => [v.price, v.basePrice])).toEqual([
      [2_500_000, 2_500_000],
      [3_500_000, 3_000_000],
    ]);
    expect(airport.body.modifierGroups.find((g: { id: string }) => g.id === sugar.id).options).toHaveLength(
      2,
    );

    const main = await api.get(`/v1/catalog/menu?outletId=${tenant.outletId}`, tenant.ownerToken);
    expect(main.body.items.find((i: { id: string }) => i.id === latte.id).soldOut).toBe(true);
  });

  it('bumps the catalog version on every change and serves deltas, archived rows included', async () => {
    const api = client(t.app);
    const fx = await createTenant(t.app, 'Delta Café');
    const { latte, vat } = await setupMenu(fx);
    const start = (await api.get(`/v1/catalog/menu?outletId=${fx.outletId}`, fx.ownerToken)).body.version;
    const none = await api.get(`/v1/catalog/changes?since=${start}`, fx.ownerToken);
    expect(none.body).toMatchObject({ since: start, version: start, items: [], taxRates: [] });

    await api.patch(`/v1/catalog/items/${latte.id}`, { name: 'Es Kopi Susu Gula Aren' }, fx.ownerToken);
    await api.patch(`/v1/catalog/tax-rates/${vat.id}`, { archived: true }, fx.ownerToken);
    const delta = await api.get(`/v1/catalog/changes?since=${start}`, fx.ownerToken);
    expect(BigInt(delta.body.version)).toBe(BigInt(start) + 2n);
    expect(delta.body.items.map((i: { name: string }) => i.name)).toEqual(['Es Kopi Susu Gula Aren']);
    expect(delta.body.taxRates).toEqual([expect.objectContaining({ id: vat.id, archived: true })]);
    // Archived items leave the menu but not the deltas.
    await api.patch(`/v1/catalog/items/${latte.id}`, { archived: true }, fx.ownerToken);
    const menu = await api.get(`/v1/catalog/menu?outletId=${fx.outletId}`, fx.ownerToken);
    expect(menu.body.items).toEqual([]);
    const later = await api.get(`/v1/catalog/changes?since=${delta.body.version}`, fx.ownerToken);
    expect(later.body.items).toEqual([expect.objectContaining({ id: latte.id, archived: true })]);
  });

  it("serves one outlet's menu as a delta: a price, an archive, a sold-out; full after a tax change", async () => {
    const api = client(t.app);
    const fx = await createTenant(t.app, 'Menu Delta Café');
    const { latte, vat } = await setupMenu(fx);
    const other = (
      await api.post(
        '/v1/catalog/items',
        { name: 'Teh', variants: [{ name: 'R', price: 1_000_000 }] },
        fx.ownerToken,
      )
    ).body;
    const start = (await api.get(`/v1/catalog/menu?outletId=${fx.outletId}`, fx.ownerToken)).body.version;
    const url = (since: string) => `/v1/catalog/menu/changes?outletId=${fx.outletId}&since=${since}`;
    expect((await api.get(url(start), fx.ownerToken)).body).toMatchObject({
      full: false,
      items: [],
      removedItemIds: [],
    });

    const large = latte.variants[1].id;
    await api.patch(
      `/v1/outlets/${fx.outletId}/items/${latte.id}`,
      { soldOut: true, variantPrices: [{ variantId: large, price: 3_300_000 }] },
      fx.ownerToken,
    );
    await api.patch(`/v1/catalog/items/${other.id}`, { archived: true }, fx.ownerToken);
    const delta = await api.get(url(start), fx.ownerToken);
    expect(delta.status).toBe(200);
    expect(delta.body.full).toBe(false);
    expect(delta.body.removedItemIds).toEqual([other.id]);
    const menu = (await api.get(`/v1/catalog/menu?outletId=${fx.outletId}`, fx.ownerToken)).body;
    expect(delta.body.version).toBe(menu.version);
    expect(delta.body.items).toEqual([menu.items.find((i: { id: string }) => i.id === latte.id)]);
    expect(delta.body.items[0]).toMatchObject({ soldOut: true });
    expect(delta.body.items[0].variants[1].price).toBe(3_300_000);

    await api.patch(`/v1/catalog/tax-rates/${vat.id}`, { name: 'VAT 2' }, fx.ownerToken);
    expect((await api.get(url(delta.body.version), fx.ownerToken)).body).toMatchObject({
      full: true,
      items: [],
    });
    expect((await api.get(url('999999999999'), fx.ownerToken)).body.full).toBe(true);

    // Another tenant's outlet is unknown; a bad cursor is a 400.
    expect(
      (await api.get(`/v1/catalog/menu/changes?outletId=${fx.outletId}&since=0`, tenant.ownerToken)).status,
    ).toBe(404);
    expect((await api.get(url('abc'), fx.ownerToken)).status).toBe(400);
    expect((await api.get(`/v1/catalog/menu/changes?outletId=${fx.outletId}`, fx.ownerToken)).status).toBe(
      400,
    );
  });

  it('replacing variants archives the ones left out; SKUs stay unique among live variants', async () => {
    const api = client(t.app);
    const fx = await createTenant(t.app, 'Variant Café');
    const { latte } = await setupMenu(fx);
    const regular = latte.variants[0];
    const updated = await api.patch(
      `/v1/catalog/items/${latte.id}`,
      { variants: [{ id: regular.id, name: 'Regular', price: 2_600_000, sku: 'EKS-R' }] },
      fx.ownerToken,
    );
    expect(
      updated.body.variants.map((v: { archived: boolean; price: number }) => [v.price, v.archived]),
    ).toEqual([
      [2_600_000, false],
      [3_000_000, true],
    ]);
    // The archived Large's SKU is free again; a duplicate live SKU is a 409.
    const reuse = await api.post(
      '/v1/catalog/items',
      { name: 'Other', variants: [{ name: 'One', price: 1, sku: 'EKS-L' }] },
      fx.ownerToken,
    );
    expect(reuse.status).toBe(201);
    const dup = await api.post(
      '/v1/catalog/items',
      { name: 'Dup', variants: [{ name: 'One', price: 1, sku: 'EKS-R' }] },
      fx.ownerToken,
    );
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'catalog.conflict', field: 'sku' });
  });

  it('validates references, ranges and permissions', async () => {
    const api = client(t.app);
    const fx = await createTenant(t.app, 'Strict Café');
    const other = await createTenant(t.app, 'Other Café');
    const otherMenu = await setupMenu(other);
    const unknownTax = await api.post(
      '/v1/catalog/items',
      { name: 'X', taxRateIds: [otherMenu.pb1.id], variants: [{ name: 'R', price: 1 }] },
      fx.ownerToken,
    );
    expect(unknownTax.status).toBe(404);
    expect(unknownTax.body.code).toBe('tax_rates.not_found');
    expect(
      (await api.patch(`/v1/catalog/items/${otherMenu.latte.id}`, { name: 'pwned' }, fx.ownerToken)).status,
    ).toBe(404);
    expect(
      (
        await api.patch(
          `/v1/outlets/${other.outletId}/items/${otherMenu.latte.id}`,
          { soldOut: true },
          fx.ownerToken,
        )
      ).status,
    ).toBe(404);
    const badRange = await api.post(
      '/v1/catalog/modifier-groups',
      { name: 'Toppings', minSelect: 3, options: [{ name: 'A', price: 0 }] },
      fx.ownerToken,
    );
    expect(badRange.status).toBe(422);
    const badMax = await api.post(
      '/v1/catalog/modifier-groups',
      {
        name: 'T',
        minSelect: 2,
        maxSelect: 1,
        options: [
          { name: 'A', price: 0 },
          { name: 'B', price: 0 },
        ],
      },
      fx.ownerToken,
    );
    expect(badMax.status).toBe(422);
    const negative = await api.post(
      '/v1/catalog/items',
      { name: 'X', variants: [{ name: 'R', price: -1 }] },
      fx.ownerToken,
    );
    expect(negative.status).toBe(400);
    const fractional = await api.post(
      '/v1/catalog/items',
      { name: 'X', variants: [{ name: 'R', price: 1.5 }] },
      fx.ownerToken,
    );
    expect(fractional.status).toBe(400);
    const pct = await api.post(
      '/v1/catalog/discounts',
      { name: 'Too much', kind: 'percentage', scope: 'order', value: 1_500_000 },
      fx.ownerToken,
    );
    expect(pct.status).toBe(422);
    expect(pct.body.code).toBe('discounts.invalid');

    const cashier = await addStaff(t.app, fx, 'cashier');
    expect((await api.get('/v1/catalog/items', cashier.token)).status).toBe(200);
    expect((await api.post('/v1/catalog/categories', { name: 'No' }, cashier.token)).status).toBe(403);
  });

  it('service charges, discounts and the tenant pricing policy', async () => {
    const api = client(t.app);
    const fx = await createTenant(t.app, 'Policy Café');
    const { pb1 } = await setupMenu(fx);
    const sc = await api.post(
      '/v1/catalog/service-charges',
      { name: 'Service', ratePpm: 50_000, diningOptions: ['dine_in'], taxable: true, taxRateIds: [pb1.id] },
      fx.ownerToken,
    );
    expect(sc.status).toBe(201);
    expect(sc.body).toMatchObject({ ratePpm: 50_000, taxable: true, taxRateIds: [pb1.id] });
    const disc = await api.post(
      '/v1/catalog/discounts',
      { name: 'Staff meal', kind: 'percentage', scope: 'order', value: 500_000, approvalThreshold: 200_000 },
      fx.ownerToken,
    );
    expect(disc.body).toMatchObject({ value: 500_000, approvalThreshold: 200_000 });
    const open = await api.post(
      '/v1/catalog/discounts',
      { name: 'Open amount', kind: 'fixed', scope: 'item', value: null },
      fx.ownerToken,
    );
    expect(open.body.value).toBeNull();

    const policy = await api.patch(
      '/v1/tenant',
      { roundingMode: 'half_up', taxRounding: 'line', cashRoundingIncrement: 10_000 },
      fx.ownerToken,
    );
    expect(policy.body).toMatchObject({
      roundingMode: 'half_up',
      taxRounding: 'line',
      cashRoundingIncrement: 10_000,
    });
    expect((await api.patch('/v1/tenant', { roundingMode: 'banker' }, fx.ownerToken)).status).toBe(400);
  });

  it('every catalog change emits catalog.changed with the new version (registers refresh live)', async () => {
    const fx = await createTenant(t.app, 'Kopi Events');
    const api = client(t.app);
    const item = (
      await api.post(
        '/v1/catalog/items',
        { name: 'Teh', variants: [{ name: 'Gelas', price: 800_000 }] },
        fx.ownerToken,
      )
    ).body;
    const sold = await api.patch(
      `/v1/outlets/${fx.outletId}/items/${item.id}`,
      { soldOut: true },
      fx.ownerToken,
    );
    expect(sold.status).toBe(200);
    const events = (await api.get('/v1/events?limit=100', fx.ownerToken)).body.items.filter(
      (e: { type: string }) => e.type === 'catalog.changed',
    );
    const head = (await api.get('/v1/catalog/changes?since=0', fx.ownerToken)).body.version;
    expect(
      events.map((e: { topic: string; payload: { version: string } }) => [e.topic, e.payload.version]),
    ).toEqual([
      ['catalog', String(Number(head) - 1)],
      ['catalog', head],
    ]);
  });
});
