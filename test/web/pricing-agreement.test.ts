// The register prices carts with the server's own engine (apps/shared/pricing.ts imports
// src/modules/orders); the server stays authoritative. They must agree on every figure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priceCart, type Cart } from '../../apps/shared/pricing.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { client, createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let token: string;
let outletId: string;
let menu: any;
let tenant: any;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database.db, t.services, () => new Date());
  const api = client(t.app);
  token = (await api.post('/v1/auth/login', { email: 'owner@warung.demo', password: 'kasir-demo-123' })).body
    .accessToken;
  outletId = (await api.get('/v1/outlets', token)).body.items[0].id;
  for (const d of [
    { name: '10% off', kind: 'percentage', scope: 'order', value: 100_000 },
    { name: 'Rp 5.000 off', kind: 'fixed', scope: 'order', value: 500_000 },
    { name: 'Item 15%', kind: 'percentage', scope: 'item', value: 150_000 },
  ]) {
    expect((await api.post('/v1/catalog/discounts', d, token)).status).toBe(201);
  }
  // An inclusive tax and a line-rounding policy, so more of the engine is exercised.
  await api.post('/v1/catalog/tax-rates', { name: 'VAT incl', ratePpm: 110_000, inclusive: true }, token);
  menu = (await api.get(`/v1/catalog/menu?outletId=${outletId}`, token)).body;
  tenant = (await api.get('/v1/tenant', token)).body;
});
afterAll(async () => {
  await t.close();
});

function cart(seed: number): Cart {
  const items = menu.items as any[];
  const lines = Array.from({ length: 1 + (seed % 4) }, (_, i) => {
    const item = items[(seed + i * 3) % items.length];
    const variant = item.variants[(seed + i) % item.variants.length];
    const groups = menu.modifierGroups.filter((g: any) => item.modifierGroupIds.includes(g.id));
    const modifierOptionIds = groups.flatMap((g: any) =>
      g.options.slice(0, Math.max(g.minSelect, (seed + i) % ((g.maxSelect ?? 1) + 1))).map((o: any) => o.id),
    );
    const itemDiscount = menu.discounts.find((d: any) => d.scope === 'item');
    return {
      id: crypto.randomUUID(),
      itemId: item.id,
      variantId: variant.id,
      quantity: 1 + ((seed * 7 + i) % 5),
      modifierOptionIds,
      notes: null,
      discounts: (seed + i) % 3 === 0 ? [{ discountId: itemDiscount.id }] : [],
    };
  });
  const orderDiscounts = menu.discounts.filter((d: any) => d.scope === 'order');
  return {
    diningOption: seed % 2 ? 'dine_in' : 'takeaway',
    lines,
    discounts: seed % 3 === 1 ? [{ discountId: orderDiscounts[seed % orderDiscounts.length].id }] : [],
  };
}

describe('client-side totals = server totals', () => {
  it.each(Array.from({ length: 12 }, (_, i) => i))('cart %i', async (seed) => {
    const c = cart(seed);
    const local = priceCart(menu, tenant, c);
    const res = await client(t.app).post(
      '/v1/orders/calculate',
      { outletId, diningOption: c.diningOption, lines: c.lines, discounts: c.discounts },
      token,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const server = res.body;
    expect({
      subtotal: local.subtotal,
      discountTotal: local.discountTotal,
      serviceChargeTotal: local.serviceChargeTotal,
      taxTotal: local.taxTotal,
      total: local.total,
      cash: { total: local.cash.total, roundingAdjustment: local.cash.roundingAdjustment },
      lines: local.lines.map((l) => l.total),
    }).toEqual({
      subtotal: server.subtotal,
      discountTotal: server.discountTotal,
      serviceChargeTotal: server.serviceChargeTotal,
      taxTotal: server.taxTotal,
      total: server.total,
      cash: server.cash,
      lines: server.lines.map((l: any) => l.total),
    });
  });
});
