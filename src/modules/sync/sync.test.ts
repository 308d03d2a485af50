import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids/ids.ts';
import {
  addStaff,
  client,
  createTenant,
  createTestApp,
  pairDevice,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';

let t: TestApp;
let f: TenantFixture;
let api: ReturnType<typeof client>;
let cashier: Awaited<ReturnType<typeof addStaff>>;
let till1: string; // a PIN session on device 1 (register 1)
let till2: string; // a PIN session on device 2 (register 2, same outlet)
const PB1 = { id: '', name: 'PB1', ratePpm: 100_000, inclusive: false };
let drink: { id: string; variants: { id: string; name: string; price: number }[] };
let snack: { id: string; variants: { id: string; name: string; price: number }[] };
let sequence = 0;

let device1: string;
async function pinSession(deviceToken: string, who = cashier): Promise<string> {
  const res = await api.post('/v1/auth/pin', { membershipId: who.membershipId, pin: '4321' }, deviceToken);
  expect(res.status).toBe(200);
  return res.body.accessToken as string;
}

async function reserve(token: string, size = 5) {
  const res = await api.post('/v1/sync/receipt-blocks', { size }, token);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; firstNumber: number; lastNumber: number };
}

/** A sale as the register records it offline: 2 drinks (PB1 exclusive) + 1 snack, paid cash. */
function offlineSale(
  block: { id: string },
  receiptNumber: number,
  o: { drinkPrice?: number; item?: typeof drink; refunds?: unknown[]; total?: number } = {},
) {
  const drinkPrice = o.drinkPrice ?? drink.variants[0]!.price;
  const item = o.item ?? drink;
  const subtotal = drinkPrice * 2 + snack.variants[0]!.price;
  const total = o.total ?? subtotal + Math.round((drinkPrice * 2) / 10);
  const paymentId = newId();
  sequence += 1;
  return {
    clientId: newId(),
    sequence,
    deviceTime: new Date().toISOString(),
    catalogVersion: '1',
    blockId: block.id,
    receiptNumber,
    total,
    diningOption: 'takeaway',
    lines: [
      {
        id: newId(),
        itemId: item.id,
        variantId: item.variants[0]!.id,
        quantity: 2,
        sold: {
          name: 'Es Teh',
          variantName: 'Regular',
          unitPrice: drinkPrice,
          modifiers: [],
          taxRates: [PB1],
        },
      },
      {
        id: newId(),
        itemId: snack.id,
        variantId: snack.variants[0]!.id,
        quantity: 1,
        sold: {
          name: 'Kerupuk',
          variantName: 'Bag',
          unitPrice: snack.variants[0]!.price,
          modifiers: [],
          taxRates: [],
        },
      },
    ],
    payments: [{ id: paymentId, method: 'cash', tendered: total + 100_000 }],
    ...(o.refunds ? { refunds: o.refunds.map((r) => ({ paymentId, ...(r as { id: string }) })) } : {}),
  };
}

async function events(type: string, after = '0') {
  const res = await api.get(`/v1/events?after=${after}&limit=1000`, f.ownerToken);
  return (res.body.items as { type: string; orderId: string | null; payload: any }[]).filter(
    (e) => e.type === type,
  );
}

beforeAll(async () => {
  t = await createTestApp();
  api = client(t.app);
  f = await createTenant(t.app, 'Offline Café');
  cashier = await addStaff(t.app, f, 'cashier', { pin: '4321' });
  const tk = f.ownerToken;
  const pb1 = await api.post(
    '/v1/catalog/tax-rates',
    { name: 'PB1', ratePpm: 100_000, inclusive: false },
    tk,
  );
  PB1.id = pb1.body.id;
  drink = (
    await api.post(
      '/v1/catalog/items',
      { name: 'Es Teh', taxRateIds: [pb1.body.id], variants: [{ name: 'Regular', price: 1_000_000 }] },
      tk,
    )
  ).body;
  snack = (
    await api.post('/v1/catalog/items', { name: 'Kerupuk', variants: [{ name: 'Bag', price: 500_000 }] }, tk)
  ).body;
  const register2 = await api.post('/v1/registers', { outletId: f.outletId, name: 'Kasir 2' }, tk);
  device1 = await pairDevice(t.app, f);
  till1 = await pinSession(device1);
  till2 = await pinSession(await pairDevice(t.app, f, register2.body.id));
});
afterAll(async () => {
  await t?.close();
});

