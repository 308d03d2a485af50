// GET /v1/registers/:id/z-reports: every close of a register, newest first, with the figures of
// the Z report stored at that close; paged by number; outlet-limited; another business's register
// is a 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addStaff,
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { seedPaymentMenu, type PaymentMenu } from '../../../test/support/payments.ts';

let t: TestApp;
let fx: TenantFixture;
let menu: PaymentMenu;

beforeAll(async () => {
  t = await createTestApp();
  fx = await createTenant(t.app, 'Z Café');
  menu = await seedPaymentMenu(t, fx);
});
afterAll(async () => {
  await t.close();
});

const api = () => client(t.app);

/** Opens the register's drawer with a float, sells `drinks` in cash, closes with `counted`. */
async function day(float: number, drinks: number, counted: number) {
  const open = await api().post(
    '/v1/drawer-sessions',
    { registerId: fx.registerId, float: { amount: float } },
    fx.ownerToken,
  );
  expect(open.status, JSON.stringify(open.body)).toBe(201);
  const sale = await api().post(
    '/v1/sales',
    {
      outletId: fx.outletId,
      registerId: fx.registerId,
      diningOption: 'takeaway',
      lines: [{ itemId: menu.drink.id, variantId: menu.drink.variants[0].id, quantity: drinks }],
      payments: [{ method: 'cash', tendered: 100_000_000 }],
    },
    fx.ownerToken,
  );
  expect(sale.status, JSON.stringify(sale.body)).toBe(201);
  const closed = await api().post(
    `/v1/drawer-sessions/${open.body.id}/close`,
    { counted: { amount: counted }, reason: 'count' },
    fx.ownerToken,
  );
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  return closed.body.zReport;
}

describe('a register’s Z reports', () => {
  it('lists every close, newest first, with the stored Z figures, page by page', async () => {
    const zs = [await day(1_000_000, 1, 1_000_000), await day(500_000, 2, 9_000_000), await day(0, 3, 0)];
    const list = await api().get(`/v1/registers/${fx.registerId}/z-reports`, fx.ownerToken);
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.items.map((r: { number: number }) => r.number)).toEqual([3, 2, 1]);
    const second = zs[1];
    expect(list.body.items[1]).toEqual({
      id: expect.any(String),
      number: 2,
      sessionId: second.sessionId,
      openedAt: second.openedAt,
      closedAt: second.closedAt,
      orders: 1,
      salesTotal: second.sales.total,
      expectedCash: second.cash.expected,
      countedCash: 9_000_000,
      variance: 9_000_000 - second.cash.expected,
    });
    // Each row opens the full report by its number.
    const full = await api().get(`/v1/registers/${fx.registerId}/z-reports/2`, fx.ownerToken);
    expect(full.body).toEqual(second);

    const first = await api().get(`/v1/registers/${fx.registerId}/z-reports?limit=2`, fx.ownerToken);
    expect(first.body.items.map((r: { number: number }) => r.number)).toEqual([3, 2]);
    const rest = await api().get(
      `/v1/registers/${fx.registerId}/z-reports?limit=2&cursor=${first.body.nextCursor}`,
      fx.ownerToken,
    );
    expect(rest.body).toMatchObject({ items: [{ number: 1 }], nextCursor: null });
  });

  it('needs reports:read, keeps to the caller’s outlets, and hides other businesses’ registers', async () => {
    const cashier = await addStaff(t.app, fx, 'cashier');
    expect((await api().get(`/v1/registers/${fx.registerId}/z-reports`, cashier.token)).status).toBe(403);
    const other = await createTenant(t.app, 'Other Z Café');
    const foreign = await api().get(`/v1/registers/${fx.registerId}/z-reports`, other.ownerToken);
    expect(foreign.status).toBe(404);
    expect(foreign.headers['content-type']).toContain('application/problem+json');
    const outlet = await api().post('/v1/outlets', { name: 'Second' }, fx.ownerToken);
    const limited = await addStaff(t.app, fx, 'manager', { outletIds: [outlet.body.id] });
    const refused = await api().get(`/v1/registers/${fx.registerId}/z-reports`, limited.token);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('auth.outlet_forbidden');
    const bad = await api().get(`/v1/registers/${fx.registerId}/z-reports?cursor=nope`, fx.ownerToken);
    expect(bad.status).toBe(400);
  });
});
