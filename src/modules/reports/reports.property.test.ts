import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createManualClock,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { seedPaymentMenu, type PaymentMenu } from '../../../test/support/payments.ts';

// Random sales (two outlets in different time zones, a taxed service charge on dine-in, cash and
// card with tips, split tenders) and random refunds (by amount or by line, days later): the
// reports must equal the ledger every day, their parts must add up, and the period's takings must
// equal what the API said each payment and refund moved.
const clock = createManualClock(new Date('2026-05-01T01:00:00Z'));
let t: TestApp;
let f: TenantFixture;
let menu: PaymentMenu;
let key: string;
let secondOutlet: string;
const expected = { orders: 0, collected: 0, refunded: 0, tips: 0 };

beforeAll(async () => {
  t = await createTestApp({ clock });
  f = await createTenant(t.app);
  menu = await seedPaymentMenu(t, f);
  const api = client(t.app);
  const tax = (await api.get('/v1/catalog/tax-rates', f.ownerToken)).body.items[0];
  const charge = await api.post(
    '/v1/catalog/service-charges',
    { name: 'Service', ratePpm: 50_000, diningOptions: ['dine_in'], taxable: true, taxRateIds: [tax.id] },
    f.ownerToken,
  );
  expect(charge.status, JSON.stringify(charge.body)).toBe(201);
  const outlet = await api.post('/v1/outlets', { name: 'Bali', timezone: 'Asia/Makassar' }, f.ownerToken);
  expect(outlet.status, JSON.stringify(outlet.body)).toBe(201);
  secondOutlet = outlet.body.id;
  const created = await api.post(
    '/v1/api-keys',
    {
      name: 'property',
      scopes: [
        'orders:create',
        'orders:read',
        'payments:create',
        'payments:read',
        'payments:refund',
        'reports:read',
      ],
    },
    f.ownerToken,
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  key = created.body.secret;
});

afterAll(async () => {
  await t.close();
});

const saleArb = fc.record({
  hoursLater: fc.integer({ min: 0, max: 40 }),
  second: fc.boolean(),
  dineIn: fc.boolean(),
  drinks: fc.integer({ min: 0, max: 3 }),
  snacks: fc.integer({ min: 0, max: 3 }),
  tender: fc.constantFrom('cash', 'card', 'split'),
  tip: fc.constantFrom(0, 200_000),
  refund: fc.option(
    fc.record({
      daysLater: fc.integer({ min: 0, max: 35 }),
      byLine: fc.boolean(),
      part: fc.integer({ min: 1, max: 3 }),
    }),
  ),
});

describe('reports equal the ledger (property)', () => {
  it('random sales and refunds reconcile, day by day and in total', async () => {
    const api = client(t.app);
    const first = '2026-05-01';
    await fc.assert(
      fc.asyncProperty(fc.array(saleArb, { minLength: 1, maxLength: 4 }), async (sales) => {
        for (const s of sales) {
          if (s.drinks + s.snacks === 0) {
            continue;
          }
          clock.advance(s.hoursLater * 3_600_000);
          const lines = [
            ...(s.drinks
              ? [{ itemId: menu.drink.id, variantId: menu.drink.variants[0].id, quantity: s.drinks }]
              : []),
            ...(s.snacks
              ? [{ itemId: menu.snack.id, variantId: menu.snack.variants[0].id, quantity: s.snacks }]
              : []),
          ];
          const order = {
            outletId: s.second ? secondOutlet : f.outletId,
            diningOption: s.dineIn ? 'dine_in' : 'takeaway',
            lines,
          };
          const priced = (await api.post('/v1/orders/calculate', order, key)).body;
          const card = { brand: 'visa', last4: '4242' };
          const half = Math.floor(priced.total / 200) * 100;
          const payments =
            s.tender === 'cash'
              ? [{ method: 'cash', tendered: priced.total + 10_000_000 }]
              : s.tender === 'card'
                ? [{ method: 'card', amount: priced.total, tipAmount: s.tip, card }]
                : [
                    { method: 'card', amount: half, tipAmount: s.tip, card },
                    { method: 'cash', tendered: priced.total + 10_000_000 },
                  ];
          const sale = await api.post('/v1/sales', { ...order, payments }, key);
          expect(sale.status, JSON.stringify(sale.body)).toBe(201);
          expected.orders += 1;
          for (const p of sale.body.payments) {
            expected.collected += p.amount + p.tipAmount + p.rounding;
            expected.tips += p.tipAmount;
          }
          if (s.refund) {
            const now = clock.now().getTime();
            clock.advance(s.refund.daysLater * 86_400_000);
            const paid = sale.body.payments[0];
            const line = sale.body.order.lines[0];
            const body = s.refund.byLine
              ? { lines: [{ lineId: line.id, quantity: 1 }], reason: 'property' }
              : {
                  amount: Math.max(100, Math.floor(paid.amount / (s.refund.part * 100)) * 100),
                  reason: 'property',
                };
            const refund = await api.post(`/v1/payments/${paid.id}/refunds`, body, key);
            if (refund.status === 201) {
              expected.refunded += refund.body.amount + refund.body.rounding;
            } else {
              // A line worth more than this payment (split tender) is refused: nothing moved.
              expect(refund.status, JSON.stringify(refund.body)).toBe(422);
            }
            clock.set(new Date(Math.max(now, clock.now().getTime() - s.refund.daysLater * 86_400_000)));
          }
        }
        const check = await api.get('/v1/reports/check', key);
        expect(check.body.mismatches).toEqual([]);
        expect(check.body.ok).toBe(true);
        const last = new Date(clock.now().getTime() + 40 * 86_400_000).toISOString().slice(0, 10);
        const summary = await api.get(`/v1/reports/sales-summary?from=${first}&to=${last}`, key);
        expect(summary.status, JSON.stringify(summary.body)).toBe(200);
        expect(summary.body.current).toMatchObject({
          orders: expected.orders,
          collected: expected.collected,
          refunded: expected.refunded,
          tips: expected.tips,
        });
        const ledger = await api.get('/v1/ledger/check', key);
        expect(ledger.body.ok).toBe(true);
      }),
      { numRuns: 12 },
    );
    // Not vacuous: sales and refunds were made.
    expect(expected.orders).toBeGreaterThan(8);
    expect(expected.refunded).toBeGreaterThan(0);
  });
});
