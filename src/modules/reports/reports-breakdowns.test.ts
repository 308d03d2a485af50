// A second hand-computed day, for the breakdowns: two categories, an item with two variants, an item
// with a paid modifier, two tax rates, two people, two hours, two dining options, a no-sale. Every
// expected figure below is worked out by hand in the comments; the reports must equal them, their
// CSV must carry the same figures in major units, and the reports must equal the ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../test/support/csv.ts';
import {
  addStaff,
  client,
  createManualClock,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';

// Tuesday 2026-05-05, 10:15 in Jakarta (UTC+7).
const clock = createManualClock(new Date('2026-05-05T03:15:00Z'));
const DAY = '2026-05-05';
let t: TestApp;
let f: TenantFixture;
let cashier: Awaited<ReturnType<typeof addStaff>>;
const ids: Record<string, string> = {};

async function tokenOf(email: string, password: string): Promise<string> {
  const res = await client(t.app).post('/v1/auth/login', { email, password });
  expect(res.status).toBe(200);
  return res.body.accessToken as string;
}

async function report(path: string) {
  const res = await client(t.app).get(path, await tokenOf(f.email, f.password));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function csv(kind: string) {
  const res = await client(t.app).get(
    `/v1/reports/${kind}?from=${DAY}&format=csv`,
    await tokenOf(f.email, f.password),
  );
  expect(res.status).toBe(200);
  return parseCsv(res.body as string);
}

/** Minor units (sen) as the CSV writes major units: 300_000 → "3000.00". */
const major = (minor: number) => (minor / 100).toFixed(2);

beforeAll(async () => {
  t = await createTestApp({ clock });
  f = await createTenant(t.app);
  cashier = await addStaff(t.app, f, 'cashier');
  const api = client(t.app);
  const tk = f.ownerToken;
  const post = async (url: string, body: Record<string, unknown>) => {
    const res = await api.post(url, body, tk);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  ids.pb1 = (await post('/v1/catalog/tax-rates', { name: 'PB1 10%', ratePpm: 100_000, inclusive: false })).id;
  ids.drinkTax = (
    await post('/v1/catalog/tax-rates', { name: 'Pajak 5%', ratePpm: 50_000, inclusive: false })
  ).id;
  ids.food = (await post('/v1/catalog/categories', { name: 'Makanan' })).id;
  ids.drinks = (await post('/v1/catalog/categories', { name: 'Minuman' })).id;
  const group = await post('/v1/catalog/modifier-groups', {
    name: 'Tambahan',
    minSelect: 0,
    maxSelect: 1,
    options: [{ name: 'Extra shot', price: 500_000 }],
  });
  ids.shot = group.options[0].id;
  const nasi = await post('/v1/catalog/items', {
    name: 'Nasi Goreng',
    categoryId: ids.food,
    taxRateIds: [ids.pb1],
    variants: [
      { name: 'Biasa', price: 2_000_000 },
      { name: 'Jumbo', price: 3_000_000 },
    ],
  });
  ids.nasi = nasi.id;
  ids.biasa = nasi.variants[0].id;
  ids.jumbo = nasi.variants[1].id;
  const kopi = await post('/v1/catalog/items', {
    name: 'Kopi',
    categoryId: ids.drinks,
    taxRateIds: [ids.drinkTax],
    modifierGroupIds: [group.id],
    variants: [{ name: 'Reguler', price: 1_000_000 }],
  });
  ids.kopi = kopi.id;
  ids.reguler = kopi.variants[0].id;

  // Sale 1, 10:15, the owner, dine in, cash:
  //   1 × Nasi Goreng Jumbo  Rp 30.000 + PB1 10% Rp 3.000
  //   2 × Kopi + Extra shot  2 × (Rp 10.000 + Rp 5.000) = Rp 30.000 + Pajak 5% Rp 1.500
  //   = Rp 60.000 + Rp 4.500 tax = Rp 64.500.
  await post('/v1/sales', {
    outletId: f.outletId,
    registerId: f.registerId,
    diningOption: 'dine_in',
    lines: [
      { itemId: ids.nasi, variantId: ids.jumbo, quantity: 1 },
      { itemId: ids.kopi, variantId: ids.reguler, quantity: 2, modifierOptionIds: [ids.shot] },
    ],
    payments: [{ method: 'cash', tendered: 10_000_000 }],
  });
  // Sale 2, 13:40, the cashier, takeaway, card: 2 × Nasi Goreng Biasa Rp 40.000 + PB1 Rp 4.000 = Rp 44.000.
  clock.advance((3 * 60 + 25) * 60_000);
  const b = await api.post(
    '/v1/sales',
    {
      outletId: f.outletId,
      registerId: f.registerId,
      diningOption: 'takeaway',
      lines: [{ itemId: ids.nasi, variantId: ids.biasa, quantity: 2 }],
      payments: [{ method: 'card', amount: 4_400_000, card: { brand: 'visa', last4: '1111' } }],
    },
    await tokenOf(cashier.email, cashier.password),
  );
  expect(b.status, JSON.stringify(b.body)).toBe(201);
  // 14:00, the owner opens the drawer with no sale.
  clock.advance(20 * 60_000);
  const noSale = await api.post(
    `/v1/registers/${f.registerId}/no-sale`,
    { reason: 'change for the float' },
    await tokenOf(f.email, f.password),
  );
  expect(noSale.status, JSON.stringify(noSale.body)).toBe(200);
});

afterAll(async () => {
  await t?.close();
});

/** Rows of a breakdown by key: the current period's figures. */
async function rows(kind: string): Promise<Record<string, Record<string, number> & { label: string }>> {
  const r = await report(`/v1/reports/${kind}?from=${DAY}`);
  return Object.fromEntries(
    (r.rows as Array<{ key: string; label: string; current: Record<string, number> }>).map((x) => [
      x.key,
      { ...x.current, label: x.label },
    ]),
  ) as Record<string, Record<string, number> & { label: string }>;
}

describe('reports on a second hand-computed day: the breakdowns', () => {
  it('sales summary: Rp 100.000 of sales, Rp 8.500 of tax, Rp 108.500 taken in cash and card', async () => {
    const r = await report(`/v1/reports/sales-summary?from=${DAY}`);
    expect(r.current).toMatchObject({
      orders: 2,
      grossSales: 10_000_000, // 60.000 + 40.000
      discounts: 0,
      netSales: 10_000_000,
      tax: 850_000, // 3.000 + 1.500 + 4.000
      tips: 0,
      collected: 10_850_000,
    });
    const tenders = Object.fromEntries(
      (r.payments as Array<{ key: string; current: Record<string, number> }>).map((p) => [p.key, p.current]),
    );
    expect(tenders.cash).toMatchObject({ orders: 1, collected: 6_450_000 });
    expect(tenders.card).toMatchObject({ orders: 1, collected: 4_400_000 });
  });

  it('by item, variant, category and modifier', async () => {
    const items = await rows('items');
    expect(items[ids.nasi!]).toMatchObject({
      label: 'Nasi Goreng',
      orders: 2,
      quantity: 3,
      grossSales: 7_000_000,
    });
    expect(items[ids.kopi!]).toMatchObject({ label: 'Kopi', orders: 1, quantity: 2, grossSales: 3_000_000 });
    const variants = await rows('variants');
    expect(variants[ids.jumbo!]).toMatchObject({ quantity: 1, grossSales: 3_000_000 });
    expect(variants[ids.biasa!]).toMatchObject({ quantity: 2, grossSales: 4_000_000 });
    expect(variants[ids.reguler!]).toMatchObject({ quantity: 2, grossSales: 3_000_000 });
    const categories = await rows('categories');
    expect(categories[ids.food!]).toMatchObject({ label: 'Makanan', quantity: 3, grossSales: 7_000_000 });
    expect(categories[ids.drinks!]).toMatchObject({ label: 'Minuman', quantity: 2, grossSales: 3_000_000 });
    const modifiers = await rows('modifiers');
    // 2 coffees with one Extra shot each: 2 × Rp 5.000.
    expect(Object.values(modifiers)).toEqual([
      expect.objectContaining({
        label: expect.stringContaining('Extra shot'),
        quantity: 2,
        grossSales: 1_000_000,
      }),
    ]);
  });

  it('by employee, hour, day of week and dining option', async () => {
    const people = await rows('employees');
    expect(people[`user:${f.ownerUserId}`]).toMatchObject({ orders: 1, netSales: 6_000_000 });
    expect(people[`user:${cashier.userId}`]).toMatchObject({ orders: 1, netSales: 4_000_000 });
    const hours = await rows('hours');
    expect(Object.keys(hours).sort()).toEqual(['10', '13']);
    expect(hours['10']).toMatchObject({ orders: 1, netSales: 6_000_000 });
    expect(hours['13']).toMatchObject({ orders: 1, netSales: 4_000_000 });
    const weekdays = await report(`/v1/reports/weekdays?from=${DAY}&to=2026-05-11`);
    expect(
      weekdays.rows.map((r: { key: string; current: { orders: number } }) => [r.key, r.current.orders]),
    ).toEqual([
      ['2', 2], // a Tuesday
    ]);
    const dining = await rows('dining-options');
    expect(dining.dine_in).toMatchObject({ orders: 1, netSales: 6_000_000 });
    expect(dining.takeaway).toMatchObject({ orders: 1, netSales: 4_000_000 });
  });

  it('tax per rate: PB1 on Rp 70.000 is Rp 7.000, 5% on Rp 30.000 is Rp 1.500', async () => {
    const taxes = await rows('taxes');
    expect(taxes[ids.pb1!]).toMatchObject({ orders: 2, grossSales: 7_000_000, tax: 700_000 });
    expect(taxes[ids.drinkTax!]).toMatchObject({ orders: 1, grossSales: 3_000_000, tax: 150_000 });
  });

  it('loss prevention: the no-sale, with who opened the drawer and why', async () => {
    const loss = await report(`/v1/reports/loss-prevention?from=${DAY}`);
    expect(loss.totals.find((x: { kind: string }) => x.kind === 'no_sale').current.count).toBe(1);
    expect(loss.totals.find((x: { kind: string }) => x.kind === 'void').current.count).toBe(0);
    expect(loss.events).toEqual([
      expect.objectContaining({ kind: 'no_sale', by: 'Owner', reason: 'change for the float' }),
    ]);
  });

  it('each breakdown’s CSV carries the same hand-computed figures in major units', async () => {
    const items = await csv('items');
    expect(items.find((r) => r.key === ids.nasi)).toMatchObject({
      quantity: '3',
      gross_sales: major(7_000_000),
    });
    expect(items.find((r) => r.key === ids.kopi)).toMatchObject({
      quantity: '2',
      gross_sales: major(3_000_000),
    });
    expect(items.at(-1)).toMatchObject({ key: 'total', gross_sales: major(10_000_000) });
    const variants = await csv('variants');
    expect(variants.find((r) => r.key === ids.jumbo)).toMatchObject({
      quantity: '1',
      gross_sales: '30000.00',
    });
    const categories = await csv('categories');
    expect(categories.find((r) => r.key === ids.food)).toMatchObject({ gross_sales: '70000.00' });
    const modifiers = await csv('modifiers');
    expect(modifiers.filter((r) => r.key !== 'total')).toEqual([
      expect.objectContaining({ quantity: '2', gross_sales: '10000.00' }),
    ]);
    const taxes = await csv('taxes');
    expect(taxes.find((r) => r.key === ids.pb1)).toMatchObject({ tax: '7000.00', gross_sales: '70000.00' });
    expect(taxes.find((r) => r.key === ids.drinkTax)).toMatchObject({
      tax: '1500.00',
      gross_sales: '30000.00',
    });
    const people = await csv('employees');
    expect(people.find((r) => r.key === `user:${cashier.userId}`)).toMatchObject({ net_sales: '40000.00' });
    const hours = await csv('hours');
    expect(hours.find((r) => r.key === '10')).toMatchObject({ net_sales: '60000.00' });
    const dining = await csv('dining-options');
    expect(dining.find((r) => r.key === 'takeaway')).toMatchObject({ net_sales: '40000.00' });
  });

  it('the day equals the ledger, and every breakdown adds up to it', async () => {
    const check = await report('/v1/reports/check');
    expect(check.mismatches).toEqual([]);
    expect(check).toMatchObject({ ok: true, daysChecked: 1 });
    expect((await report('/v1/ledger/check')).ok).toBe(true);
  });
});
