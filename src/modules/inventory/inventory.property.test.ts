import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { recipeUsage, shareOf } from './costing.ts';

// Random sales, refunds with and without restock, adjustments, receiving, transfers (received or
// still in transit) and counts, through the API: every level equals the sum of its movements and a
// model of the quantities, and the ledger's inventory equals the valuation report.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type Cmd =
  | { k: 'sale'; outlet: number; qty: number }
  | { k: 'refund'; pick: number; restock: boolean }
  | { k: 'adjust'; outlet: number; item: number; delta: number }
  | { k: 'receive'; outlet: number; item: number; qty: number; cost: number }
  | { k: 'transfer'; from: number; item: number; qty: number; receive: boolean }
  | { k: 'count'; outlet: number; item: number; counted: number };

const outlet = fc.nat(1);
const item = fc.nat(1);
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ k: fc.constant('sale' as const), outlet, qty: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ k: fc.constant('refund' as const), pick: fc.nat(), restock: fc.boolean() }),
  fc.record({
    k: fc.constant('adjust' as const),
    outlet,
    item,
    delta: fc.integer({ min: -5, max: 5 }).filter((d) => d !== 0),
  }),
  fc.record({
    k: fc.constant('receive' as const),
    outlet,
    item,
    qty: fc.integer({ min: 1, max: 10 }),
    cost: fc.integer({ min: 0, max: 1_000_000 }),
  }),
  fc.record({
    k: fc.constant('transfer' as const),
    from: outlet,
    item,
    qty: fc.integer({ min: 1, max: 5 }),
    receive: fc.boolean(),
  }),
  fc.record({ k: fc.constant('count' as const), outlet, item, counted: fc.integer({ min: 0, max: 50 }) }),
);

// Rice in 100 g steps, eggs in pieces; the dish takes 150 g rice and 1 egg at 90 % yield.
const STEP = [100_000, 1_000];
const UNIT = [
  { quantity: 100, unit: 'g' },
  { quantity: 1, unit: 'pcs' },
];
const RECIPE = [150_000, 1_000];
const YIELD = 9_000;

async function world(f: TenantFixture) {
  const api = client(t.app);
  const ok = async (p: Promise<{ status: number; body: any }>) => {
    const r = await p;
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    return r.body;
  };
  const tk = f.ownerToken;
  const second = await ok(api.post('/v1/outlets', { name: 'Kedua' }, tk));
  const dish = await ok(
    api.post('/v1/catalog/items', { name: 'Nasi', variants: [{ name: 'Biasa', price: 2_000_000 }] }, tk),
  );
  const rice = await ok(
    api.post('/v1/inventory/items', { name: 'Beras', kind: 'ingredient', dimension: 'mass' }, tk),
  );
  const egg = await ok(
    api.post('/v1/inventory/items', { name: 'Telur', kind: 'ingredient', dimension: 'count' }, tk),
  );
  await ok(
    api.post(
      '/v1/inventory/recipes',
      {
        targetType: 'item',
        targetId: dish.id,
        yieldBp: YIELD,
        lines: [
          { stockItemId: rice.id, amount: { quantity: 150, unit: 'g' } },
          { stockItemId: egg.id, amount: { quantity: 1, unit: 'pcs' } },
        ],
      },
      tk,
    ),
  );
  const supplier = await ok(api.post('/v1/inventory/suppliers', { name: 'Pasar' }, tk));
  return {
    api,
    ok,
    tk,
    outlets: [f.outletId, second.id as string],
    dish,
    items: [rice.id as string, egg.id as string],
    supplier,
  };
}

