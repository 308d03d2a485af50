// Settlements per business day in the outlet's time zone, across the night Europe/Berlin moves its
// clocks forward (2026-03-29, 02:00 CET → 03:00 CEST): hand-computed figures, the previous period,
// a refund on a later day, and the CSV equal to the JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../test/support/csv.ts';
import { seedPaymentMenu, type PaymentMenu } from '../../../test/support/payments.ts';
import {
  client,
  createManualClock,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { settlementReport, type SettlementFact } from './settlements.ts';

const clock = createManualClock(new Date('2026-03-20T10:00:00Z'));
let t: TestApp;
let f: TenantFixture;
let menu: PaymentMenu;
let token: string;
let berlin: string;
let register: string;
const sales: Record<string, { payments: Array<{ id: string }> }> = {};

async function at(iso: string) {
  clock.set(new Date(iso));
  token = (await client(t.app).post('/v1/auth/login', { email: f.email, password: f.password })).body
    .accessToken;
}

async function sell(name: string, snacks: number, payment: Record<string, unknown>) {
  const res = await client(t.app).post(
    '/v1/sales',
    {
      outletId: berlin,
      registerId: register,
      diningOption: 'takeaway',
      lines: [{ itemId: menu.snack.id, variantId: menu.snack.variants[0].id, quantity: snacks }],
      payments: [payment],
    },
    token,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  sales[name] = res.body;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  f = await createTenant(t.app, 'Settlement Café');
  token = f.ownerToken;
  menu = await seedPaymentMenu(t, f); // Kerupuk: Rp 5.000 (500,000 sen), untaxed
  const api = client(t.app);
  berlin = (await api.post('/v1/outlets', { name: 'Berlin', timezone: 'Europe/Berlin' }, token)).body.id;
  register = (await api.post('/v1/registers', { outletId: berlin, name: 'Kasse 1' }, token)).body.id;

  // The week before: one cash sale (the previous period of 2026-03-28..29 is 03-26..27).
  await at('2026-03-27T12:00:00Z');
  await sell('previous', 1, { method: 'cash', tendered: 500_000 });
  // 2026-03-28 23:30 UTC = 00:30 CET on Sunday 03-29 (UTC+1).
  await at('2026-03-28T23:30:00Z');
  await sell('sundayCash', 2, { method: 'cash', tendered: 1_000_000 });
  // 2026-03-29 21:30 UTC = 23:30 CEST on Sunday 03-29 (UTC+2): with a fixed +1 it would be 22:30, same
  // day; 2026-03-29 22:30 UTC = 00:30 CEST on Monday 03-30 — a fixed +1 would put it on Sunday.
  await at('2026-03-29T21:30:00Z');
  await sell('sundayCard', 1, {
    method: 'card',
    amount: 500_000,
    tipAmount: 100_000,
    card: { brand: 'visa', last4: '4242' },
  });
  await at('2026-03-29T22:30:00Z');
  await sell('monday', 3, { method: 'cash', tendered: 1_500_000 });
  // Monday noon: the Sunday card sale is refunded.
  await at('2026-03-30T10:00:00Z');
  const refund = await api.post(
    `/v1/payments/${sales.sundayCard!.payments[0]!.id}/refunds`,
    { amount: 500_000, reason: 'changed mind' },
    token,
  );
  expect(refund.status, JSON.stringify(refund.body)).toBe(201);
});
afterAll(async () => {
  await t.close();
});

async function report(query: string) {
  const res = await client(t.app).get(`/v1/reports/settlements?${query}&outletId=${berlin}`, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('settlements by business day', () => {
  it('puts each payment on its local business day across the DST change', async () => {
    const r = await report('from=2026-03-28&to=2026-03-29');
    expect(r.previousPeriod).toEqual({ from: '2026-03-26', to: '2026-03-27' });
    const days = Object.fromEntries(r.days.map((d: any) => [d.date, d]));
    expect(days['2026-03-28']).toMatchObject({ payments: 0, gross: 0 });
    expect(days['2026-03-29']).toMatchObject({ payments: 2, gross: 1_500_000, tips: 100_000, refunds: 0 });
    expect(days['2026-03-29'].tenders.map((x: any) => [x.key, x.gross])).toEqual([
      ['card', 500_000],
      ['cash', 1_000_000],
    ]);
    expect(r.current).toMatchObject({ payments: 2, gross: 1_500_000, tips: 100_000, net: 1_600_000 });
    expect(r.previous).toMatchObject({ payments: 1, gross: 500_000, net: 500_000 });
    const rows = Object.fromEntries(r.rows.map((x: any) => [x.key, x]));
    expect(rows.cash.current.gross).toBe(1_000_000);
    expect(rows.cash.previous.gross).toBe(500_000);
    expect(rows.card.label).toBe('Card');
  });

  it('counts a refund on the day it was paid back, against its tender', async () => {
    const r = await report('from=2026-03-30');
    expect(r.current).toMatchObject({
      payments: 1,
      gross: 1_500_000,
      refunds: 1,
      refunded: 500_000,
      net: 1_000_000,
    });
    const card = r.rows.find((x: any) => x.key === 'card');
    expect(card.current).toMatchObject({ payments: 0, refunds: 1, refunded: 500_000, net: -500_000 });
    expect(card.previous).toMatchObject({ payments: 1, gross: 500_000, tips: 100_000 });
  });

  it('streams the same figures as CSV', async () => {
    const res = await client(t.app).get(
      `/v1/reports/settlements?from=2026-03-28&to=2026-03-30&outletId=${berlin}&format=csv`,
      token,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = parseCsv(res.body);
    const total = rows.find((r) => r.row === 'total')!;
    expect(total).toMatchObject({ payments: '3', gross: '30000.00', refunded: '5000.00', net: '26000.00' });
    const dayLines = rows.filter((r) => r.row === 'day');
    expect(dayLines.map((r) => [r.date, r.tender, r.gross])).toEqual([
      ['2026-03-29', 'card', '5000.00'],
      ['2026-03-29', 'cash', '10000.00'],
      ['2026-03-30', 'card', '0.00'],
      ['2026-03-30', 'cash', '15000.00'],
    ]);
  });

  it('an outlet the caller may not see, or a bad period, is a 4xx', async () => {
    const res = await client(t.app).get('/v1/reports/settlements?from=2026-03-30&to=2026-03-01', token);
    expect(res.status).toBe(422);
  });
});

describe('settlementReport (pure)', () => {
  it('days, tender rows and totals add up', () => {
    const fig = (gross: number, refunded = 0) => ({
      payments: gross > 0 ? 1 : 0,
      gross,
      tips: 0,
      refunds: refunded > 0 ? 1 : 0,
      refunded,
      platformFees: 0,
      processingFees: 0,
      net: gross - refunded,
    });
    const facts: SettlementFact[] = [
      { date: '2026-01-01', tender: 'cash', figures: fig(100) },
      { date: '2026-01-02', tender: 'gateway:xendit', figures: fig(50, 20) },
    ];
    const r = settlementReport({ from: '2026-01-01', to: '2026-01-03', days: 3 }, facts, []);
    expect(r.days.map((d) => d.net)).toEqual([100, 30, 0]);
    expect(r.current.net).toBe(130);
    expect(r.rows.map((x) => [x.key, x.label, x.current.net])).toEqual([
      ['cash', 'Cash', 100],
      ['gateway:xendit', 'Gateway (xendit)', 30],
    ]);
  });
});