describe('offline sync', () => {
  it('refuses a session that was not opened on a paired device', async () => {
    const res = await api.post('/v1/sync/receipt-blocks', {}, cashier.token);
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(res.body.code).toBe('sync.forbidden');
  });

  it('records each sale once, in sequence order, with its reserved number; a replay changes nothing', async () => {
    const b1 = await reserve(till1);
    const b2 = await reserve(till2);
    // The blocks come from one counter: they never overlap, and an online sale takes the next number.
    expect(b2.firstNumber).toBe(b1.lastNumber + 1);
    const sales = [0, 1, 2].map((i) => offlineSale(b1, b1.firstNumber + i));
    const shuffled = [sales[2]!, sales[0]!, sales[1]!];
    const res = await api.post('/v1/sync/sales', { sales: shuffled }, till1);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.map((r: any) => [r.sequence, r.status, r.reasons])).toEqual(
      sales.map((s) => [s.sequence, 'accepted', []]),
    );
    for (const s of sales) {
      const o = await api.get(`/v1/orders/${s.clientId}`, f.ownerToken);
      expect(o.body).toMatchObject({ status: 'completed', total: s.total, receiptNumber: s.receiptNumber });
    }
    // Completed in sequence order: the order.completed events come in that order.
    const completed = (await events('order.completed')).map((e) => e.orderId);
    expect(completed).toEqual(sales.map((s) => s.clientId));
    expect((await events('payment.completed')).length).toBe(3);

    // The acknowledgement was lost: the register sends the same upload again.
    const again = await api.post('/v1/sync/sales', { sales }, till1);
    expect(again.body.results.map((r: any) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect((await events('order.completed')).length).toBe(3);
    const orders = await api.get(`/v1/orders?outletId=${f.outletId}&limit=200`, f.ownerToken);
    expect(orders.body.items?.length, JSON.stringify(orders.body)).toBe(3);

    // Device 2 sells from its own block, an online sale takes the number after both blocks.
    const s2 = offlineSale(b2, b2.firstNumber);
    expect((await api.post('/v1/sync/sales', { sales: [s2] }, till2)).body.results[0].status).toBe(
      'accepted',
    );
    const online = await api.post(
      '/v1/sales',
      {
        outletId: f.outletId,
        diningOption: 'takeaway',
        lines: [{ itemId: snack.id, variantId: snack.variants[0]!.id, quantity: 1 }],
        payments: [{ method: 'cash', tendered: 500_000 }],
      },
      cashier.token,
    );
    expect(online.status, JSON.stringify(online.body)).toBe(201);
    expect(online.body.order.receiptNumber).toBe(b2.lastNumber + 1);

    // Releasing the blocks voids the unused numbers: used + voided = every number, no gap.
    for (const [token, b] of [
      [till1, b1],
      [till2, b2],
    ] as const) {
      const rel = await api.post(`/v1/sync/receipt-blocks/${b.id}/release`, undefined, token);
      expect(rel.status, JSON.stringify(rel.body)).toBe(200);
      const all = Array.from({ length: b.lastNumber - b.firstNumber + 1 }, (_, i) => b.firstNumber + i);
      const used = all.filter((n) => !rel.body.voidedNumbers.includes(n));
      expect(used.length).toBe(rel.body.used);
    }
    expect((await api.post(`/v1/sync/receipt-blocks/${b1.id}/release`, undefined, till2)).status).toBe(404);
    const check = await api.get('/v1/ledger/check', f.ownerToken);
    expect(check.body.ok, JSON.stringify(check.body)).toBe(true);
  });

  it('a sale made at an old price stands at the price paid; the report and an alert say so', async () => {
    const b = await reserve(till1);
    const after = String((await api.get('/v1/events?limit=1000', f.ownerToken)).body.items.at(-1).seq);
    const old = drink.variants[0]!.price;
    const changed = await api.patch(
      `/v1/catalog/items/${drink.id}`,
      { variants: [{ id: drink.variants[0]!.id, name: 'Regular', price: old + 200_000 }] },
      f.ownerToken,
    );
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const sale = offlineSale(b, b.firstNumber, { drinkPrice: old });
    const res = await api.post('/v1/sync/sales', { sales: [sale] }, till1);
    const r = res.body.results[0];
    expect(r.status).toBe('accepted');
    expect(r.reasons).toEqual([
      expect.objectContaining({ code: 'price_changed', paid: old, current: old + 200_000 }),
    ]);
    const o = await api.get(`/v1/orders/${sale.clientId}`, f.ownerToken);
    expect(o.body.total).toBe(sale.total);
    expect(o.body.lines[0].unitPrice).toBe(old);
    const reports = await api.get('/v1/sync/reports', f.ownerToken);
    expect(reports.body.items[0]).toMatchObject({ saleId: sale.clientId, outcome: 'accepted' });
    expect(reports.body.items[0].reasons[0].message).toMatch(/price changed/);
    const alerts = await events('alert', after);
    expect(alerts.map((a) => a.payload.kind)).toEqual(['sync.conflict']);
    expect(alerts[0]!.payload.message).toMatch(/price changed/);
    drink.variants[0]!.price = old + 200_000;
  });

  it('an archived item still syncs; what the server refuses comes back as a conflict, once', async () => {
    const b = await reserve(till1);
    const gone = (
      await api.post(
        '/v1/catalog/items',
        { name: 'Es Jeruk', variants: [{ name: 'Regular', price: 1_000_000 }] },
        f.ownerToken,
      )
    ).body;
    const soldWhileLive = offlineSale(b, b.firstNumber, {
      item: gone,
      drinkPrice: 1_000_000,
      total: 2_500_000,
    });
    soldWhileLive.lines[0]!.sold.taxRates = [];
    expect((await api.patch(`/v1/catalog/items/${gone.id}`, { archived: true }, f.ownerToken)).status).toBe(
      200,
    );
    // A number that is not in this device's block: the server cannot accept it.
    const badNumber = offlineSale(b, b.lastNumber + 1000);
    const res = await api.post('/v1/sync/sales', { sales: [soldWhileLive, badNumber] }, till1);
    expect(res.body.results[0]).toMatchObject({
      status: 'accepted',
      reasons: [{ code: 'item_unavailable' }],
    });
    expect(res.body.results[1]).toMatchObject({
      status: 'conflict',
      outcome: 'refused',
      orderId: null,
      reasons: [{ code: 'sync.receipt_number_invalid' }],
    });
    expect((await api.get(`/v1/orders/${badNumber.clientId}`, f.ownerToken)).status).toBe(404);
    const again = await api.post('/v1/sync/sales', { sales: [badNumber] }, till1);
    expect(again.body.results[0]).toMatchObject({ status: 'duplicate', outcome: 'refused' });
    const reports = (await api.get('/v1/sync/reports', f.ownerToken)).body.items;
    expect(reports.filter((r: any) => r.saleId === badNumber.clientId)).toHaveLength(1);
  });

  it('sales recorded several per transaction: one the server refuses leaves the others exact', async () => {
    const b = await reserve(till1, 16);
    // In sequence: alone, two, four, then up to eight together (fewer when a batch would hold the
    // outlet's order counter too long). The 5th was sold at the old price; the 11th is refused (the
    // register charged less than the order comes to), so its batch is recorded again one by one.
    const old = drink.variants[0]!.price - 200_000; // changed by the "old price" story above
    const sales = Array.from({ length: 16 }, (_, i) =>
      offlineSale(b, b.firstNumber + i, i === 10 ? { total: 100 } : i === 4 ? { drinkPrice: old } : {}),
    );
    const before = (await events('order.completed')).length;
    const reports = (await api.get('/v1/sync/reports?limit=100', f.ownerToken)).body.items.length;
    const res = await api.post('/v1/sync/sales', { sales }, till1);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(
      res.body.results.map((r: any) => [r.sequence, r.status, r.reasons.map((x: any) => x.code)]),
    ).toEqual(
      sales.map((s, i) => [
        s.sequence,
        i === 10 ? 'conflict' : 'accepted',
        i === 10 ? ['sync.total_mismatch'] : i === 4 ? ['price_changed'] : [],
      ]),
    );
    expect(res.body.results[10]).toMatchObject({ outcome: 'refused', orderId: null });
    expect((await api.get(`/v1/orders/${sales[10]!.clientId}`, f.ownerToken)).status).toBe(404);
    const stated = (await api.get('/v1/sync/reports?limit=100', f.ownerToken)).body.items;
    expect(stated.slice(0, stated.length - reports).map((r: any) => [r.saleId, r.outcome])).toEqual([
      [sales[10]!.clientId, 'refused'],
      [sales[4]!.clientId, 'accepted'],
    ]);
    const accepted = sales.filter((_, i) => i !== 10);
    const completed = (await events('order.completed')).slice(before).map((e) => e.orderId);
    expect(completed).toEqual(accepted.map((s) => s.clientId));
    for (const s of accepted) {
      const o = await api.get(`/v1/orders/${s.clientId}`, f.ownerToken);
      expect(o.body).toMatchObject({ status: 'completed', receiptNumber: s.receiptNumber });
    }
    const again = await api.post('/v1/sync/sales', { sales }, till1);
    expect(again.body.results.map((r: any) => [r.status, r.outcome, r.reasons])).toEqual(
      res.body.results.map((r: any) => ['duplicate', r.outcome, r.reasons]),
    );
    expect((await events('order.completed')).length).toBe(before + accepted.length);
    expect((await api.get('/v1/ledger/check', f.ownerToken)).body.ok).toBe(true);
  });

  it('refunds given offline follow their sale through the refund path, once', async () => {
    const b = await reserve(till1);
    const refund = () => ({
      id: newId(),
      amount: 500_000,
      reason: 'cold',
      destination: 'cash',
      deviceTime: new Date().toISOString(),
    });
    // A cashier may not refund without a manager: the sale stands, the refund is refused and reported.
    const byCashier = offlineSale(b, b.firstNumber, { refunds: [refund()] });
    const refused = await api.post('/v1/sync/sales', { sales: [byCashier] }, till1);
    expect(refused.body.results[0], JSON.stringify(refused.body)).toMatchObject({
      status: 'accepted',
      refunds: [{ status: 'conflict', reasons: [{ code: 'auth.forbidden' }] }],
    });
    // A manager signed in on the register refunds offline: recorded after the sale, once.
    const manager = await addStaff(t.app, f, 'manager', { pin: '4321' });
    const tillManager = await pinSession(device1, manager);
    const sale = offlineSale(b, b.firstNumber + 1, { refunds: [refund()] });
    const refundId = sale.refunds![0]!.id;
    const res = await api.post('/v1/sync/sales', { sales: [sale] }, tillManager);
    expect(res.body.results[0], JSON.stringify(res.body)).toMatchObject({
      status: 'accepted',
      refunds: [{ id: refundId, status: 'accepted' }],
    });
    const again = await api.post('/v1/sync/sales', { sales: [byCashier, sale] }, tillManager);
    expect(again.body.results.map((r: any) => [r.status, r.refunds[0].status])).toEqual([
      ['duplicate', 'duplicate'],
      ['duplicate', 'duplicate'],
    ]);
    const o = await api.get(`/v1/orders/${sale.clientId}`, f.ownerToken);
    expect(o.body.paidAmount).toBe(sale.total - 500_000);
    expect((await events('payment.refunded')).length).toBe(1);
    const check = await api.get('/v1/ledger/check', f.ownerToken);
    expect(check.body.ok, JSON.stringify(check.body)).toBe(true);
  });

  it('revoking a device voids the numbers it still held (it can never upload them), once', async () => {
    const register3 = await api.post(
      '/v1/registers',
      { outletId: f.outletId, name: 'Kasir 3' },
      f.ownerToken,
    );
    const till3 = await pinSession(await pairDevice(t.app, f, register3.body.id));
    const b = await reserve(till3, 5);
    const used = await api.post('/v1/sync/sales', { sales: [offlineSale(b, b.firstNumber + 1)] }, till3);
    expect(used.body.results[0].status, JSON.stringify(used.body)).toBe('accepted');
    const devices = await api.get('/v1/devices?limit=100', f.ownerToken);
    const device = (devices.body.items as { id: string; registerId: string }[]).find(
      (d) => d.registerId === register3.body.id,
    )!;
    const revoked = await api.delete(`/v1/devices/${device.id}`, f.ownerToken);
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    const row = await t.app.db
      .selectFrom('receipt_blocks')
      .select(['released_at'])
      .where('tenant_id', '=', f.tenantId)
      .where('id', '=', b.id)
      .executeTakeFirstOrThrow();
    expect(row.released_at).not.toBeNull();
    const audit = await api.get(`/v1/audit?limit=100&targetId=${b.id}`, f.ownerToken);
    const released = (audit.body.items as { action: string; targetId: string; after: any }[]).filter(
      (a) => a.action === 'receipt_block.released' && a.targetId === b.id,
    );
    expect(released).toHaveLength(1);
    expect(released[0]!.after.voidedNumbers).toEqual([
      b.firstNumber,
      b.firstNumber + 2,
      b.firstNumber + 3,
      b.firstNumber + 4,
    ]);
    // Revoking again changes nothing (the block is released once).
    expect((await api.delete(`/v1/devices/${device.id}`, f.ownerToken)).status).toBe(200);
    const again = await api.get(`/v1/audit?limit=100&targetId=${b.id}`, f.ownerToken);
    expect(
      (again.body.items as { action: string; targetId: string }[]).filter(
        (a) => a.action === 'receipt_block.released' && a.targetId === b.id,
      ),
    ).toHaveLength(1);
  });
});
