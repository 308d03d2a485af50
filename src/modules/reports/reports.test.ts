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
import { parseCsv } from '../../../test/support/csv.ts';
import { rebuild } from './projector.ts';

// 10:00 in Jakarta (UTC+7) on 2026-03-10; the refund comes 31 days later.
const clock = createManualClock(new Date('2026-03-10T03:00:00Z'));
const DAY1 = '2026-03-10';
const REFUND_DAY = '2026-04-10';
let t: TestApp;
let f: TenantFixture;
let menu: PaymentMenu;
let token: string;

async function login() {
  const res = await client(t.app).post('/v1/auth/login', { email: f.email, password: f.password });
  token = res.body.accessToken;
}

/** Reads a report, failing loudly on an error. */
async function report(path: string) {
  const res = await client(t.app).get(path, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

let saleA: any;

beforeAll(async () => {
  t = await createTestApp({ clock });
  f = await createTenant(t.app);
  token = f.ownerToken;
  menu = await seedPaymentMenu(t, f);
  const api = client(t.app);
  const line = (item: PaymentMenu['drink'], quantity: number) => ({
    itemId: item.id,
    variantId: item.variants[0].id,
    quantity,
  });
  // Sale A: 2 × Es Teh (Rp 12.345 + PB1 10% exclusive) + 1 × Kerupuk (Rp 5.000, untaxed), cash.
  const a = await api.post(
    '/v1/sales',
    {
      outletId: f.outletId,
      registerId: f.registerId,
      diningOption: 'dine_in',
      lines: [line(menu.drink, 2), line(menu.snack, 1)],
      payments: [{ method: 'cash', tendered: 5_000_000 }],
    },
    token,
  );
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  saleA = a.body;
  // Sale B, an hour later: 1 × Es Teh by card (rounded up to Rp 13.580: rounding 50 sen) + Rp 10.000 tip.
  clock.advance(3_600_000);
  await login();
  const b = await api.post(
    '/v1/sales',
    {
      outletId: f.outletId,
      registerId: f.registerId,
      diningOption: 'takeaway',
      lines: [line(menu.drink, 1)],
      payments: [
        { method: 'card', amount: 1_357_950, tipAmount: 1_000_000, card: { brand: 'visa', last4: '4242' } },
      ],
    },
    token,
  );
  expect(b.status, JSON.stringify(b.body)).toBe(201);
});

afterAll(async () => {
  await t.close();
});

describe('reports on a hand-computed day', () => {
  it('sales summary: gross, tax, tips, rounding and takings per tender', async () => {
    const r = await report(`/v1/reports/sales-summary?from=${DAY1}`);
    expect(r.currency).toBe('IDR');
    expect(r.previousPeriod).toEqual({ from: '2026-03-09', to: '2026-03-09' });
    expect(r.current).toMatchObject({
      orders: 2,
      grossSales: 2 * 1_234_500 + 500_000 + 1_234_500,
      discounts: 0,
      returns: 0,
      netSales: 4_203_500,
      serviceCharge: 0,
      tax: 246_900 + 123_450,
      tips: 1_000_000,
      rounding: 50,
      collected: 3_215_900 + 1_358_000 + 1_000_000,
      refunded: 0,
      refundCount: 0,
    });
    expect(r.previous.orders).toBe(0);
    expect(r.days).toHaveLength(1);
    const tenders = Object.fromEntries(r.payments.map((p: any) => [p.key, p.current]));
    expect(tenders.cash).toMatchObject({ orders: 1, collected: 3_215_900, tips: 0 });
    expect(tenders.card).toMatchObject({ orders: 1, collected: 2_358_000, tips: 1_000_000, rounding: 50 });
  });

  it('items, hours, dining options, employees and taxes add up to the day', async () => {
    const items = await report(`/v1/reports/items?from=${DAY1}`);
    const byName = Object.fromEntries(items.rows.map((r: any) => [r.label, r.current]));
    expect(byName['Es Teh']).toMatchObject({ orders: 2, quantity: 3, grossSales: 3_703_500 });
    expect(byName.Kerupuk).toMatchObject({ orders: 1, quantity: 1, grossSales: 500_000 });
    expect(items.totals.current.grossSales).toBe(4_203_500);

    const hours = await report(`/v1/reports/hours?from=${DAY1}`);
    expect(hours.rows.map((r: any) => [r.key, r.current.orders])).toEqual([
      ['10', 1],
      ['11', 1],
    ]);
    const dining = await report(`/v1/reports/dining-options?from=${DAY1}`);
    expect(Object.fromEntries(dining.rows.map((r: any) => [r.key, r.current.netSales]))).toEqual({
      dine_in: 2_969_000,
      takeaway: 1_234_500,
    });
    const staff = await report(`/v1/reports/employees?from=${DAY1}`);
    expect(staff.rows).toHaveLength(1);
    expect(staff.rows[0]).toMatchObject({ key: `user:${f.ownerUserId}`, label: 'Owner' });
    expect(staff.rows[0].current.orders).toBe(2);
    const taxes = await report(`/v1/reports/taxes?from=${DAY1}`);
    expect(taxes.rows).toEqual([
      expect.objectContaining({
        label: 'PB1 10%',
        current: expect.objectContaining({ tax: 370_350, grossSales: 3_703_500 }),
      }),
    ]);
    const weekdays = await report(`/v1/reports/weekdays?from=${DAY1}&to=2026-03-16`);
    expect(weekdays.rows.map((r: any) => [r.key, r.current.orders])).toEqual([['2', 2]]); // a Tuesday
  });

  it('the next day shows this one as its previous period', async () => {
    const r = await report('/v1/reports/sales-summary?from=2026-03-11');
    expect(r.current.orders).toBe(0);
    expect(r.previous.orders).toBe(2);
    expect(r.previous.netSales).toBe(4_203_500);
  });

  it('a refund a month later lands on its own business day, as a refund; the sale day stays', async () => {
    clock.set(new Date(`${REFUND_DAY}T05:30:00Z`));
    await login();
    const snackLine = saleA.order.lines.find((l: any) => l.itemId === menu.snack.id);
    const refund = await client(t.app).post(
      `/v1/payments/${saleA.payments[0].id}/refunds`,
      { lines: [{ lineId: snackLine.id, quantity: 1 }], reason: 'stale' },
      token,
    );
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    const day1 = await report(`/v1/reports/sales-summary?from=${DAY1}`);
    expect(day1.current).toMatchObject({ orders: 2, netSales: 4_203_500, returns: 0, refunded: 0 });
    const later = await report(`/v1/reports/sales-summary?from=${REFUND_DAY}`);
    // The ledger splits a return over the sale's revenue and tax on the running total (Rp 5.000 of
    // a Rp 32.159 sale that was Rp 29.690 revenue + Rp 2.469 tax): 461,613 + 38,387 sen.
    expect(later.current).toMatchObject({
      orders: 0,
      grossSales: 0,
      returns: 461_613,
      tax: -38_387,
      netSales: -461_613,
      refunded: 500_000,
      refundCount: 1,
      netCollected: -500_000,
    });
    const items = await report(`/v1/reports/items?from=${REFUND_DAY}`);
    expect(items.rows).toEqual([
      expect.objectContaining({
        label: 'Kerupuk',
        current: expect.objectContaining({ returnedQuantity: 1, returns: 461_613, netSales: -461_613 }),
      }),
    ]);
    const month = await report(`/v1/reports/sales-summary?from=${DAY1}&to=${REFUND_DAY}`);
    expect(month.current.netSales).toBe(4_203_500 - 461_613);
    const loss = await report(`/v1/reports/loss-prevention?from=${REFUND_DAY}`);
    expect(loss.totals.find((x: any) => x.kind === 'refund').current).toEqual({ count: 1, amount: 500_000 });
    expect(loss.events[0]).toMatchObject({ kind: 'refund', by: 'Owner', reason: 'stale', approvedBy: null });
  });

  it('every day equals the ledger and every breakdown adds up (GET /v1/reports/check)', async () => {
    const check = await report('/v1/reports/check');
    expect(check.mismatches).toEqual([]);
    expect(check).toMatchObject({ ok: true, daysChecked: 2 });
    const ledger = await report('/v1/ledger/check');
    expect(ledger.ok).toBe(true);
  });

  it('CSV: the same figures, in major units, streamed', async () => {
    const json = await report(`/v1/reports/sales-summary?from=${DAY1}&to=${REFUND_DAY}`);
    const res = await client(t.app).get(`/v1/reports/sales-summary?from=${DAY1}&to=${REFUND_DAY}`, token, {
      accept: 'text/csv',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('sales-summary-2026-03-10-2026-04-10.csv');
    const rows = parseCsv(res.body as string);
    const total = rows.find((r) => r.row === 'total')!;
    expect(total.net_sales).toBe('37418.87');
    expect(total.orders).toBe('2');
    expect(Number(total.collected!.replace('.', ''))).toBe(json.current.collected);
    expect(rows.filter((r) => r.row === 'day')).toHaveLength(json.days.length);

    const items = await client(t.app).get(`/v1/reports/items?from=${DAY1}&format=csv`, token);
    const lines = parseCsv(items.body as string);
    expect(lines.find((r) => r.label === 'Es Teh')).toMatchObject({ quantity: '3', gross_sales: '37035.00' });
    expect(lines.at(-1)).toMatchObject({
      key: 'total',
      gross_sales: '42035.00',
      previous_gross_sales: '0.00',
    });
  });
});

describe('reports: rebuilt from the event log', () => {
  it('throwing the rollups away and replaying the log gives the same reports', async () => {
    const path = `/v1/reports/items?from=${DAY1}&to=${REFUND_DAY}`;
    const before = await report(path);
    const summary = await report(`/v1/reports/sales-summary?from=${DAY1}&to=${REFUND_DAY}`);
    await rebuild(t.database.db, f.tenantId);
    expect(await report(path)).toEqual(before);
    expect(await report(`/v1/reports/sales-summary?from=${DAY1}&to=${REFUND_DAY}`)).toEqual(summary);
    expect((await report('/v1/reports/check')).ok).toBe(true);
  });
});

describe('reports: boundaries', () => {
  it('another tenant sees none of it, and cannot name this tenant’s outlet', async () => {
    const other = await createTenant(t.app, 'Other');
    const api = client(t.app);
    const r = await api.get(`/v1/reports/sales-summary?from=${DAY1}`, other.ownerToken);
    expect(r.status).toBe(200);
    expect(r.body.current.orders).toBe(0);
    const cross = await api.get(`/v1/reports/items?from=${DAY1}&outletId=${f.outletId}`, other.ownerToken);
    expect(cross.status).toBe(404);
    expect(cross.headers['content-type']).toMatch(/problem\+json/);
  });

  it('bad periods are 4xx problems with stable codes', async () => {
    const api = client(t.app);
    expect((await api.get('/v1/reports/items?from=2026-13-01', token)).status).toBe(400);
    const reversed = await api.get('/v1/reports/items?from=2026-03-10&to=2026-03-01', token);
    expect(reversed.status).toBe(422);
    expect(reversed.body.code).toBe('reports.period_invalid');
    const long = await api.get('/v1/reports/hours?from=2024-01-01&to=2026-01-01', token);
    expect(long.body.code).toBe('reports.period_invalid');
    expect((await api.get('/v1/reports/items?from=2026-02-30', token)).status).toBeGreaterThanOrEqual(400);
  });

  it('needs reports:read', async () => {
    expect((await client(t.app).get(`/v1/reports/sales-summary?from=${DAY1}`)).status).toBe(401);
  });
});