describe('inventory property', () => {
  it('levels = Σ movements = the model; ledger inventory = valuation', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 14 }), async (cmds) => {
        run += 1;
        const f = await createTenant(t.app, `Properti ${run}`);
        const w = await world(f);
        const { api, ok, tk, outlets, items } = w;
        const model = new Map<string, number>();
        const at = (o: number, i: number) => `${outlets[o]}/${items[i]}`;
        const add = (o: number, i: number, q: number) => model.set(at(o, i), (model.get(at(o, i)) ?? 0) + q);
        const sales: Array<{
          outlet: number;
          paymentId: string;
          lineId: string;
          qty: number;
          returned: number;
        }> = [];
        for (const c of cmds) {
          switch (c.k) {
            case 'sale': {
              const s = await ok(
                api.post(
                  '/v1/sales',
                  {
                    outletId: outlets[c.outlet],
                    diningOption: 'takeaway',
                    lines: [{ itemId: w.dish.id, variantId: w.dish.variants[0].id, quantity: c.qty }],
                    payments: [{ method: 'card', card: { brand: 'visa', last4: '4242' } }],
                  },
                  tk,
                ),
              );
              sales.push({
                outlet: c.outlet,
                paymentId: s.payments[0].id,
                lineId: s.order.lines[0].id,
                qty: c.qty,
                returned: 0,
              });
              for (const i of [0, 1]) {
                add(c.outlet, i, -recipeUsage(RECIPE[i]!, c.qty, YIELD));
              }
              break;
            }
            case 'refund': {
              const open = sales.filter((s) => s.returned < s.qty);
              const s = open[c.pick % Math.max(open.length, 1)];
              if (!s) {
                break;
              }
              await ok(
                api.post(
                  `/v1/payments/${s.paymentId}/refunds`,
                  { lines: [{ lineId: s.lineId, quantity: 1, restock: c.restock }], reason: 'x' },
                  tk,
                ),
              );
              if (c.restock) {
                for (const i of [0, 1]) {
                  add(s.outlet, i, shareOf(recipeUsage(RECIPE[i]!, s.qty, YIELD), s.qty, s.returned, 1));
                }
              }
              s.returned += 1;
              break;
            }
            case 'adjust':
              await ok(
                api.post(
                  '/v1/inventory/adjustments',
                  {
                    outletId: outlets[c.outlet],
                    stockItemId: items[c.item],
                    reason: 'adjustment',
                    change: { quantity: c.delta * UNIT[c.item]!.quantity, unit: UNIT[c.item]!.unit },
                  },
                  tk,
                ),
              );
              add(c.outlet, c.item, c.delta * STEP[c.item]!);
              break;
            case 'receive': {
              const po = await ok(
                api.post(
                  '/v1/inventory/purchase-orders',
                  {
                    outletId: outlets[c.outlet],
                    supplierId: w.supplier.id,
                    lines: [
                      {
                        stockItemId: items[c.item],
                        amount: { quantity: c.qty * UNIT[c.item]!.quantity, unit: UNIT[c.item]!.unit },
                        cost: c.cost,
                      },
                    ],
                  },
                  tk,
                ),
              );
              await ok(api.post(`/v1/inventory/purchase-orders/${po.id}/send`, undefined, tk));
              await ok(
                api.post(
                  `/v1/inventory/purchase-orders/${po.id}/receive`,
                  {
                    lines: [
                      {
                        lineId: po.lines[0].id,
                        amount: { quantity: c.qty * UNIT[c.item]!.quantity, unit: UNIT[c.item]!.unit },
                      },
                    ],
                  },
                  tk,
                ),
              );
              add(c.outlet, c.item, c.qty * STEP[c.item]!);
              break;
            }
            case 'transfer': {
              const to = 1 - c.from;
              const tr = await ok(
                api.post(
                  '/v1/inventory/transfers',
                  {
                    fromOutletId: outlets[c.from],
                    toOutletId: outlets[to],
                    lines: [
                      {
                        stockItemId: items[c.item],
                        amount: { quantity: c.qty * UNIT[c.item]!.quantity, unit: UNIT[c.item]!.unit },
                      },
                    ],
                  },
                  tk,
                ),
              );
              add(c.from, c.item, -c.qty * STEP[c.item]!);
              if (c.receive) {
                await ok(api.post(`/v1/inventory/transfers/${tr.id}/receive`, {}, tk));
                add(to, c.item, c.qty * STEP[c.item]!);
              }
              break;
            }
            case 'count':
              await ok(
                api.post(
                  '/v1/inventory/counts',
                  {
                    outletId: outlets[c.outlet],
                    lines: [
                      {
                        stockItemId: items[c.item],
                        counted: { quantity: c.counted * UNIT[c.item]!.quantity, unit: UNIT[c.item]!.unit },
                      },
                    ],
                  },
                  tk,
                ),
              );
              model.set(at(c.outlet, c.item), c.counted * STEP[c.item]!);
              break;
          }
        }
        // Every level = Σ of its movements (quantity and value) = the model.
        const levels = (await ok(api.get('/v1/inventory/levels?limit=500', tk))).items as Array<{
          outletId: string;
          stockItemId: string;
          qty: number;
          value: number;
        }>;
        const sums = await t.app.db
          .selectFrom('stock_movements')
          .select(['outlet_id', 'stock_item_id'])
          .select((eb) => [
            eb.fn.sum<string>('qty_delta').as('qty'),
            eb.fn.sum<string>('value_delta').as('value'),
          ])
          .where('tenant_id', '=', f.tenantId)
          .groupBy(['outlet_id', 'stock_item_id'])
          .execute();
        for (const l of levels) {
          const s = sums.find((x) => x.outlet_id === l.outletId && x.stock_item_id === l.stockItemId);
          expect(l.qty).toBe(Number(s?.qty ?? 0));
          expect(l.value).toBe(Number(s?.value ?? 0));
          expect(l.qty, `${l.outletId}/${l.stockItemId}`).toBe(
            model.get(`${l.outletId}/${l.stockItemId}`) ?? 0,
          );
        }
        for (const [key, qty] of model) {
          if (qty !== 0) {
            expect(levels.some((l) => `${l.outletId}/${l.stockItemId}` === key)).toBe(true);
          }
        }
        // The books: inventory and in transit tie out; the valuation report says the same.
        const check = await ok(api.get('/v1/ledger/check', tk));
        expect(check.ok, JSON.stringify(check)).toBe(true);
        const valuation = await ok(api.get('/v1/inventory/valuation', tk));
        expect(valuation.total).toBe(check.inventory.ledger);
        expect(valuation.inTransit).toBe(check.inventory.ledgerInTransit);
      }),
      { numRuns: 20, seed: 16_2026 },
    );
  }, 300_000);
});
