import { client, type TenantFixture, type TestApp } from './test-app.ts';

/** A small menu: a taxed drink (PB1 10% exclusive) and an untaxed snack, prices in IDR minor units. */
export async function seedPaymentMenu(t: TestApp, f: TenantFixture) {
  const api = client(t.app);
  const tk = f.ownerToken;
  const pb1 = (
    await api.post('/v1/catalog/tax-rates', { name: 'PB1', ratePpm: 100_000, inclusive: false }, tk)
  ).body;
  const drink = (
    await api.post(
      '/v1/catalog/items',
      { name: 'Es Teh', taxRateIds: [pb1.id], variants: [{ name: 'Regular', price: 1_234_500 }] },
      tk,
    )
  ).body;
  const snack = (
    await api.post('/v1/catalog/items', { name: 'Kerupuk', variants: [{ name: 'Bag', price: 500_000 }] }, tk)
  ).body;
  return { drink, snack };
}
export type PaymentMenu = Awaited<ReturnType<typeof seedPaymentMenu>>;

/** Creates an order (drinks + snacks) and returns it. */
export async function createOrder(
  t: TestApp,
  f: TenantFixture,
  menu: PaymentMenu,
  opts: { drinks?: number; snacks?: number; token?: string } = {},
) {
  const lines = [];
  if ((opts.drinks ?? 1) > 0) {
    lines.push({ itemId: menu.drink.id, variantId: menu.drink.variants[0].id, quantity: opts.drinks ?? 1 });
  }
  if ((opts.snacks ?? 0) > 0) {
    lines.push({ itemId: menu.snack.id, variantId: menu.snack.variants[0].id, quantity: opts.snacks });
  }
  const res = await client(t.app).post(
    '/v1/orders',
    { outletId: f.outletId, registerId: f.registerId, diningOption: 'takeaway', lines },
    opts.token ?? f.ownerToken,
  );
  if (res.status !== 201) {
    throw new Error(`order create failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as {
    id: string;
    total: number;
    balanceAmount: number;
    lines: Array<{ id: string; total: number; quantity: number }>;
  };
}
